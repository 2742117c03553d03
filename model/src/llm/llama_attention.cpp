#include "llm/llama_attention.h"

#include "kernels/fused_kernels.h"
#include "llm/adjacent_rows.h"
#include "llm/attention_math.h"
#include "llm/ragged_attention.h"

#include <cmath>
#include <limits>

namespace facellava::model {

LlamaAttentionImpl::LlamaAttentionImpl(const LlamaHParams& hp, const torch::TensorOptions& options)
    : num_heads_(hp.num_attention_heads),
      num_kv_heads_(hp.num_key_value_heads),
      head_dim_(hp.head_dim),
      scale_(1.0 / std::sqrt(static_cast<double>(hp.head_dim))) {
    const int64_t h = hp.hidden_size;
    const int64_t q_rows = num_heads_ * head_dim_, kv_rows = num_kv_heads_ * head_dim_;
    // q, k and v as three row blocks of one matrix: one GEMM for all three.
    const auto qkv = torch::empty({q_rows + 2 * kv_rows, h}, options);
    q_proj_ = register_module("q_proj", LlamaLinear(qkv.narrow(0, 0, q_rows)));
    k_proj_ = register_module("k_proj", LlamaLinear(qkv.narrow(0, q_rows, kv_rows)));
    v_proj_ = register_module("v_proj", LlamaLinear(qkv.narrow(0, q_rows + kv_rows, kv_rows)));
    o_proj_ = register_module("o_proj", LlamaLinear(q_rows, h, options));
}

std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> LlamaAttentionImpl::project_qkv(
    const torch::Tensor& x, const RopeTables& rope) {
    const int64_t b = x.size(0), t = x.size(1);
    const auto& q_w = q_proj_->weight();
    const auto qkv_w = fused_projection_allowed(q_w)
                           ? adjacent_rows({q_w, k_proj_->weight(), v_proj_->weight()})
                           : torch::Tensor();
    if (qkv_w.defined()) {
        const int64_t h = num_heads_, kv = num_kv_heads_;
        const auto qkv = project(x, qkv_w).view({b, t, h + 2 * kv, head_dim_});  // (B, T, ·, D)
        // Queries and keys rotate together, before their heads move forward.
        const auto qk = RotaryEmbedding::apply_heads_last(qkv.narrow(2, 0, h + kv), rope);
        return {qk.narrow(2, 0, h).transpose(1, 2),          // (B, h, T, D)
                qk.narrow(2, h, kv).transpose(1, 2),         // (B, kv, T, D)
                qkv.narrow(2, h + kv, kv).transpose(1, 2)};  // (B, kv, T, D)
    }
    auto q = q_proj_(x).view({b, t, num_heads_, head_dim_}).transpose(1, 2);     // (B, h, T, D)
    auto k = k_proj_(x).view({b, t, num_kv_heads_, head_dim_}).transpose(1, 2);  // (B, kv, T, D)
    auto v = v_proj_(x).view({b, t, num_kv_heads_, head_dim_}).transpose(1, 2);  // (B, kv, T, D)
    return {RotaryEmbedding::apply(q, rope), RotaryEmbedding::apply(k, rope), v};
}

torch::Tensor LlamaAttentionImpl::forward(const torch::Tensor& x, const LayerContext& ctx,
                                          int64_t layer) {
    if (ctx.fixed != nullptr && ctx.fixed->fused)
        return forward_fused_step(x, *ctx.fixed, *ctx.cache, layer);
    const int64_t b = x.size(0), t = x.size(1);
    auto [q, k, v] = project_qkv(x, ctx.rope);  // (B, h, T, D), (B, kv, T, D) ×2, rotated
    if (ctx.ragged != nullptr)
        return o_proj_(ragged_attention(q, k, v, *ctx.ragged, layer, scale_));  // (1, N, H)
    if (ctx.fixed != nullptr)
        std::tie(k, v) = ctx.cache->write_at(layer, ctx.fixed->position, k, v,
                                             ctx.fixed->window);  // (B, kv, window, D)
    else if (ctx.cache != nullptr)
        std::tie(k, v) = ctx.cache->append(layer, k, v);  // (B, kv, L, D)

    auto out = ctx.fixed != nullptr ? attend_visible(q, k, v, ctx.fixed->bias, scale_)
                                    : attend(q, k, v, scale_);          // (B, h, T, D)
    out = out.transpose(1, 2).reshape({b, t, num_heads_ * head_dim_});  // (B, T, h · D)
    return o_proj_(out);                                                // (B, T, H)
}

torch::Tensor LlamaAttentionImpl::forward_fused_step(const torch::Tensor& x,
                                                     const StaticDecode& step, KvCache& cache,
                                                     int64_t layer) {
    const int64_t b = x.size(0), h = num_heads_, kv = num_kv_heads_;
    const auto qkv_w = adjacent_rows({q_proj_->weight(), k_proj_->weight(), v_proj_->weight()});
    const auto qkv =
        (qkv_w.defined() ? project(x, qkv_w) : torch::cat({q_proj_(x), k_proj_(x), v_proj_(x)}, -1))
            .view({b, 1, h + 2 * kv, head_dim_});
    const auto [keys, values] = cache.storage(layer, step.window);  // (B, kv, capacity, D)
    const auto q = kernels::rope_write_kv(qkv, step.position, step.inv_freq, keys, values, h, kv);
    const auto out = kernels::decode_attention(q, keys, values, step.position, step.window,
                                               scale_);  // (B, 1, h, D)
    return o_proj_(out.view({b, 1, h * head_dim_}));     // (B, 1, H)
}

}  // namespace facellava::model
