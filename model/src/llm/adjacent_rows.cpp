#include "llm/adjacent_rows.h"

namespace facellava::model {

torch::Tensor adjacent_rows(torch::TensorList parts) {
    if (parts.empty())
        return {};
    const auto& first = parts.front();
    // Quantized layers' codes are not weights a product may use as they are.
    if (!first.defined() || first.dim() != 2 || !first.has_storage() || !first.is_floating_point())
        return {};
    const int64_t in = first.size(1);
    int64_t rows = 0;
    for (const auto& part : parts) {
        const bool adjacent = part.defined() && part.dim() == 2 && part.size(1) == in &&
                              part.is_contiguous() && part.scalar_type() == first.scalar_type() &&
                              part.device() == first.device() && part.has_storage() &&
                              part.is_alias_of(first) &&
                              part.storage_offset() == first.storage_offset() + rows * in;
        if (!adjacent)
            return {};
        rows += part.size(0);
    }
    // A plain tensor over the parameters' storage: no autograd history, no copy.
    torch::NoGradGuard no_grad;
    return torch::empty({0}, first.options().requires_grad(false))
        .set_(first.storage(), first.storage_offset(), {rows, in}, {in, 1});
}

bool fused_projection_allowed(const torch::Tensor& weight) {
    return !(torch::GradMode::is_enabled() && weight.requires_grad());
}

}  // namespace facellava::model
