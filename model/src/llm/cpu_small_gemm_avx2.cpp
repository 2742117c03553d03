// The AVX2 + FMA skinny GEMM (cpu_small_gemm_rows.h), the AVX-512 kernel's
// design (cpu_small_gemm_avx512.cpp) in 8-lane vectors: per block of
// kWeightRows weight rows and kColumnBlock columns, each pass takes
// kActivationRows activation rows, and with 16 registers a pass covers half
// the block's rows (kTileRows), so all eight rows are still in flight within
// a column block. No software prefetch, as in the AVX-512 kernel. Like the
// other vectorised kernels the functions carry their own target attribute
// and run only after the dispatcher checked the CPU.
#include "llm/cpu_small_gemm_rows.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#include <algorithm>

#define FACELLAVA_AVX2 __attribute__((target("avx2,fma")))

namespace facellava::model::small_gemm_rows {
namespace {

constexpr int kLanes = 8;
// kTileRows × kActivationRows = 8 accumulators + 4 weight + 1 activation
// vectors: 13 of the 16 registers.
constexpr int kTileRows = kWeightRows / 2;
constexpr int kActivationRows = 2;

FACELLAVA_AVX2 inline float hsum(__m256 v) {
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

// The first n (< 8) lanes set: a window into eight −1s then eight 0s.
FACELLAVA_AVX2 inline __m256i first_lanes(int64_t n) {
    static const int32_t window[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(window + 8 - n));
}

// acc (M, R) vectors += the lane-wise products over columns [0, cols) of
// activation rows x[i · k …] and weight rows w[j · k …].
template <int R, int M>
FACELLAVA_AVX2 inline void tile(const float* w, const float* x, int64_t k, int64_t cols,
                                float* acc) {
    __m256 a[M][R];
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < R; ++j)
            a[i][j] = _mm256_load_ps(acc + (i * R + j) * kLanes);
    int64_t c = 0;
    for (; c + kLanes <= cols; c += kLanes) {
        __m256 wv[R];
        for (int j = 0; j < R; ++j)
            wv[j] = _mm256_loadu_ps(w + j * k + c);
        for (int i = 0; i < M; ++i) {
            const __m256 xv = _mm256_loadu_ps(x + i * k + c);
            for (int j = 0; j < R; ++j)
                a[i][j] = _mm256_fmadd_ps(wv[j], xv, a[i][j]);
        }
    }
    if (c < cols) {  // the last 1-7 columns under a mask (masked-off lanes read nothing)
        const __m256i mask = first_lanes(cols - c);
        __m256 wv[R];
        for (int j = 0; j < R; ++j)
            wv[j] = _mm256_maskload_ps(w + j * k + c, mask);
        for (int i = 0; i < M; ++i) {
            const __m256 xv = _mm256_maskload_ps(x + i * k + c, mask);
            for (int j = 0; j < R; ++j)
                a[i][j] = _mm256_fmadd_ps(wv[j], xv, a[i][j]);
        }
    }
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < R; ++j)
            _mm256_store_ps(acc + (i * R + j) * kLanes, a[i][j]);
}

// Outputs r0 … r0 + R − 1 for every activation row; R is kWeightRows (two
// tiles of kTileRows per column block) or at most kTileRows (one).
template <int R>
FACELLAVA_AVX2 void row_block(const Operands& op, int64_t r0) {
    constexpr int kTile = R < kTileRows ? R : kTileRows;
    // (R / kTile, m, kTile) vectors of partial sums: tile t's activation row
    // i at (t · m + i) · kTile.
    alignas(32) float acc[kMaxRows * R * kLanes];
    std::fill(acc, acc + op.m * R * kLanes, 0.0f);
    for (int64_t cb = 0; cb < op.k; cb += kColumnBlock) {
        const int64_t cols = std::min(kColumnBlock, op.k - cb);
        for (int t = 0; t < R / kTile; ++t) {
            const float* w = op.w + (r0 + t * kTile) * op.k + cb;
            float* sums = acc + t * op.m * kTile * kLanes;
            int64_t i = 0;
            for (; i + kActivationRows <= op.m; i += kActivationRows)
                tile<kTile, kActivationRows>(w, op.x + i * op.k + cb, op.k, cols,
                                             sums + i * kTile * kLanes);
            if (i < op.m)  // an odd row count's last row
                tile<kTile, 1>(w, op.x + i * op.k + cb, op.k, cols, sums + i * kTile * kLanes);
        }
    }
    for (int t = 0; t < R / kTile; ++t)
        for (int64_t i = 0; i < op.m; ++i)
            for (int j = 0; j < kTile; ++j)
                op.y[i * op.n + r0 + t * kTile + j] =
                    hsum(_mm256_load_ps(acc + ((t * op.m + i) * kTile + j) * kLanes));
}

}  // namespace

FACELLAVA_AVX2 void rows_avx2(const Operands& op, int64_t begin, int64_t end) {
    int64_t r = begin;
    for (; r + kWeightRows <= end; r += kWeightRows)
        row_block<kWeightRows>(op, r);
    for (; r + kTileRows <= end; r += kTileRows)  // the last 4-7 rows
        row_block<kTileRows>(op, r);
    for (; r < end; ++r)
        row_block<1>(op, r);
}

}  // namespace facellava::model::small_gemm_rows

#else  // not x86: small_gemm_supported(avx2) is false, this is never called.

#include <stdexcept>

namespace facellava::model::small_gemm_rows {

void rows_avx2(const Operands&, int64_t, int64_t) {
    throw std::logic_error("the AVX2 skinny GEMM called on a CPU without AVX2");
}

}  // namespace facellava::model::small_gemm_rows

#endif
