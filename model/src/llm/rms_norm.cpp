#include "llm/rms_norm.h"

namespace facellava::model {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps, const torch::TensorOptions& options) : eps_(eps) {
    // Ones as in HF; the checkpoint overwrites it.
    weight_ = register_parameter("weight", torch::ones({dim}, options));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor& x) {
    const auto input_dtype = x.scalar_type();
    auto h = x.to(torch::kFloat32);
    const auto variance = h.pow(2).mean(-1, /*keepdim=*/true);  // (..., 1)
    h = h * torch::rsqrt(variance + eps_);
    return weight_ * h.to(input_dtype);
}

}  // namespace facellava::model
