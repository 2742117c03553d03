#include "engine/tower_resolver.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "facellava/core/error.h"
#include "io/lazy_state_dict.h"
#include "vision/image_tower.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? std::string(value) : std::string();
}

std::string config_key(const std::string& part) {
    return "mm_" + part + "_tower";
}
std::string embedded_config_key(const std::string& part) {
    return part + "_tower_config";
}

// A CLIP vision config from a tower repo's config.json: LanguageBind nests it
// under vision_config; a plain CLIPVisionModel config is the object itself.
std::optional<io::Json> vision_config_of(const io::Json& json) {
    if (json.contains("vision_config") && json.at("vision_config").is_object())
        return json.at("vision_config");
    if (json.contains("hidden_size") && json.contains("patch_size"))
        return json;
    return std::nullopt;
}

bool has_weight_files(const std::string& folder) {
    try {
        return !io::checkpoint_weight_files(folder).empty();
    } catch (const Error&) {
        return false;
    }
}

// The released LanguageBind ViT-L/14 towers, for embedded weights whose
// config is nowhere on disk (LanguageBind's configs on the hub, vision_config).
// Used only when every weight shape agrees (the strict load checks it).
std::optional<io::Json> builtin_tower_config(const std::string& hub_id) {
    io::Json vit_l14 = {{"model_type", "clip_vision_model"},
                        {"hidden_size", 1024},
                        {"intermediate_size", 4096},
                        {"num_hidden_layers", 24},
                        {"num_attention_heads", 16},
                        {"image_size", 224},
                        {"patch_size", 14},
                        {"num_channels", 3},
                        {"hidden_act", "gelu"},
                        {"layer_norm_eps", 1e-5}};
    if (hub_id == "LanguageBind/LanguageBind_Image") {
        vit_l14["add_time_attn"] = false;
        vit_l14["num_frames"] = 1;
        return vit_l14;
    }
    if (hub_id == "LanguageBind/LanguageBind_Video_merge" ||
        hub_id == "LanguageBind/LanguageBind_Video") {
        vit_l14["add_time_attn"] = true;
        vit_l14["num_frames"] = 8;
        return vit_l14;
    }
    return std::nullopt;
}

// models--ORG--NAME: how the hub cache names a repository's folder.
std::string hub_repo_folder(const std::string& hub_id) {
    const auto slash = hub_id.find('/');
    if (slash == std::string::npos)
        return "models--" + hub_id;
    return "models--" + hub_id.substr(0, slash) + "--" + hub_id.substr(slash + 1);
}

bool has_prefix(const std::set<std::string>& keys, const std::string& prefix) {
    auto it = keys.lower_bound(prefix);
    return it != keys.end() && it->rfind(prefix, 0) == 0;
}

// Searches the hub caches for the repo: the first snapshot with weights wins;
// the first config seen is kept for embedded weights.
struct CacheHit {
    std::string snapshot;
    bool has_weights = false;
};

std::optional<CacheHit> search_caches(ResolvedTower& tower, const std::string& checkpoint_dir,
                                      bool want_weights) {
    std::optional<CacheHit> config_only;
    for (const auto& cache : hub_cache_folders(checkpoint_dir)) {
        tower.looked_in.push_back((fs::path(cache) / hub_repo_folder(tower.hub_id)).string());
        auto snapshot = hub_snapshot(cache, tower.hub_id);
        if (!snapshot)
            continue;
        CacheHit hit{*snapshot, has_weight_files(*snapshot)};
        if (hit.has_weights || !want_weights)
            return hit;
        if (!config_only)
            config_only = hit;
    }
    return config_only;
}

}  // namespace

std::vector<std::string> embedded_tower_prefixes(const std::string& part) {
    if (part == "image") {
        return {"model.image_tower.image_tower.vision_model.", "model.image_tower.image_tower.",
                "model.vision_tower.vision_tower.vision_model.",
                "model.vision_tower.vision_tower."};
    }
    return {"model.video_tower.video_tower.vision_model.", "model.video_tower.video_tower."};
}

std::vector<std::string> hub_cache_folders(const std::string& checkpoint_dir) {
    std::vector<std::string> folders;
    auto add = [&](const fs::path& p) {
        if (p.empty())
            return;
        const std::string text = p.lexically_normal().string();
        if (std::find(folders.begin(), folders.end(), text) == folders.end())
            folders.push_back(text);
    };
    // The authors' code passes cache_dir='./cache_dir': beside the checkpoint
    // and wherever their scripts were run from.
    add(fs::absolute(fs::path(checkpoint_dir) / "cache_dir"));
    add(fs::current_path() / "cache_dir");
    if (!env("HF_HUB_CACHE").empty())
        add(env("HF_HUB_CACHE"));
    if (!env("HF_HOME").empty())
        add(fs::path(env("HF_HOME")) / "hub");
    if (!env("XDG_CACHE_HOME").empty())
        add(fs::path(env("XDG_CACHE_HOME")) / "huggingface" / "hub");
    if (!env("HOME").empty())
        add(fs::path(env("HOME")) / ".cache" / "huggingface" / "hub");
    return folders;
}

std::optional<std::string> hub_snapshot(const std::string& cache, const std::string& hub_id) {
    if (hub_id.find('/') == std::string::npos || hub_id.find("..") != std::string::npos)
        return std::nullopt;
    const fs::path repo = fs::path(cache) / hub_repo_folder(hub_id);
    std::error_code ec;
    if (!fs::is_directory(repo / "snapshots", ec))
        return std::nullopt;
    // refs/main holds the commit hash of the snapshot the user downloaded.
    std::ifstream ref(repo / "refs" / "main");
    std::string rev;
    if (ref && std::getline(ref, rev)) {
        rev.erase(rev.find_last_not_of(" \r\n\t") + 1);
        if (!rev.empty() && rev.find('/') == std::string::npos &&
            fs::is_directory(repo / "snapshots" / rev, ec))
            return (repo / "snapshots" / rev).string();
    }
    // No refs/main (a copied cache, or a download by revision): the newest snapshot.
    std::optional<fs::path> newest;
    fs::file_time_type newest_time{};
    for (const auto& entry : fs::directory_iterator(repo / "snapshots", ec)) {
        if (!entry.is_directory())
            continue;
        const auto time = entry.last_write_time(ec);
        if (!newest || time > newest_time) {
            newest = entry.path();
            newest_time = time;
        }
    }
    return newest ? std::optional<std::string>(newest->string()) : std::nullopt;
}

std::optional<io::Json> tower_folder_config(const std::string& folder) {
    std::error_code ec;
    if (!fs::is_directory(folder, ec))
        return std::nullopt;
    const fs::path file = fs::path(folder) / "config.json";
    if (!fs::exists(file, ec))
        return std::nullopt;
    return vision_config_of(io::read_json_file(file.string()));
}

std::string ResolvedTower::missing_message() const {
    std::string text = "the " + part + " tower";
    if (!hub_id.empty())
        text += " '" + hub_id + "'";
    text += origin.empty() ? " was not found" : " has no configuration";
    text += "; looked in:";
    for (const auto& place : looked_in)
        text += "\n  " + place;
    return text;
}

std::string ResolvedTower::fix() const {
    const std::string option = "--" + part + "-tower DIR";
    std::string text = "pass " + option + " (GUI: Settings ▸ " +
                       std::string(part == "image" ? "Image" : "Video") + " tower folder)";
    if (!hub_id.empty() && hub_id.find('/') != std::string::npos)
        text += ", or on a connected machine run `huggingface-cli download " + hub_id +
                "` and copy the cache here (set HF_HOME to it)";
    return text;
}

ResolvedTower resolve_tower(const TowerQuery& query) {
    const io::Json& config = *query.config;
    ResolvedTower tower;
    tower.part = query.part;
    const std::string key = config_key(query.part);
    const std::string embedded_key = embedded_config_key(query.part);
    tower.wanted =
        config.contains(embedded_key) || (config.contains(key) && !config.at(key).is_null());
    if (config.contains(key) && config.at(key).is_string())
        tower.hub_id = config.at(key).get<std::string>();
    if (!tower.wanted)
        return tower;
    if (query.part == "image" && config_uses_faceapi_tower(config)) {
        tower.faceapi = true;
        tower.origin = "face-api package";
        return tower;
    }
    // An architecture in config.json itself wins over any tower folder's.
    if (config.contains(embedded_key) && config.at(embedded_key).is_object()) {
        tower.config = config.at(embedded_key);
        tower.config_origin = "config.json (" + embedded_key + ")";
    }
    auto use_folder = [&](const std::string& folder, const char* origin) {
        tower.origin = origin;
        tower.weights = folder;
        if (!tower.config) {
            if (auto c = tower_folder_config(folder)) {
                tower.config = c;
                tower.config_origin = (fs::path(folder) / "config.json").string();
            }
        }
    };
    std::error_code ec;
    // 1. The user's folder.
    if (!query.explicit_dir.empty()) {
        tower.looked_in.push_back(query.explicit_dir + " (--" + query.part + "-tower)");
        if (!fs::exists(query.explicit_dir, ec)) {
            tower.looked_in.back() += ": does not exist";
            return tower;  // an explicit choice that is wrong is not silently replaced
        }
        use_folder(query.explicit_dir, "folder");
        return tower;
    }
    // 2. A path in config.json, or the conventional sub-folder.
    if (!tower.hub_id.empty()) {
        fs::path named = tower.hub_id;
        if (named.is_relative())
            named = fs::path(query.checkpoint_dir) / named;
        tower.looked_in.push_back(named.string());
        if (fs::exists(named, ec)) {
            use_folder(named.string(), "config path");
            return tower;
        }
    }
    const fs::path conventional = fs::path(query.checkpoint_dir) / (query.part + "_tower");
    tower.looked_in.push_back(conventional.string());
    if (fs::exists(conventional, ec)) {
        use_folder(conventional.string(), "folder");
        return tower;
    }
    // 3. Weights embedded in the main checkpoint.
    tower.looked_in.push_back("the main checkpoint (" + embedded_tower_prefixes(query.part)[1] +
                              "*)");
    if (query.main_keys) {
        for (const auto& prefix : embedded_tower_prefixes(query.part)) {
            if (has_prefix(*query.main_keys, prefix)) {
                tower.origin = "embedded";
                tower.embedded_prefix = prefix;
                break;
            }
        }
    }
    // 4. The Hugging Face caches: weights when not embedded; the architecture
    //    in either case.
    if (!tower.hub_id.empty()) {
        const bool want_weights = tower.origin.empty();
        if (auto hit = search_caches(tower, query.checkpoint_dir, want_weights)) {
            if (!tower.config) {
                if (auto c = tower_folder_config(hit->snapshot)) {
                    tower.config = c;
                    tower.config_origin = (fs::path(hit->snapshot) / "config.json").string();
                }
            }
            if (want_weights && hit->has_weights) {
                tower.origin = "hf cache";
                tower.weights = hit->snapshot;
            } else if (want_weights) {
                tower.looked_in.push_back(hit->snapshot + ": config.json only, no weights");
            }
        }
    }
    if (tower.origin == "embedded" && !tower.config) {
        if (auto c = builtin_tower_config(tower.hub_id)) {
            tower.config = c;
            tower.config_origin = "built-in table (" + tower.hub_id + ")";
            tower.builtin_config = true;
        }
    }
    return tower;
}

}  // namespace facellava::model
