#include "llm/llama_attention.h"

#include "llm/attention_math.h"

#include <cmath>
#include <limits>

namespace facellava::model {

LlamaAttentionImpl::LlamaAttentionImpl(const LlamaHParams& hp, const torch::TensorOptions& options)
    : num_heads_(hp.num_attention_heads),
      num_kv_heads_(hp.num_key_value_heads),
      head_dim_(hp.head_dim),
      scale_(1.0 / std::sqrt(static_cast<double>(hp.head_dim))) {
    const int64_t h = hp.hidden_size;
    q_proj_ = register_module("q_proj", LlamaLinear(h, num_heads_ * head_dim_, options));
    k_proj_ = register_module("k_proj", LlamaLinear(h, num_kv_heads_ * head_dim_, options));
    v_proj_ = register_module("v_proj", LlamaLinear(h, num_kv_heads_ * head_dim_, options));
    o_proj_ = register_module("o_proj", LlamaLinear(num_heads_ * head_dim_, h, options));
}

torch::Tensor LlamaAttentionImpl::forward(const torch::Tensor& x, const LayerContext& ctx,
                                          int64_t layer) {
    const int64_t b = x.size(0), t = x.size(1);
    auto q = q_proj_(x).view({b, t, num_heads_, head_dim_}).transpose(1, 2);     // (B, h, T, D)
    auto k = k_proj_(x).view({b, t, num_kv_heads_, head_dim_}).transpose(1, 2);  // (B, kv, T, D)
    auto v = v_proj_(x).view({b, t, num_kv_heads_, head_dim_}).transpose(1, 2);  // (B, kv, T, D)

    q = RotaryEmbedding::apply(q, ctx.rope);
    k = RotaryEmbedding::apply(k, ctx.rope);
    if (ctx.fixed != nullptr)
        std::tie(k, v) = ctx.cache->write_at(layer, ctx.fixed->position, k, v,
                                             ctx.fixed->window);  // (B, kv, window, D)
    else if (ctx.cache != nullptr)
        std::tie(k, v) = ctx.cache->append(layer, k, v);  // (B, kv, L, D)

    const int64_t group = num_heads_ / num_kv_heads_;
    k = repeat_kv(k, group);  // (B, h, L, D)
    v = repeat_kv(v, group);  // (B, h, L, D)

    auto out = ctx.fixed != nullptr ? attend_visible(q, k, v, ctx.fixed->visible, scale_)
                                    : attend(q, k, v, scale_);          // (B, h, T, D)
    out = out.transpose(1, 2).reshape({b, t, num_heads_ * head_dim_});  // (B, T, h · D)
    return o_proj_(out);                                                // (B, T, H)
}

}  // namespace facellava::model
