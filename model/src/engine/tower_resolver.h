// Where a vision tower's weights and architecture come from, for towers that
// a released config.json names by Hugging Face hub id. The search order is
// documented in facellava/model/checkpoint_report.h; every place looked at is
// recorded, so a failed load can list them all with the fix.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "io/json_config.h"

namespace facellava::model {

// The main checkpoint's key prefixes under which trainers save a tower
// (LanguageBind's vision_model module, so without "vision_model.").
std::vector<std::string> embedded_tower_prefixes(const std::string& part /* image, video */);

struct TowerQuery {
    std::string part;            // "image" or "video"
    std::string checkpoint_dir;  // folder of config.json
    const io::Json* config = nullptr;
    std::string explicit_dir;  // --image-tower / --video-tower, GUI Settings
    const std::set<std::string>* main_keys = nullptr;  // names in the main checkpoint
};

struct ResolvedTower {
    std::string part;      // "image" or "video"
    std::string hub_id;    // the config's mm_image_tower / mm_video_tower, when a string
    bool wanted = false;   // the config asks for this tower
    bool faceapi = false;  // FaceLLaVA-Nano's face-api tower (weights from the package)
    std::string origin;    // "folder", "config path", "embedded", "hf cache"; empty: not found
    std::string weights;   // folder or file with the weights (empty when embedded)
    std::string embedded_prefix;     // prefix of the tower in the main checkpoint
    std::optional<io::Json> config;  // CLIP vision config (vision_config when nested)
    std::string config_origin;       // file it came from, or "config.json", or the built-in table
    bool builtin_config = false;     // from the built-in table: shapes must agree
    std::vector<std::string> looked_in;  // every place searched, in order

    bool found() const { return !wanted || faceapi || (!origin.empty() && config.has_value()); }
    // "the image tower 'LanguageBind/…' was not found; looked in: …" and the fix.
    std::string missing_message() const;
    std::string fix() const;
};

// The Hugging Face caches in search order for a checkpoint folder:
// cache_dir/ beside the checkpoint and in the working directory,
// $HF_HUB_CACHE, $HF_HOME/hub, $XDG_CACHE_HOME/huggingface/hub,
// ~/.cache/huggingface/hub (each once, whether or not it exists).
std::vector<std::string> hub_cache_folders(const std::string& checkpoint_dir);

// snapshots/<rev>/ of a hub id in one cache (refs/main, else the newest
// snapshot); std::nullopt when the cache does not hold the repo.
std::optional<std::string> hub_snapshot(const std::string& cache, const std::string& hub_id);

ResolvedTower resolve_tower(const TowerQuery& query);

// The vision config of a tower folder's own config.json (LanguageBind's
// nested vision_config, or a plain CLIP vision config); std::nullopt without one.
std::optional<io::Json> tower_folder_config(const std::string& folder);

}  // namespace facellava::model
