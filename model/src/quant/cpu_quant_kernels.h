// CPU products with quantized weights (quantized_weight.h): y = x · Wᵀ where
// W is dequantised on the fly, each weight byte read once per call.
//
//   one activation row (a decode step): a GEMV that streams the codes;
//   several rows (a prefill): output rows in tiles, each tile dequantised
//   once into a float32 buffer and multiplied with every activation row;
//   2-16 rows (a batched decode step) by the skinny GEMM
//   (llm/cpu_small_gemm.h) on smaller tiles still in L2, more by BLAS.
// Threads split the output rows (at::parallel_for). The vectorised paths
// (AVX-512 F/BW/VL, else AVX2; both with FMA + F16C) are chosen at run time
// from the CPU's features; the portable path is the reference and the
// fallback. LibTorch 1.13's fbgemm operators quantize the activations too
// (int8 × int8 with one scale per tensor), which is not weight-only and
// loses accuracy, so they are not used.
#pragma once

#include <string>

#include "quant/quantized_weight.h"
#include "torch_pch.h"

namespace facellava::model::quant {

enum class CpuKernelPath { portable, avx2, avx512 };

// The best path this CPU runs, unless FACELLAVA_QUANT_KERNELS names another
// ("portable", or "avx2" where the CPU has it; read at every call, so tests
// and benches may toggle it).
CpuKernelPath cpu_kernel_path();
std::string cpu_kernel_name(CpuKernelPath path);  // "portable", "avx2", "avx512"
bool cpu_path_supported(CpuKernelPath path);

// x (m, cols) float32 contiguous, w on the CPU → (m, rows) float32.
torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w);
// The same on a chosen path (tests compare the paths; throws when the CPU
// lacks it).
torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w,
                                   CpuKernelPath path);

}  // namespace facellava::model::quant
