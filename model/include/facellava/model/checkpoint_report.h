// What a Face-LLaVA checkpoint folder holds and where each part of it comes
// from, worked out without loading any weights (torch-free). The same report
// backs `facellava checkpoint inspect`, the GUI's Settings page and the error
// of a failed load, so all three list the same places and the same fix.
//
// Released checkpoints name their towers by Hugging Face hub id
// ("LanguageBind/LanguageBind_Image"); a tower is looked for, in this order:
//   1. an explicit folder (CLI --image-tower / --video-tower, GUI Settings);
//   2. the path in config.json (mm_image_tower / mm_video_tower) when it
//      names something on disk, or image_tower/ / video_tower/ beside it;
//   3. weights embedded in the main checkpoint (model.image_tower.image_tower.*,
//      model.video_tower.video_tower.*, LLaVA's model.vision_tower.vision_tower.*);
//   4. the Hugging Face caches: cache_dir/ beside the checkpoint and in the
//      working directory, $HF_HUB_CACHE, $HF_HOME/hub,
//      $XDG_CACHE_HOME/huggingface/hub, ~/.cache/huggingface/hub
//      (models--ORG--NAME/refs/main → snapshots/<rev>/, the newest snapshots/*
//      when refs/main is absent; the cache's symlinks into blobs/ are followed).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace facellava::model {

// Tower folders the user chose; empty: search as above.
struct TowerLocations {
    std::string image_tower;
    std::string video_tower;
};

// One part of the model: the main weights, the image tower or the video tower.
struct CheckpointPart {
    std::string name;      // "main weights", "image tower", "video tower"
    bool wanted = false;   // the config asks for this part
    bool found = false;    // its weights and architecture are both known
    std::string origin;    // "checkpoint", "folder", "config path", "embedded", "hf cache",
                           // "face-api package", "" when not found
    std::string location;  // file or folder the weights are read from
    std::string hub_id;    // towers: the config's name for it, e.g. LanguageBind/LanguageBind_Image
    std::string config_origin;              // towers: where the architecture comes from
    std::map<std::string, int64_t> dtypes;  // stored dtype → tensor count
    int64_t tensors = 0;
    int64_t parameters = 0;  // floating-point elements
    int64_t stored_bytes = 0;
    std::vector<std::string> skipped;    // keys left out by name (a tower repo's text encoder…)
    std::vector<std::string> looked_in;  // every place searched, in order
    std::string fix;                     // the option or command that supplies a missing part
};

struct PrecisionMemory {
    std::string precision;  // "float32", "bfloat16", "float16", "int8", "int4-g128"
    // Weights of every found part at that precision, from the tensor shapes:
    // for int8 and int4-g128 the LLM's linear layers at their quantized size
    // (codes, scales), everything else (embeddings, norms, adapters, towers)
    // in 16 bits, as `--weights int8|int4` holds the model.
    int64_t bytes = 0;
};

struct CheckpointReport {
    std::string dir;
    std::vector<CheckpointPart> parts;  // main weights first, then the towers
    std::vector<PrecisionMemory> memory;
    // The LLM's key/value cache for kv_cache_tokens at 16 bits, to add to any
    // of the above (0 when config.json did not parse).
    int64_t kv_cache_tokens = 2048;
    int64_t kv_cache_bytes = 0;
    // A quantized checkpoint's scheme as --weights names it ("int8",
    // "int4-g32-zp"); "" for a 16/32-bit one.
    std::string quantization;
    std::vector<std::string> unknown_config_keys;  // ignored by the engine
    // What it was trained for (trained_tasks.h): config.json's
    // "facellava_tasks", else (tasks_listed false) the paper's tasks.
    std::vector<std::string> tasks;
    bool tasks_listed = false;
    std::vector<std::string> problems;  // each a sentence; empty when loadable
    bool loadable() const { return problems.empty(); }

    std::string describe() const;  // the text `checkpoint inspect` prints
    std::string to_json() const;   // `checkpoint inspect --json`
};

// Reads config.json, the weight index or headers and the tower configs;
// throws facellava::Error only when the folder or its config.json cannot be
// read at all. Everything else lands in `problems`.
CheckpointReport inspect_checkpoint_folder(const std::string& dir,
                                           const TowerLocations& towers = {});

}  // namespace facellava::model
