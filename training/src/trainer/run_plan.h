// What a run will do, resolved from its config before any weight is loaded:
// the model's visual geometry (from config.json), the train and held-out
// catalogs (read and validated, bad samples skipped or fatal), and the step
// arithmetic. Shared by dry_run() and the trainer so both agree.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "dataset/dataset_catalog.h"
#include "engine/facellava_hparams.h"
#include "facellava/training/training.h"

namespace facellava::training {

struct RunPlan {
    TrainConfig config;  // resolved: data.num_frames filled in
    model::FaceLlavaHParams hparams;
    DatasetCatalog train;
    DatasetCatalog eval;
    std::vector<std::string> sample_tasks;  // task per train sample
    int world_size = 1;                     // data-parallel ranks
    int64_t global_batch = 0;               // samples per micro-batch over all ranks
    int64_t samples_per_epoch = 0;
    int64_t batches_per_epoch = 0;
    int64_t steps_per_epoch = 0;
    int64_t total_steps = 0;
    int64_t warmup_steps = 0;
    int64_t tokens_per_image = 0;
    int64_t tokens_per_frame = 0;
    int64_t image_size = 0;
    int64_t video_size = 0;
};

// Throws facellava::Error (config, model folder, data with on_bad_sample = fail).
// world_size: ranks sharing each step (optim.batch_size samples each).
RunPlan plan_run(const TrainConfig& config, const std::function<void(const std::string&)>& log,
                 int world_size = 1);

}  // namespace facellava::training
