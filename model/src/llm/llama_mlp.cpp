#include "llm/llama_mlp.h"

namespace facellava::model {

LlamaLinearImpl::LlamaLinearImpl(int64_t in_features, int64_t out_features,
                                 const torch::TensorOptions& options) {
    weight_ = register_parameter("weight", torch::empty({out_features, in_features}, options));
}

torch::Tensor LlamaLinearImpl::forward(const torch::Tensor& x) {
    // One row on the CPU (a decode step): BLAS gemm with m = 1 packs the whole
    // weight matrix before using it, reading it about twice; gemv streams it
    // once, which is what a memory-bound decode step wants.
    if (x.device().is_cpu() && x.numel() == weight_.size(1) && x.dim() >= 1) {
        auto sizes = x.sizes().vec();
        sizes.back() = weight_.size(0);
        return torch::mv(weight_, x.reshape({-1})).view(sizes);
    }
    return torch::linear(x, weight_);
}

LlamaMLPImpl::LlamaMLPImpl(const LlamaHParams& hp, const torch::TensorOptions& options) {
    gate_proj_ =
        register_module("gate_proj", LlamaLinear(hp.hidden_size, hp.intermediate_size, options));
    up_proj_ =
        register_module("up_proj", LlamaLinear(hp.hidden_size, hp.intermediate_size, options));
    down_proj_ =
        register_module("down_proj", LlamaLinear(hp.intermediate_size, hp.hidden_size, options));
}

torch::Tensor LlamaMLPImpl::forward(const torch::Tensor& x) {
    const auto gate = torch::silu(gate_proj_(x));  // (B, T, I)
    const auto up = up_proj_(x);                   // (B, T, I)
    return down_proj_(gate * up);                  // (B, T, H)
}

}  // namespace facellava::model
