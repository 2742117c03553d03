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
    const auto h = x + cur;                    // residual around attention
    cur = mlp_(post_attention_layernorm_(h));  // (B, T, H)
    record("mlp_out", cur);
    auto out = h + cur;  // residual around the MLP
    record("out", out);
    return out;
}

}  // namespace facellava::model
