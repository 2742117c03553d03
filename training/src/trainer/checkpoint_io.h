// Training checkpoints (layout: facellava/training/checkpoint_layout.h): everything a resumed run
// needs to continue exactly where the interrupted one stopped.
//
//   <output_dir>/checkpoints/step-00000120/
//       trainable.safetensors   the trained tensors (LLM, adapter, LoRA) by checkpoint name
//       optimizer.pt            AdamW state (LibTorch archive)
//       rng.safetensors         CPU (and CUDA) generator states
//       trainer_state.json      step, data position, reason, config
//   <output_dir>/checkpoints/latest   name of the newest complete checkpoint
//
// A checkpoint is written into a temporary folder that is renamed into place
// only when complete, then `latest` is replaced atomically: a crash while
// saving leaves the previous checkpoint intact and `latest` pointing at it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "distributed/distributed_sampler.h"
#include "facellava/training/checkpoint_layout.h"
#include "torch_pch.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

// The data position is global (distributed_sampler.h): a run resumed with
// another world size continues with the samples of the epoch not yet seen.
struct TrainerState {
    int64_t step = 0;          // optimiser steps done
    int64_t epoch = 0;         // epoch of the next step
    int64_t next_batch = 0;    // global micro-batches of the current segment done
    int64_t global_batch = 0;  // samples per global micro-batch of the current segment
    std::vector<EpochSegment> earlier_segments;  // of this epoch, with other batch sizes
    int world_size = 1;                          // of the run that wrote it (for reference)
    int64_t total_steps = 0;
    uint64_t seed = 0;
    std::string stage;
    std::string reason;  // periodic, abort, error, final
    double last_loss = 0;
    std::string config_json;  // the run's TrainConfig, for reference
};

// Writes checkpoints/step-N (replacing one of the same step) and updates
// `latest`; deletes the oldest step folders beyond keep_last (0: keep all).
// Returns the checkpoint folder.
std::string save_checkpoint(const std::string& output_dir, const TrainerState& state,
                            const NamedTensors& trainable, torch::optim::Optimizer& optimizer,
                            int64_t keep_last);

// "latest" → the folder `latest` names in output_dir/checkpoints; anything
// else is taken as a checkpoint folder. Throws facellava::Error when missing.
std::string resolve_resume_dir(const std::string& resume_from, const std::string& output_dir);

// Restores the trained tensors (names and shapes must match exactly), the
// optimiser (built with the same parameter groups) and the RNG states; returns
// the trainer state. Throws facellava::Error naming the checkpoint.
TrainerState load_checkpoint(const std::string& dir, const NamedTensors& trainable,
                             torch::optim::Optimizer& optimizer);

}  // namespace facellava::training
