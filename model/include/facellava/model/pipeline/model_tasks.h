// The questions a batch job asks Face-LLaVA about each face, one per task, and
// how each answer becomes a label (model/answer_parsers.h). One table, so the
// CLI, the GUI and docs/CSV.md list the same tasks with the same wording.
//
// Thread-safety: the table is a constant; label() is pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace facellava::pipeline {

struct ModelTask {
    const char* name;      // CSV columns llava_<name> and llava_<name>_label
    const char* question;  // asked as the user turn, one face crop attached
    // The parsed label as one CSV cell ("" when the answer names none):
    // expression: RAF-DB label ("happiness"); action_units: AU numbers joined
    // by ';' ("6;12"); attributes: the CelebA attributes present, joined by ';';
    // age: years, one decimal; deepfake: "real" or "fake".
    std::string (*label)(std::string_view answer);
};

// expression, action_units, attributes, age, deepfake — in this order.
const std::vector<ModelTask>& model_tasks();
// Throws facellava::Error listing the known names when `name` is not one.
const ModelTask& find_model_task(const std::string& name);
// "expression,action_units,…": the default --tasks value.
std::string all_model_task_names();

}  // namespace facellava::pipeline
