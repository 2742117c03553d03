// Sampling defaults a released checkpoint ships in generation_config.json
// (transformers' GenerationConfig): used when the user sets none.
#pragma once

#include <optional>
#include <string>

#include "facellava/model/engine.h"

namespace facellava::model {

// std::nullopt when the folder has no generation_config.json. do_sample false
// (or absent, transformers' default) means greedy: temperature 0.
// Throws facellava::Error naming the file when it is not valid JSON.
std::optional<GenerationSettings> read_generation_defaults(const std::string& checkpoint_dir);

}  // namespace facellava::model
