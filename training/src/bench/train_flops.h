// Model FLOPs of a training step, the numerator of MFU (PaLM, appendix B):
// 6 FLOPs per matmul parameter per token (2 forward, 4 backward) plus the
// attention scores and weighted values, 12·layers·hidden·seq per token
// (counted over the full sequence, not the causal half, as PaLM does).
// Recomputation by activation checkpointing is not counted: MFU, not HFU.
#pragma once

#include <cstdint>

#include "llm/llama_hparams.h"
#include "llm/llama_model.h"

namespace facellava::training {

// The formula as the JSON states it.
inline constexpr const char* kTrainFlopFormula =
    "6 * matmul_parameters + 12 * layers * hidden * seq per token; matmul_parameters = every "
    "parameter except the input embedding (a row gather), lm_head included";

// Parameters that multiply activations in a step: all but embed_tokens (a
// tied lm_head is a matmul again, so it counts once more).
int64_t matmul_parameters(model::LlamaForCausalLM& llm);

double train_flops_per_token(int64_t matmul_params, const model::LlamaHParams& hp, int64_t seq);

}  // namespace facellava::training
