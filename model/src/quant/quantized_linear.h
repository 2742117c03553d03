// The product of an activation with a quantized weight, on whichever device
// holds it: the single entry the LLaMA linear layers call.
//
//   CPU: cpu_quant_kernels.h (float32 arithmetic; 16-bit activations are
//        widened and the result rounded back).
//   CUDA, one row (decode): the fused quantized GEMV (kernels/fused_kernels.h),
//        dequantising in registers; captured by the decode step's CUDA graph.
//   CUDA, several rows (prefill), or without the kernels: dequantised to the
//        activation dtype, then cuBLAS.
#pragma once

#include "quant/quantized_weight.h"
#include "torch_pch.h"

namespace facellava::model::quant {

// x (..., cols) float32/float16/bfloat16 on w's device → (..., rows), x's dtype.
torch::Tensor quantized_linear(const torch::Tensor& x, const QuantizedWeight& w);

}  // namespace facellava::model::quant
