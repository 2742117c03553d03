// The weights of a model trained from scratch, as Hugging Face's
// LlamaPreTrainedModel._init_weights sets them when LLaVA's model is built
// from a config (post_init() runs over every module, mm_projector and the
// landmark modules included):
//   - 2-D tensors (Linear and Embedding weights, FRGCA's packed in_proj):
//     normal(0, initializer_range);
//   - biases: 0;
//   - other 1-D weights (RMSNorm / LayerNorm scales): 1;
//   - the embedding row of pad_token_id: 0 (HF's padding_idx).
// Draws come from one generator seeded with `seed`, over the tensors in name
// order, so the weights are a pure function of the key set, shapes and seed.
#pragma once

#include <cstdint>

#include "engine/facellava_hparams.h"
#include "io/state_dict.h"

namespace facellava::training {

// Every main-checkpoint tensor (LLaMA + mm_projector + landmark modules) the
// strict loader expects, float32 on the CPU: the parameters and buffers of
// the same modules model::FaceLlavaModel builds, under their checkpoint names.
io::StateDict fresh_main_state_dict(const model::FaceLlavaHParams& hp);

struct WeightInitOptions {
    double initializer_range = 0.02;
    int64_t pad_token_id = -1;  // < 0: no padding row
    uint64_t seed = 0;
};

// Overwrites every floating-point tensor of `dict` by the rules above; throws
// facellava::Error naming a tensor no rule covers.
void initialise_weights(io::StateDict& dict, const WeightInitOptions& options);

}  // namespace facellava::training
