#include "llm/llama_decoder_layer.h"

namespace facellava::model {

LlamaDecoderLayerImpl::LlamaDecoderLayerImpl(const LlamaHParams& hp,
                                             const torch::TensorOptions& options) {
    input_layernorm_ =
        register_module("input_layernorm", RMSNorm(hp.hidden_size, hp.rms_norm_eps, options));
    self_attn_ = register_module("self_attn", LlamaAttention(hp, options));
    post_attention_layernorm_ = register_module("post_attention_layernorm",
                                                RMSNorm(hp.hidden_size, hp.rms_norm_eps, options));
    mlp_ = register_module("mlp", LlamaMLP(hp, options));
}

torch::Tensor LlamaDecoderLayerImpl::forward(const torch::Tensor& x, const LayerContext& ctx,
                                             int64_t layer) {
    const auto record = [&](const char* what, const torch::Tensor& value) {
        if (ctx.record != nullptr)
            (*ctx.record)("layers." + std::to_string(layer) + "." + what, value);
    };
    auto cur = self_attn_->forward(input_layernorm_(x), ctx, layer);  // (B, T, H)
    record("attn_out", cur);
    // The residual around attention, and the MLP's norm of it.
    const auto [h, normed] = post_attention_layernorm_->forward_after_add(x, cur);
    cur = mlp_(normed);  // (B, T, H)
    record("mlp_out", cur);
    auto out = h + cur;  // residual around the MLP
    record("out", out);
    return out;
}

std::pair<torch::Tensor, torch::Tensor> LlamaDecoderLayerImpl::forward_deferred(
    const torch::Tensor& residual, const torch::Tensor& pending, const LayerContext& ctx,
    int64_t layer) {
    torch::Tensor x, normed;
    if (pending.defined()) {
        std::tie(x, normed) = input_layernorm_->forward_after_add(residual, pending);
    } else {
        x = residual;
        normed = input_layernorm_(residual);
    }
    const auto attn = self_attn_->forward(normed, ctx, layer);  // (B, T, H)
    auto [h, mlp_in] = post_attention_layernorm_->forward_after_add(x, attn);
    return {std::move(h), mlp_(mlp_in)};
}

}  // namespace facellava::model
