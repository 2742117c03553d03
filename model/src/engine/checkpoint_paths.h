// Where the parts of a checkpoint folder are (see facellava/model/engine.h for
// the layout). Resolving is separate from loading so errors can name exactly
// which file is missing before anything heavy happens.
#pragma once

#include <optional>
#include <string>

#include "io/json_config.h"

namespace facellava::model {

struct CheckpointPaths {
    std::string dir;
    std::string config;       // config.json
    std::string tokenizer;    // tokenizer.model
    std::string image_tower;  // folder or file; empty when the config has no image tower or
                              // uses the face-api tower (weights from the face-api package)
    std::string video_tower;  // folder or file; empty when the config has no video tower
};

// Throws facellava::Error naming the missing file and what to do.
CheckpointPaths resolve_checkpoint(const std::string& dir, const io::Json& config);

// The tower's own config.json (CLIP vision config, possibly nested under
// "vision_config") when the folder has one.
std::optional<io::Json> tower_config(const std::string& tower_path);

}  // namespace facellava::model
