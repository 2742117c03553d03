#include "llm/rms_norm.h"

#include <torch/version.h>

namespace facellava::model {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps, const torch::TensorOptions& options) : eps_(eps) {
    // Ones as in HF; the checkpoint overwrites it.
    weight_ = register_parameter("weight", torch::ones({dim}, options));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor& x) {
    const auto input_dtype = x.scalar_type();
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    // On a GPU: LibTorch's fused kernel, one launch (and one backward) instead
    // of eight; decode steps are launch-bound and training's float32 residual
    // stream is bandwidth-bound. It normalises in float32 as HF does; 16-bit
    // inputs round once after the weight, where HF rounds before it too
    // (within one bf16 step of HF), and float32 differs from HF only in the
    // order of the mean's sum. The CPU keeps HF's exact sequence below.
    if (x.is_cuda() && weight_.scalar_type() == input_dtype)
        return at::rms_norm(x, {x.size(-1)}, weight_, eps_);
#endif
    auto h = x.to(torch::kFloat32);
    const auto variance = h.pow(2).mean(-1, /*keepdim=*/true);  // (..., 1)
    h = h * torch::rsqrt(variance + eps_);
    return weight_ * h.to(input_dtype);
}

}  // namespace facellava::model
