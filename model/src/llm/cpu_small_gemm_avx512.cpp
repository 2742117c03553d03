// The AVX-512F skinny GEMM (cpu_small_gemm_rows.h). The function carries its
// own target attribute instead of a per-file -mavx512f, so the rest of the
// build stays runnable on any x86-64; the dispatcher calls it only after
// checking the CPU at run time.
//
// Per block of kWeightRows weight rows and kColumnBlock columns, every pass
// takes kActivationRows activation rows: 16 accumulators (one per weight row
// × activation row, each a vector of partial sums over the columns), 8
// weight and 2 activation loads per 16 FMAs; the passes after the first read
// the block's weights from L1. The partial sums wait in a small buffer
// between column blocks and are reduced once per output at the end. No
// software prefetch: with eight rows in flight the hardware keeps up, and
// _mm_prefetch of the next block cost bandwidth (lm_head, Zen 4).
#include "llm/cpu_small_gemm_rows.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#include <algorithm>

#define FACELLAVA_AVX512 __attribute__((target("avx512f,fma")))

namespace facellava::model::small_gemm_rows {
namespace {

constexpr int kLanes = 16;
// kWeightRows × kActivationRows = 16 accumulators + 8 weight + 1 activation
// vectors: 25 of the 32 registers. Four activation rows (32 accumulators)
// spill; tiles of 4 × 4 or 6 × 4 were within 5 % at 16 rows and slower at 2-8.
constexpr int kActivationRows = 2;

// Σ of the 16 lanes. The masked forms with an explicit source: the plain
// ones (and _mm512_reduce_add_ps) start from _mm512_undefined_ps(), which
// trips GCC 12's -Wmaybe-uninitialized once inlined here.
FACELLAVA_AVX512 inline float hsum(__m512 v) {
    const __m512 halves =
        _mm512_add_ps(v, _mm512_mask_shuffle_f32x4(v, 0xffff, v, v, _MM_SHUFFLE(1, 0, 3, 2)));
    const __m128 zero = _mm_setzero_ps();
    __m128 sum = _mm_add_ps(_mm512_mask_extractf32x4_ps(zero, 0xf, halves, 0),
                            _mm512_mask_extractf32x4_ps(zero, 0xf, halves, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

// acc (M, R) vectors += the lane-wise products over columns [0, cols) of
// activation rows x[i · k …] and weight rows w[j · k …].
template <int R, int M>
FACELLAVA_AVX512 inline void tile(const float* w, const float* x, int64_t k, int64_t cols,
                                  float* acc) {
    __m512 a[M][R];
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < R; ++j)
            a[i][j] = _mm512_load_ps(acc + (i * R + j) * kLanes);
    int64_t c = 0;
    for (; c + kLanes <= cols; c += kLanes) {
        __m512 wv[R];
        for (int j = 0; j < R; ++j)
            wv[j] = _mm512_loadu_ps(w + j * k + c);
        for (int i = 0; i < M; ++i) {
            const __m512 xv = _mm512_loadu_ps(x + i * k + c);
            for (int j = 0; j < R; ++j)
                a[i][j] = _mm512_fmadd_ps(wv[j], xv, a[i][j]);
        }
    }
    if (c < cols) {  // the last 1-15 columns under a mask (masked-off lanes read nothing)
        const auto mask = static_cast<__mmask16>((1u << (cols - c)) - 1u);
        __m512 wv[R];
        for (int j = 0; j < R; ++j)
            wv[j] = _mm512_maskz_loadu_ps(mask, w + j * k + c);
        for (int i = 0; i < M; ++i) {
            const __m512 xv = _mm512_maskz_loadu_ps(mask, x + i * k + c);
            for (int j = 0; j < R; ++j)
                a[i][j] = _mm512_fmadd_ps(wv[j], xv, a[i][j]);
        }
    }
    for (int i = 0; i < M; ++i)
        for (int j = 0; j < R; ++j)
            _mm512_store_ps(acc + (i * R + j) * kLanes, a[i][j]);
}

// Outputs r0 … r0 + R − 1 for every activation row.
template <int R>
FACELLAVA_AVX512 void row_block(const Operands& op, int64_t r0) {
    // (m, R) vectors of partial sums, activation row i's at i · R.
    alignas(64) float acc[kMaxRows * R * kLanes];
    std::fill(acc, acc + op.m * R * kLanes, 0.0f);
    const float* w = op.w + r0 * op.k;
    for (int64_t cb = 0; cb < op.k; cb += kColumnBlock) {
        const int64_t cols = std::min(kColumnBlock, op.k - cb);
        int64_t i = 0;
        for (; i + kActivationRows <= op.m; i += kActivationRows)
            tile<R, kActivationRows>(w + cb, op.x + i * op.k + cb, op.k, cols,
                                     acc + i * R * kLanes);
        if (i < op.m)  // an odd row count's last row
            tile<R, 1>(w + cb, op.x + i * op.k + cb, op.k, cols, acc + i * R * kLanes);
    }
    for (int64_t i = 0; i < op.m; ++i)
        for (int j = 0; j < R; ++j)
            op.y[i * op.n + r0 + j] = hsum(_mm512_load_ps(acc + (i * R + j) * kLanes));
}

}  // namespace

FACELLAVA_AVX512 void rows_avx512(const Operands& op, int64_t begin, int64_t end) {
    int64_t r = begin;
    for (; r + kWeightRows <= end; r += kWeightRows)
        row_block<kWeightRows>(op, r);
    for (; r + kWeightRows / 2 <= end; r += kWeightRows / 2)  // the last 4-7 rows
        row_block<kWeightRows / 2>(op, r);
    for (; r < end; ++r)
        row_block<1>(op, r);
}

}  // namespace facellava::model::small_gemm_rows

#else  // not x86: small_gemm_supported(avx512) is false, this is never called.

#include <stdexcept>

namespace facellava::model::small_gemm_rows {

void rows_avx512(const Operands&, int64_t, int64_t) {
    throw std::logic_error("the AVX-512 skinny GEMM called on a CPU without AVX-512");
}

}  // namespace facellava::model::small_gemm_rows

#endif
