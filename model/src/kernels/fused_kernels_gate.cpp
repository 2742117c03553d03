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

}  // namespace facellava::model::kernels
