// Attention of a ragged forward (llm/ragged_batch.h): each sequence's new
// tokens attend its shared prefix and its own suffix, nothing of the others.
//
// On the CPU (float32) every token is one row of the decode-row kernel
// (llm/cpu_decode_attention.h), its keys read in place: a token's causal
// mask is just its row's suffix length. Elsewhere (a GPU, another dtype,
// FACELLAVA_CPU_ATTENTION=aten) ATen operators do it:
// one-token entries (decode steps) go together: their suffixes in one batched
// product over the slots, and each prefix once for all the entries that share
// it, their queries stacked into one matrix product (a face's five questions
// read its image tokens' keys once per step, not five times; Hydragen's
// shared-prefix attention). The two parts are softmax-merged exactly through
// their log-sum-exp. Several-token entries (a question's prompt joining the
// batch) are few and go one by one, with one softmax over prefix and suffix.
#pragma once

#include "llm/ragged_batch.h"
#include "torch_pch.h"

namespace facellava::model {

// q (1, heads, N, D), k and v (1, kv_heads, N, D), rotated, of batch's tokens
// in entry order. Writes k and v into the batch's slots under `layer` and
// returns the attention output (1, N, heads · D). Scores and softmax in
// float32, as the cached forward does.
torch::Tensor ragged_attention(const torch::Tensor& q, const torch::Tensor& k,
                               const torch::Tensor& v, RaggedBatch& batch, int64_t layer,
                               double scale);

}  // namespace facellava::model
