#include "quant/quantized_linear.h"

#include "facellava/core/error.h"
#include "kernels/fused_kernels.h"
#include "quant/cpu_quant_kernels.h"

namespace facellava::model::quant {

torch::Tensor quantized_linear(const torch::Tensor& x, const QuantizedWeight& w) {
    if (x.dim() < 1 || x.size(-1) != w.cols)
        throw Error("a quantized " + std::to_string(w.rows) + "×" + std::to_string(w.cols) +
                    " layer takes inputs of " + std::to_string(w.cols) + " values, got " +
                    c10::str(x.sizes()));
    if (x.device() != w.device())
        throw Error("the input is on " + x.device().str() + ", the quantized weight on " +
                    w.device().str());
    auto sizes = x.sizes().vec();
    sizes.back() = w.rows;
    if (x.is_cuda()) {
        // One row (a decode step): the codes stream once through registers.
        if (kernels::quant_gemv_applies(x, w))
            return kernels::quant_gemv(x, w);
        // Several rows: a 16-bit copy of the weight for cuBLAS, a transient
        // the size of this one layer.
        const auto weight = kernels::applies_to({x}) ? kernels::quant_dequantize(w, x.scalar_type())
                                                     : dequantize(w).to(x.scalar_type());
        return torch::linear(x, weight);
    }
    const auto rows = x.reshape({-1, w.cols}).to(torch::kFloat32).contiguous();  // (m, cols)
    return cpu_quantized_matmul(rows, w).to(x.scalar_type()).view(sizes);        // (..., rows)
}

}  // namespace facellava::model::quant
