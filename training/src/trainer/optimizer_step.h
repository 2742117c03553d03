// The optimiser half of a training step, shared by the Trainer and the
// `train` benchmark so both run the same update: HF's AdamW parameter groups
// (no weight decay on 1-D tensors, the adapter at its own learning rate), then
// per step gradient clipping, the scheduled learning rate and one AdamW update.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "facellava/training/train_config.h"
#include "torch_pch.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

struct GroupedAdamW {
    std::unique_ptr<torch::optim::AdamW> optimizer;
    std::vector<double> lr_scale;  // per parameter group, × the scheduled rate
};

// Groups `trainable` (checkpoint names decide adapter vs LLM; dimension
// decides decay) and builds AdamW over them. Throws facellava::Error naming
// `where` when there is nothing to train.
GroupedAdamW build_grouped_adamw(const NamedTensors& trainable, const OptimSettings& optim,
                                 const std::string& where);

// After the backward pass: clips the gradients of `trainable` to max_grad_norm
// (0: no clipping), sets the learning rate `lr` (× each group's scale), steps
// and zeroes the gradients. Returns the gradient norm before clipping.
double apply_optimizer_step(GroupedAdamW& adamw, const NamedTensors& trainable,
                            double max_grad_norm, double lr);

}  // namespace facellava::training
