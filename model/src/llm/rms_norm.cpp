#include "llm/rms_norm.h"

#include <torch/version.h>

#include "kernels/fused_kernels.h"

namespace facellava::model {

RMSNormImpl::RMSNormImpl(int64_t dim, double eps, const torch::TensorOptions& options) : eps_(eps) {
    // Ones as in HF; the checkpoint overwrites it.
    weight_ = register_parameter("weight", torch::ones({dim}, options));
}

torch::Tensor RMSNormImpl::forward(const torch::Tensor& x) {
    // Inference on a GPU: one hand-written kernel with HF's exact rounding
    // steps (LibTorch's fused one rounds once, and takes 5.8 µs for a
    // 4096-wide decode row on an H200).
    if (kernels::applies_to({x, weight_}))
        return kernels::rms_norm(x, weight_, eps_);
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

std::pair<torch::Tensor, torch::Tensor> RMSNormImpl::forward_after_add(const torch::Tensor& x,
                                                                       const torch::Tensor& delta) {
    if (kernels::applies_to({x, delta, weight_}) && x.sizes() == delta.sizes())
        return kernels::add_rms_norm(x, delta, weight_, eps_);
    auto sum = x + delta;
    auto normed = forward(sum);
    return {std::move(sum), std::move(normed)};
}

}  // namespace facellava::model
