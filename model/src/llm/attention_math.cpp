#include "llm/attention_math.h"

#include <torch/version.h>

#include <cmath>
#include <limits>

namespace facellava::model {

// (B, kv_heads, L, D) → (B, kv_heads · group, L, D): each key/value head
// repeated for the query heads of its group (HF repeat_kv).
torch::Tensor repeat_kv(const torch::Tensor& x, int64_t group) {
    if (group == 1)
        return x;
    const int64_t b = x.size(0), kv = x.size(1), len = x.size(2), d = x.size(3);
    return x.unsqueeze(2)
        .expand({b, kv, group, len, d})  // (B, kv, group, L, D)
        .reshape({b, kv * group, len, d});
}

// (T, L) booleans, true where query i (absolute position L - T + i) may see
// key j: j ≤ L - T + i. Covers a prefill on top of a filled cache.
torch::Tensor causal_mask(int64_t queries, int64_t keys, const torch::Device& device) {
    const auto opts = torch::TensorOptions().dtype(torch::kInt64).device(device);
    const auto q_pos = torch::arange(keys - queries, keys, opts).unsqueeze(1);  // (T, 1)
    const auto k_pos = torch::arange(0, keys, opts).unsqueeze(0);               // (1, L)
    return k_pos <= q_pos;
}

// softmax(q kᵀ · scale + mask) v for q (B, h, T, D), k/v (B, h, L, D) → (B, h, T, D).
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     double scale) {
    const int64_t queries = q.size(2), keys = k.size(2);
    // A single query is the newest position: it may see every key, no mask.
    const bool masked = queries > 1;
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    // Fused kernels (flash / memory-efficient) where available.
    if (!masked)
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, false, scale);
    if (queries == keys)
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, true, scale);
    return at::scaled_dot_product_attention(q, k, v, causal_mask(queries, keys, q.device()), 0.0,
                                            false, scale);
#else
    // LibTorch 1.13: HF's eager attention, softmax in float32.
    auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;  // (B, h, T, L)
    if (masked)
        scores = scores.masked_fill(causal_mask(queries, keys, q.device()).logical_not(),
                                    -std::numeric_limits<double>::infinity());
    const auto probs = torch::softmax(scores, -1, torch::kFloat32).to(q.scalar_type());
    return torch::matmul(probs, v);  // (B, h, T, D)
#endif
}

torch::Tensor attend_visible(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                             const torch::Tensor& bias, double scale) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    return at::scaled_dot_product_attention(q, k, v, bias, 0.0, false, scale);
#else
    // x + 0 = x and x + (-inf) = -inf: the same scores as masked_fill.
    const auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale + bias;  // (B, h, T, L)
    const auto probs = torch::softmax(scores, -1, torch::kFloat32).to(q.scalar_type());
    return torch::matmul(probs, v);  // (B, h, T, D)
#endif
}

torch::Tensor visibility_bias(const torch::Tensor& visible, const torch::TensorOptions& options) {
    return torch::zeros(visible.sizes(), options.device(visible.device()))
        .masked_fill_(visible.logical_not(), -std::numeric_limits<double>::infinity())
        .view({1, 1, 1, -1});
}

}  // namespace facellava::model
