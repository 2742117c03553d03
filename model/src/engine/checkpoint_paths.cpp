#include "engine/checkpoint_paths.h"

#include <filesystem>

#include "engine/tower_resolver.h"
#include "facellava/core/error.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

// A tower's folder by the engine's search order (tower_resolver.h), embedded
// weights aside: the trainer reads towers from folders and caches.
std::string tower_location(const std::string& dir, const io::Json& config,
                           const std::string& part) {
    TowerQuery query;
    query.part = part;
    query.checkpoint_dir = dir;
    query.config = &config;
    const ResolvedTower tower = resolve_tower(query);
    if (!tower.wanted || tower.faceapi)
        return {};
    if (tower.weights.empty())
        throw Error(tower.missing_message(), dir, tower.fix());
    return tower.weights;
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
    paths.image_tower = tower_location(dir, config, "image");
    paths.video_tower = tower_location(dir, config, "video");
    return paths;
}

std::optional<io::Json> tower_config(const std::string& tower_path) {
    return tower_folder_config(tower_path);
}

}  // namespace facellava::model
