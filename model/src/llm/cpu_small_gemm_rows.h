// Row kernels behind cpu_small_gemm.cpp: y = x · Wᵀ for a few activation rows
// as raw float pointers, so the dispatcher checks tensors once and the
// kernels stay free of torch. The portable loops (cpu_small_gemm.cpp) are the
// reference; the AVX2 and AVX-512 functions are compiled for their target
// alone (function attributes) and may only be called after
// small_gemm_supported() said yes for their path.
#pragma once

#include <cstdint>

namespace facellava::model::small_gemm_rows {

// The most activation rows one call takes (cpu_small_gemm.h explains the value).
constexpr int64_t kMaxRows = 16;

// x (m, k), w (n, k) and y (m, n), all row-major with rows back to back.
struct Operands {
    int64_t m = 0;  // activation rows, 1 … kMaxRows
    int64_t k = 0;  // inputs
    int64_t n = 0;  // outputs (weight rows)
    const float* x = nullptr;
    const float* w = nullptr;
    float* y = nullptr;
};

// The vectorised kernels' blocking: kWeightRows weight rows at a time share
// every load of x, and the columns go in blocks of kColumnBlock so a block's
// weights (kWeightRows × kColumnBlock floats, 8 KiB) stay in L1 while every
// activation row passes over them. The weights are read from memory once.
// Eight rows in flight read the 32000x1024 lm_head at 19 GB/s on one thread
// of the 2-vCPU EPYC (Zen 4), four at 13-15, with no software prefetch (it
// cost bandwidth); longer column blocks or a whole row per pass changed
// nothing, shorter ones (128) lost 10 %.
constexpr int kWeightRows = 8;
constexpr int64_t kColumnBlock = 256;

// y[i, r] = Σ_c x[i, c] · w[r, c] for every i < m and rows r in [begin, end).
void rows_portable(const Operands& op, int64_t begin, int64_t end);
void rows_avx2(const Operands& op, int64_t begin, int64_t end);
void rows_avx512(const Operands& op, int64_t begin, int64_t end);

}  // namespace facellava::model::small_gemm_rows
