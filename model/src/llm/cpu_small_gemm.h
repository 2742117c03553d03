// A "skinny" GEMM for the CPU: y = x · Wᵀ with a few activation rows (a
// batched decode step), float32.
//
// A decode step is memory-bound: it should read every weight once. One row
// goes through torch::mv, which does; 2-16 rows through torch::linear went to
// LibTorch 1.13's BLAS sgemm, which for a small m packs the weight and ran at
// a third of the bandwidth floor (200m model: 104 ms a step at batch 4, 33 at
// batch 1). Here each weight row is read once per call and dotted with every
// activation row, which stays in cache. The caller and one helper thread
// split the output rows (runtime/cpu_helper_thread.h). The
// vectorised paths (AVX-512F, else AVX2; both with FMA) are chosen at run
// time from the CPU's features, as the quantized kernels' are
// (quant/cpu_quant_kernels.h); the portable path is the reference and the
// fallback.
#pragma once

#include <string>

#include "llm/cpu_small_gemm_rows.h"
#include "torch_pch.h"

namespace facellava::model {

// The most activation rows the skinny GEMM takes (small_gemm_rows::kMaxRows):
// past it the products are compute-bound and BLAS's packed sgemm is as fast.
constexpr int64_t kSmallGemmMaxRows = small_gemm_rows::kMaxRows;

enum class SmallGemmPath { off, portable, avx2, avx512 };

// The best path this CPU runs, unless FACELLAVA_SMALL_GEMM names another:
// "off" (torch::linear, the bench's same-run baseline), "portable", or "avx2"
// where the CPU has it. Read at every call, so tests and benches may toggle it.
SmallGemmPath small_gemm_path();
std::string small_gemm_name(SmallGemmPath path);  // "off", "portable", "avx2", "avx512"
bool small_gemm_supported(SmallGemmPath path);

// True when small_gemm(x, weight) takes this product: the path is not off, no
// gradient is recorded, x (..., K) and weight (N, K) are float32 on the CPU,
// x has 2 … kSmallGemmMaxRows rows of K and the weight's rows are contiguous
// with stride K (a row block of a larger matrix qualifies, llm/adjacent_rows.h;
// a column slice does not).
bool small_gemm_applies(const torch::Tensor& x, const torch::Tensor& weight);

// x (..., K) · weightᵀ (N, K) → (..., N) on small_gemm_path().
torch::Tensor small_gemm(const torch::Tensor& x, const torch::Tensor& weight);
// The same on a chosen path (tests compare the paths); 1 … kSmallGemmMaxRows
// rows; throws when the CPU lacks the path or the operands do not qualify.
torch::Tensor small_gemm(const torch::Tensor& x, const torch::Tensor& weight, SmallGemmPath path);

}  // namespace facellava::model
