#include "facellava/model/trained_tasks.h"

#include <algorithm>
#include <filesystem>

#include "engine/trained_tasks_config.h"
#include "facellava/core/error.h"

namespace facellava::model {
namespace {

std::string join(const std::vector<std::string>& names, const char* separator) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty())
            out += separator;
        out += name;
    }
    return out;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

[[noreturn]] void refuse(const std::string& why, const std::string& config_path) {
    throw Error(std::string("config key '") + kTrainedTasksKey + "': " + why, config_path,
                "list some of " + join(known_task_names(), ", ") +
                    " (e.g. [\"expression\", \"age\"]), or remove the key for the paper's tasks");
}

}  // namespace

const std::vector<std::string>& known_task_names() {
    static const std::vector<std::string> names = {
        "expression", "action_units", "attributes", "age", "gender", "deepfake", "description"};
    return names;
}

const std::vector<std::string>& paper_task_names() {
    static const std::vector<std::string> names = {"expression", "action_units", "attributes",
                                                   "age", "deepfake"};
    return names;
}

bool TrainedTasks::knows(const std::string& task) const {
    return contains(names, task);
}

std::string TrainedTasks::joined(const char* separator) const {
    return join(names, separator);
}

TrainedTasks trained_tasks_from_config(const io::Json& config, const std::string& config_path) {
    TrainedTasks tasks;
    tasks.config_path = config_path;
    if (!config.is_object() || !config.contains(kTrainedTasksKey) ||
        config.at(kTrainedTasksKey).is_null()) {
        tasks.names = paper_task_names();
        return tasks;
    }
    const io::Json& value = config.at(kTrainedTasksKey);
    if (!value.is_array())
        refuse("expected a list of task names, got " + value.dump(), config_path);
    std::vector<std::string> given;
    for (const auto& item : value) {
        if (!item.is_string())
            refuse("expected task names (strings), got " + item.dump(), config_path);
        const std::string name = item.get<std::string>();
        if (!contains(known_task_names(), name))
            refuse("unknown task '" + name + "'", config_path);
        given.push_back(name);
    }
    // One order everywhere (the CLI's default --tasks, the GUI's boxes),
    // whatever order the file lists them in; repeats collapse.
    tasks.listed = true;
    for (const auto& name : known_task_names())
        if (contains(given, name))
            tasks.names.push_back(name);
    return tasks;
}

TrainedTasks read_trained_tasks(const std::string& checkpoint_dir) {
    const std::string config_path =
        (std::filesystem::path(checkpoint_dir) / "config.json").string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config_path, ec))
        throw Error("config.json not found in the checkpoint folder", config_path,
                    "a Face-LLaVA checkpoint folder needs its config.json");
    return trained_tasks_from_config(io::read_json_file(config_path), config_path);
}

}  // namespace facellava::model
