// LLaMA's RMSNorm: x / sqrt(mean(x²) + eps) · weight, normalised in float32
// whatever the model dtype (as HF LlamaRMSNorm), so half-precision runs keep
// the reference numerics.
#pragma once

#include <utility>

#include "torch_pch.h"

namespace facellava::model {

class RMSNormImpl : public torch::nn::Module {
  public:
    RMSNormImpl(int64_t dim, double eps, const torch::TensorOptions& options = torch::kFloat32);

    // (..., dim) → (..., dim)
    torch::Tensor forward(const torch::Tensor& x);
    // {x + delta, forward(x + delta)}: a residual add and this norm, one
    // kernel on a GPU at inference.
    std::pair<torch::Tensor, torch::Tensor> forward_after_add(const torch::Tensor& x,
                                                              const torch::Tensor& delta);

  private:
    torch::Tensor weight_;  // (dim), checkpoint key "weight"
    double eps_;
};
TORCH_MODULE(RMSNorm);

}  // namespace facellava::model
