// The attention maths shared by inference (llm/llama_attention) and the
// training forward (training/src/trainer/llama_train_forward): one place for
// the causal mask, the grouped-query repeat and the version-gated kernel.
#pragma once

#include "torch_pch.h"

namespace facellava::model {

// (B, kv_heads, L, D) → (B, kv_heads · group, L, D) (HF repeat_kv).
torch::Tensor repeat_kv(const torch::Tensor& x, int64_t group);
// (T, L) booleans: query i (absolute position L − T + i) may see key j ≤ it.
torch::Tensor causal_mask(int64_t queries, int64_t keys, const torch::Device& device);
// softmax(q kᵀ · scale + causal mask) v for q (B, h, T, D) and k/v
// (B, kv, L, D) with kv dividing h: each key/value head serves a group of
// h / kv query heads (grouped-query attention; kv = h is plain attention).
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     double scale);
// softmax(q kᵀ · scale + bias) v with `bias` (1, 1, 1, L) 0 on the keys that
// may be seen and -inf on the rest, k/v (B, kv, L, D) grouped as in attend():
// a static-shape decode step attending a fixed window of the cache.
torch::Tensor attend_visible(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                             const torch::Tensor& bias, double scale);
// (L) booleans → the additive (1, 1, 1, L) bias attend_visible takes.
torch::Tensor visibility_bias(const torch::Tensor& visible, const torch::TensorOptions& options);

}  // namespace facellava::model
