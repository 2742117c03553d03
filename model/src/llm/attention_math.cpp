#include "llm/attention_math.h"

#include <ATen/autocast_mode.h>
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

namespace {

#define FACELLAVA_SDPA_GQA \
    (TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 5))

// Whether scaled_dot_product_attention should take keys and values with fewer
// heads than the queries as they are (enable_gqa, LibTorch ≥ 2.5) instead of
// repeated: its flash and cuDNN kernels read each key/value head once per
// group (the H200 training trace ran cuDNN's), for 16-bit inputs on CUDA
// (bf16 autocast casts float32 ones first). Anywhere else enable_gqa would
// fall to the math kernel, slower than the repeat, so those keep the copy.
#if FACELLAVA_SDPA_GQA
bool grouped_kernel_applies(const torch::Tensor& q) {
    if (!q.is_cuda())
        return false;
    const auto is_16_bit = [](at::ScalarType t) { return t == at::kBFloat16 || t == at::kHalf; };
    return is_16_bit(q.scalar_type()) || (at::autocast::is_autocast_enabled(at::kCUDA) &&
                                          is_16_bit(at::autocast::get_autocast_dtype(at::kCUDA)));
}
#endif

// attend() for k/v already repeated to q's heads, (B, h, L, D).
torch::Tensor attend_repeated(const torch::Tensor& q, const torch::Tensor& k,
                              const torch::Tensor& v, double scale) {
    const int64_t queries = q.size(2), keys = k.size(2);
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

}  // namespace

// softmax(q kᵀ · scale + mask) v for q (B, h, T, D), k/v (B, kv, L, D) → (B, h, T, D).
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                     double scale) {
    const int64_t group = q.size(1) / k.size(1);
#if FACELLAVA_SDPA_GQA
    // Flash's masks are "none" (a single query, the newest position, sees
    // every key) and "causal" (as many queries as keys): a prefill on top of
    // a cache needs an explicit mask, which flash does not take.
    const int64_t queries = q.size(2), keys = k.size(2);
    if (group > 1 && (queries == 1 || queries == keys) && grouped_kernel_applies(q))
        return at::scaled_dot_product_attention(q, k, v, {}, 0.0, /*is_causal=*/queries > 1, scale,
                                                /*enable_gqa=*/true);
#endif
    return attend_repeated(q, repeat_kv(k, group), repeat_kv(v, group), scale);
}

torch::Tensor attend_visible(const torch::Tensor& q, const torch::Tensor& grouped_k,
                             const torch::Tensor& grouped_v, const torch::Tensor& bias,
                             double scale) {
    // A bias rules flash (and so enable_gqa) out: the heads are repeated.
    const int64_t group = q.size(1) / grouped_k.size(1);
    const auto k = repeat_kv(grouped_k, group), v = repeat_kv(grouped_v, group);  // (B, h, L, D)
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
