// The switch in front of the fused kernels, the same in every build.
#include "kernels/fused_kernels.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace facellava::model::kernels {

bool enabled() {
    if (!built())
        return false;
    const char* flag = std::getenv("FACELLAVA_FUSED_KERNELS");
    return !(flag != nullptr && std::strcmp(flag, "0") == 0);
}

bool applies_to(std::initializer_list<torch::Tensor> tensors) {
    // Cheapest refusals first: this sits in front of every norm and product.
    if (tensors.size() == 0 || !tensors.begin()->defined() || !tensors.begin()->is_cuda() ||
        !enabled())
        return false;
    const auto dtype = tensors.begin()->scalar_type();
    if (dtype != torch::kFloat32 && dtype != torch::kFloat16 && dtype != torch::kBFloat16)
        return false;
    const bool recording = torch::GradMode::is_enabled();
    for (const auto& t : tensors) {
        if (!t.defined() || !t.is_cuda() || t.scalar_type() != dtype ||
            (recording && t.requires_grad()))
            return false;
    }
    return true;
}

bool gemv_applies(const torch::Tensor& x, const torch::Tensor& weight) {
    if (!applies_to({x, weight}) || weight.dim() != 2 || !weight.is_contiguous() ||
        !x.is_contiguous() || x.numel() != weight.size(1))
        return false;
    const char* flag = std::getenv("FACELLAVA_FUSED_GEMV");
    if (flag != nullptr && std::strcmp(flag, "0") == 0)
        return false;
    const int64_t pack = 16 / static_cast<int64_t>(weight.element_size());
    const auto aligned = [](const torch::Tensor& t) {
        return reinterpret_cast<std::uintptr_t>(t.data_ptr()) % 16 == 0;
    };
    return weight.size(1) % pack == 0 && aligned(weight) && aligned(x);
}

bool quant_gemv_applies(const torch::Tensor& x, const quant::QuantizedWeight& w) {
    if (!applies_to({x}) || !x.is_contiguous() || x.numel() != w.cols || w.rows <= 0)
        return false;
    const auto& s = w.scheme;
    if (!(s.bits == 8 && !s.zero_points) && !(s.bits == 4 && s.group > 0))
        return false;
    // The scheme's shapes and dtypes (quantized_weight.h), computed here so
    // that the gate needs no more than the header.
    const int64_t groups = s.bits == 8 ? 1 : (w.cols + s.group - 1) / s.group;
    const int64_t row_bytes = s.bits == 8 ? w.cols : (w.cols + 1) / 2;
    const auto on_x = [&](const torch::Tensor& t, torch::Dtype dtype, int64_t cols) {
        return t.defined() && t.device() == x.device() && t.scalar_type() == dtype &&
               t.dim() == 2 && t.size(0) == w.rows && t.size(1) == cols && t.is_contiguous();
    };
    if (!on_x(w.data, s.bits == 8 ? torch::kInt8 : torch::kUInt8, row_bytes) ||
        !on_x(w.scales, torch::kFloat16, groups) ||
        (s.zero_points ? !on_x(w.zeros, torch::kUInt8, groups) : w.zeros.defined()))
        return false;
    const char* flag = std::getenv("FACELLAVA_FUSED_GEMV");
    return !(flag != nullptr && std::strcmp(flag, "0") == 0);
}

}  // namespace facellava::model::kernels
