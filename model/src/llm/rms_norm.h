// LLaMA's RMSNorm: x / sqrt(mean(x²) + eps) · weight, normalised in float32
// whatever the model dtype (as HF LlamaRMSNorm), so half-precision runs keep
// the reference numerics.
#pragma once

#include "torch_pch.h"

namespace facellava::model {

class RMSNormImpl : public torch::nn::Module {
  public:
    RMSNormImpl(int64_t dim, double eps, const torch::TensorOptions& options = torch::kFloat32);

    // (..., dim) → (..., dim)
    torch::Tensor forward(const torch::Tensor& x);

  private:
    torch::Tensor weight_;  // (dim), checkpoint key "weight"
    double eps_;
};
TORCH_MODULE(RMSNorm);

}  // namespace facellava::model
