// One pre-norm LLaMA decoder layer:
//   h   = x + self_attn(input_layernorm(x))
//   out = h + mlp(post_attention_layernorm(h))
#pragma once

#include "llm/llama_attention.h"
#include "llm/llama_hparams.h"
#include "llm/llama_mlp.h"
#include "llm/rms_norm.h"
#include "torch_pch.h"

namespace facellava::model {

class LlamaDecoderLayerImpl : public torch::nn::Module {
  public:
    LlamaDecoderLayerImpl(const LlamaHParams& hp, const torch::TensorOptions& options);

    // (B, T, H) → (B, T, H); records "layers.<layer>.attn_out", ".mlp_out", ".out".
    torch::Tensor forward(const torch::Tensor& x, const LayerContext& ctx, int64_t layer);

    // forward() with the residual stream passed as (residual, pending): the
    // layer's input is residual + pending (pending undefined: residual
    // alone), and it returns (h, mlp output) without adding them, so the next
    // layer's norm (or the final one) does that add in the same kernel
    // (RMSNorm::forward_after_add). For decode steps, which record nothing.
    std::pair<torch::Tensor, torch::Tensor> forward_deferred(const torch::Tensor& residual,
                                                             const torch::Tensor& pending,
                                                             const LayerContext& ctx,
                                                             int64_t layer);

  private:
    RMSNorm input_layernorm_{nullptr};
    LlamaAttention self_attn_{nullptr};
    RMSNorm post_attention_layernorm_{nullptr};
    LlamaMLP mlp_{nullptr};
};
TORCH_MODULE(LlamaDecoderLayer);

}  // namespace facellava::model
