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
// fallback. These paths multiply the weights with x exactly as given.
//
// Where the CPU has AVX-512 VNNI, int4 weights take the integer path
// instead (cpu_quant_q8_rows.h): x is rounded to int8 in blocks of 32
// columns, as llama.cpp's Q8_0 does, and multiplied by integer dot products,
// every row count alike (decode, batched decode and prefill agree). The float
// kernels spend more time widening nibbles than reading them; the integer
// ones keep up with memory. x's rounding (≤ 0.4 % of its block's largest
// value) is small beside int4's own (a 16th of a group's range), but not
// beside int8's, so int8 weights keep the exact float kernels, which read
// memory as fast on their own (docs/MODELS.md has both paths' measurements).
// FACELLAVA_QUANT_KERNELS=vnni puts int8 on the integer path too, =avx512
// keeps x exact for both. LibTorch 1.13's fbgemm operators round x with one
// scale for the whole row, which loses far more, so they are not used.
#pragma once

#include <string>

#include "quant/quantized_weight.h"
#include "torch_pch.h"

namespace facellava::model::quant {

enum class CpuKernelPath { portable, avx2, avx512, vnni };

// The best path this CPU runs, unless FACELLAVA_QUANT_KERNELS names another
// ("portable", or "avx2", "avx512" or "vnni" where the CPU has it; read at
// every call, so tests and benches may toggle it).
CpuKernelPath cpu_kernel_path();
// The path the default product takes for weights of this scheme: the best
// one, but int8 keeps x exact (avx512) unless "vnni" is forced.
CpuKernelPath cpu_kernel_path_for(const QuantScheme& scheme);
// "portable", "avx2", "avx512", "avx512-vnni"
std::string cpu_kernel_name(CpuKernelPath path);
// Whether the path rounds x to int8 (vnni) rather than using it as given.
bool cpu_path_rounds_activations(CpuKernelPath path);
bool cpu_path_supported(CpuKernelPath path);

// x (m, cols) float32 contiguous, w on the CPU → (m, rows) float32, on
// cpu_kernel_path_for(w.scheme).
torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w);
// The same on a chosen path (tests compare the paths; throws when the CPU
// lacks it).
torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w,
                                   CpuKernelPath path);

}  // namespace facellava::model::quant
