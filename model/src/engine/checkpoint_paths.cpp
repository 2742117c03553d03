#include "engine/checkpoint_paths.h"

#include <filesystem>

#include "facellava/core/error.h"
#include "vision/image_tower.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

// A tower location: the config key (absolute, or relative to the checkpoint
// folder) when it names something on disk, else the conventional sub-folder.
// Hub names such as "LanguageBind/LanguageBind_Image" are not fetched.
std::string tower_location(const std::string& dir, const io::Json& config, const char* key,
                           const char* folder) {
    if (config.contains(key) && config.at(key).is_string()) {
        fs::path named = config.at(key).get<std::string>();
        if (named.is_relative())
            named = fs::path(dir) / named;
        if (fs::exists(named))
            return named.string();
    }
    const fs::path conventional = fs::path(dir) / folder;
    if (fs::exists(conventional))
        return conventional.string();
    throw Error(std::string("the ") + folder + " weights were not found", conventional.string(),
                std::string("place the tower checkpoint in this folder, or set \"") + key +
                    "\" in config.json to its path (nothing is downloaded)");
}

bool config_wants(const io::Json& config, const char* embedded_key, const char* path_key) {
    return config.contains(embedded_key) ||
           (config.contains(path_key) && !config.at(path_key).is_null());
}

}  // namespace

CheckpointPaths resolve_checkpoint(const std::string& dir, const io::Json& config) {
    CheckpointPaths paths;
    paths.dir = dir;
    paths.config = (fs::path(dir) / "config.json").string();
    paths.tokenizer = (fs::path(dir) / "tokenizer.model").string();
    if (!fs::exists(paths.tokenizer)) {
        throw Error("tokenizer.model not found in the checkpoint folder", paths.tokenizer,
                    "copy the model's SentencePiece tokenizer.model next to config.json");
    }
    // FaceLLaVA-Nano's face-api tower has no folder: its nets come from the
    // face-api package (vision/image_tower.h).
    if (config_wants(config, "image_tower_config", "mm_image_tower") &&
        !config_uses_faceapi_tower(config)) {
        paths.image_tower = tower_location(dir, config, "mm_image_tower", "image_tower");
    }
    if (config_wants(config, "video_tower_config", "mm_video_tower")) {
        paths.video_tower = tower_location(dir, config, "mm_video_tower", "video_tower");
    }
    return paths;
}

std::optional<io::Json> tower_config(const std::string& tower_path) {
    if (!fs::is_directory(tower_path))
        return std::nullopt;
    const fs::path file = fs::path(tower_path) / "config.json";
    if (!fs::exists(file))
        return std::nullopt;
    io::Json json = io::read_json_file(file.string());
    if (json.contains("vision_config") && json.at("vision_config").is_object())
        return json.at("vision_config");
    return json;
}

}  // namespace facellava::model
