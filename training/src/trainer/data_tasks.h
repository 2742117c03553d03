// The tasks a trained model knows, in the names of its config.json's
// "facellava_tasks" (facellava/model/trained_tasks.h), from the FaceInstruct
// task names of its training data ("rafdb", "disfa", "nano_gender",
// "nano_describe"…). The trainer writes them into the final model's config so
// the CLI and GUI ask it only what it was trained for.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace facellava::training {

// Each data task by its metric family (metrics/answer_scoring.h, with the
// eval.task_kinds overrides); a task of no family whose name says
// describe / description / caption is "description"; other tasks (free
// instructions) and tasks of weight 0 (data.task_weights: left out) add none.
// In known_task_names() order, each once.
std::vector<std::string> model_tasks_in_data(const std::vector<std::string>& data_tasks,
                                             const std::map<std::string, double>& task_weights,
                                             const std::map<std::string, std::string>& task_kinds);

}  // namespace facellava::training
