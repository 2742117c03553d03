// The AVX-512 row kernel for int8 (cpu_quant_rows.h): 16 codes at a time
// widened to float and fused-multiply-added with x, the row's scale applied
// once at the end. Like the AVX2 file the function carries its own target
// attribute, and the dispatcher calls it only after checking the CPU.
//
// Only int8 has one. On the 2-vCPU EPYC (Zen 4) dev VM, where 512-bit
// operations are double-pumped, cache-resident int8 went from 18.6 to 29.3 GB/s of
// codes on one thread (2816x1024), but none of three int4 designs beat the
// AVX2 kernel (0.8-1.0x: 512-bit widening + and/shift + convert, the same with
// float "magic number" conversion, and a vpermps lookup of each group's 16
// dequantised weights), so the AVX-512 path runs int4 on the AVX2 kernel.
#include "quant/cpu_quant_rows.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define FACELLAVA_AVX512 __attribute__((target("avx512f,avx512bw,avx512vl,fma,f16c")))

namespace facellava::model::quant::rows {
namespace {

// (Row blocking: kRows, kWideRowBytes, prefetch_distance in cpu_quant_rows.h.)
FACELLAVA_AVX512 inline void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0);
}

// The first n (< 16) lanes.
FACELLAVA_AVX512 inline __mmask16 first_lanes(int64_t n) {
    return static_cast<__mmask16>((1u << n) - 1u);
}

// 16 signed codes → 16 floats; masked-off lanes read nothing and give 0.
FACELLAVA_AVX512 inline __m512 widen_int8(const uint8_t* p) {
    return _mm512_cvtepi32_ps(
        _mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}
FACELLAVA_AVX512 inline __m512 widen_int8(const uint8_t* p, __mmask16 mask) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_maskz_loadu_epi8(mask, p)));
}

template <int R>
FACELLAVA_AVX512 inline void int8_block(const WeightView& w, const float* x, int64_t r0, float* y) {
    const int64_t cols = w.cols;
    const uint8_t* codes[R];
    for (int k = 0; k < R; ++k)
        codes[k] = w.data + (r0 + k) * w.row_bytes;
    // Two chains per row, four for a lone row (FMA latency).
    constexpr int kChains = R == 1 ? 4 : 2;
    __m512 acc[R][kChains];
    for (int k = 0; k < R; ++k)
        for (int j = 0; j < kChains; ++j)
            acc[k][j] = _mm512_setzero_ps();
    const int64_t ahead = prefetch_distance(w.row_bytes);
    constexpr int64_t kStep = 16 * kChains;
    int64_t c = 0;
    for (; c + kStep <= cols; c += kStep) {
        for (int j = 0; j < kChains; ++j) {
            const __m512 xs = _mm512_loadu_ps(x + c + 16 * j);
            for (int k = 0; k < R; ++k) {
                if (R > 1 && ((c + 16 * j) & 63) == 0)
                    prefetch(codes[k] + c + 16 * j + ahead);
                acc[k][j] = _mm512_fmadd_ps(widen_int8(codes[k] + c + 16 * j), xs, acc[k][j]);
            }
        }
    }
    for (; c < cols; c += 16) {  // the last 1-15 columns under a mask
        const __mmask16 mask = cols - c >= 16 ? __mmask16(0xFFFF) : first_lanes(cols - c);
        const __m512 xs = _mm512_maskz_loadu_ps(mask, x + c);
        for (int k = 0; k < R; ++k)
            acc[k][0] = _mm512_fmadd_ps(widen_int8(codes[k] + c, mask), xs, acc[k][0]);
    }
    for (int k = 0; k < R; ++k) {
        __m512 sum = acc[k][0];
        for (int j = 1; j < kChains; ++j)
            sum = _mm512_add_ps(sum, acc[k][j]);
        y[k] = _mm512_reduce_add_ps(sum) * _cvtsh_ss(w.scales[r0 + k]);
    }
}

}  // namespace

FACELLAVA_AVX512 void int8_rows_avx512(const WeightView& w, const float* x, int64_t begin,
                                       int64_t end, float* y) {
    int64_t r = begin;
    if (w.row_bytes >= kWideRowBytes)
        for (; r + kRows <= end; r += kRows)
            int8_block<kRows>(w, x, r, y + (r - begin));
    for (; r < end; ++r)
        int8_block<1>(w, x, r, y + (r - begin));
}

}  // namespace facellava::model::quant::rows

#else  // not x86: cpu_path_supported(avx512) is false, these are never called.

#include <stdexcept>

namespace facellava::model::quant::rows {

void int8_rows_avx512(const WeightView&, const float*, int64_t, int64_t, float*) {
    throw std::logic_error("AVX-512 quantized kernels called on a CPU without AVX-512");
}

}  // namespace facellava::model::quant::rows

#endif
