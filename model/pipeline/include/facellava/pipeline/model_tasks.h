// The questions a batch job asks Face-LLaVA about each face, one per task, and
// how each answer becomes a label (model/answer_parsers.h). One table, so the
// CLI, the GUI and docs/CSV.md list the same tasks with the same wording.
//
// Thread-safety: the table is a constant; label() is pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "facellava/model/trained_tasks.h"

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
// "expression,action_units,…": every task of the table.
std::string all_model_task_names();

// The tasks of the table a checkpoint was trained for (its config.json's
// "facellava_tasks", model/trained_tasks.h), in table order: the default
// task set. Nano: expression, age.
std::vector<std::string> supported_model_task_names(const model::TrainedTasks& trained);
// Throws facellava::Error naming the checkpoint's config.json and the tasks it
// supports when one of `asked` is unknown or not a task it was trained for
// (a model answers a question it was not trained for with one it was: Nano
// names an expression when asked for action units).
void check_model_tasks_supported(const std::vector<std::string>& asked,
                                 const model::TrainedTasks& trained);

}  // namespace facellava::pipeline
