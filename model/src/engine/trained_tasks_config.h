// The "facellava_tasks" key of a config.json already read (the engine's load
// reads the file once; read_trained_tasks reads it for callers without an engine).
#pragma once

#include <string>

#include "facellava/model/trained_tasks.h"
#include "io/json_config.h"

namespace facellava::model {

// Throws facellava::Error naming `config_path` and the key when its value is
// not a list of known_task_names().
TrainedTasks trained_tasks_from_config(const io::Json& config, const std::string& config_path);

}  // namespace facellava::model
