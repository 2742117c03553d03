// What a Face-LLaVA checkpoint was trained to answer. Its config.json may
// list the tasks ("facellava_tasks": ["expression", "age", "gender",
// "description"], docs/MODELS.md); the trainer writes the list from the tasks
// of its training data, and the CLI and GUI refuse or mark the others instead
// of printing, say, an expression as an action-unit answer. The released
// Face-LLaVA checkpoints have no such key: they know the paper's tasks.
//
// Torch-free. Thread-safety: the name tables are constants; TrainedTasks is a
// plain value.
#pragma once

#include <string>
#include <vector>

namespace facellava::model {

// The config.json key.
inline constexpr const char* kTrainedTasksKey = "facellava_tasks";

// Every name the key may hold, in this order: expression, action_units,
// attributes, age, gender, deepfake, description. The first five and their
// questions are pipeline/model_tasks.h's; gender and description are asked
// in the chat only.
const std::vector<std::string>& known_task_names();
// The paper's tasks (FACELLAVA_SPEC §7, §9): expression, action_units,
// attributes, age, deepfake — what a checkpoint without the key is taken to know.
const std::vector<std::string>& paper_task_names();

struct TrainedTasks {
    std::vector<std::string> names;  // in known_task_names() order; may be empty
    bool listed = false;             // false: no key, `names` are the paper's tasks
    std::string config_path;         // the config.json they come from

    bool knows(const std::string& task) const;
    std::string joined(const char* separator = ", ") const;  // "expression, age"
};

// Reads `checkpoint_dir`/config.json (nothing else). Throws facellava::Error
// naming config.json when it cannot be read, or when the key is not a list of
// known task names.
TrainedTasks read_trained_tasks(const std::string& checkpoint_dir);

}  // namespace facellava::model
