// A checkpoint folder as the engine loads it: config.json completed with what
// a released config leaves to the tower repos (tower architectures, frame
// count), the towers resolved (folder, embedded, Hugging Face cache) and the
// main weights opened lazily. Shared by FaceLlavaEngine::load and
// inspect_checkpoint_folder, so the report and the load never disagree.
#pragma once

#include <string>
#include <vector>

#include "engine/facellava_model.h"
#include "engine/tower_resolver.h"
#include "facellava/core/error.h"
#include "facellava/model/checkpoint_report.h"
#include "io/json_config.h"
#include "io/lazy_state_dict.h"

namespace facellava::model {

struct AssembledCheckpoint {
    std::string dir;
    std::string config_path;
    std::string tokenizer;   // tokenizer.model (may be missing: see problems)
    io::Json config;         // as on disk, completed (see complete_config)
    io::LazyStateDict main;  // every tensor of the main weights, towers' embedded ones included
    std::vector<std::string> main_files;
    ResolvedTower image;
    ResolvedTower video;
    std::vector<Error> problems;  // each names the file and the fix; empty: loadable
};

// Never throws for a missing part (it lands in problems); throws
// facellava::Error when the folder or config.json cannot be read.
AssembledCheckpoint assemble_checkpoint(const std::string& dir, const TowerLocations& towers);

// Throws facellava::Error listing every problem (each with the places
// searched and the fix) when the checkpoint cannot load.
void throw_unless_loadable(const AssembledCheckpoint& checkpoint);

// Fills what a released config.json leaves out: image_tower_config /
// video_tower_config from the resolved towers, num_frames from the video
// tower's own config.
void complete_config(io::Json& config, const ResolvedTower& image, const ResolvedTower& video);

// A resolved tower's weights, not yet read: from its folder, or moved out
// of the main checkpoint when embedded, as vision_model.* keys. A tower
// repo's unused keys are left out by name and listed in `skipped`.
io::LazyStateDict take_tower_weights(const ResolvedTower& tower, io::LazyStateDict& main,
                                     std::vector<std::string>* skipped = nullptr);

// Everything the model needs, towers read; the main weights stay lazy.
FaceLlavaWeights tower_and_main_weights(AssembledCheckpoint& checkpoint, torch::Dtype dtype);

}  // namespace facellava::model
