// The AVX2 + FMA + F16C row kernels (cpu_quant_rows.h). Each function carries
// its own target attribute instead of a per-file -mavx2, so the rest of the
// build (and this file's other code) stays runnable on any x86-64; the
// dispatcher calls these only after checking the CPU at run time.
//
// int8: 8 codes at a time widened to float and fused-multiply-added with x;
// the row's scale is applied once at the end.
// int4: the activation arrives split into even/odd columns, so once 8 bytes
// are widened to 32-bit lanes their low nibbles pair with 8 consecutive even
// inputs and their high ones with the odd inputs: no shuffle back into
// column order. Per group the kernel sums nibble · x in vectors and scales
// it; each row then subtracts Σ_g scale · zero · Σx_g (the group sums are
// prepared once per call).
//
// Measured on the 2-vCPU EPYC dev VM, one thread: L2-resident int4 runs at
// 16-18 G weights/s, int8 at 24 (the integer path, cpu_quant_q8_rows.h, at
// 57-69 and 43).
#include "quant/cpu_quant_rows.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#include <algorithm>
#include <vector>

#define FACELLAVA_AVX2 __attribute__((target("avx2,fma,f16c")))

namespace facellava::model::quant::rows {
namespace {

FACELLAVA_AVX2 inline float hsum(__m256 v) {
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

FACELLAVA_AVX2 inline float half_to_float(uint16_t bits) {
    return _cvtsh_ss(bits);
}

// 8 signed codes → 8 floats.
FACELLAVA_AVX2 inline __m256 widen_int8(const uint8_t* p) {
    const __m128i codes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(codes));
}

// The low 8 unsigned bytes of v → 8 floats.
FACELLAVA_AVX2 inline __m256 widen_uint8(__m128i v) {
    return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(v));
}

// 8 bytes → 8 unsigned 32-bit lanes (straight from memory: one shuffle).
FACELLAVA_AVX2 inline __m256i widen_bytes(const uint8_t* p) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
}

// The low and high nibbles of widened bytes, as floats; a widened byte needs
// no mask for its high nibble.
FACELLAVA_AVX2 inline __m256 low_nibbles(__m256i bytes, __m256i low4) {
    return _mm256_cvtepi32_ps(_mm256_and_si256(bytes, low4));
}
FACELLAVA_AVX2 inline __m256 high_nibbles(__m256i bytes) {
    return _mm256_cvtepi32_ps(_mm256_srli_epi32(bytes, 4));
}

// A row's float16 scales → float32.
FACELLAVA_AVX2 void row_scales(const uint16_t* bits, int64_t n, float* out) {
    int64_t g = 0;
    for (; g + 8 <= n; g += 8) {
        const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bits + g));
        _mm256_storeu_ps(out + g, _mm256_cvtph_ps(h));
    }
    for (; g < n; ++g)
        out[g] = half_to_float(bits[g]);
}

// Σ_g scale_g · zero_g · Σx_g over one row's groups: the zero points' share
// of its product, subtracted once instead of per group.
FACELLAVA_AVX2 float zero_term(const float* scales, const uint8_t* zeros, const float* sums,
                               int64_t groups) {
    __m256 acc = _mm256_setzero_ps();
    int64_t g = 0;
    for (; g + 8 <= groups; g += 8) {
        const __m256 zero =
            zeros != nullptr
                ? widen_uint8(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(zeros + g)))
                : _mm256_set1_ps(8.0f);
        acc = _mm256_fmadd_ps(_mm256_mul_ps(_mm256_loadu_ps(scales + g), zero),
                              _mm256_loadu_ps(sums + g), acc);
    }
    float total = hsum(acc);
    for (; g < groups; ++g)
        total += scales[g] * (zeros != nullptr ? static_cast<float>(zeros[g]) : 8.0f) * sums[g];
    return total;
}

// Wide rows go kRows at a time: they share every load of x (a wide row's x
// no longer fits L1 next to the codes) and give the FMA units independent
// chains. Narrow rows go one at a time, so the codes stream in address order:
// four interleaved 1-2 KiB streams defeat the hardware prefetcher (int8
// 8192x2048 streamed at 8 against 15 GB/s), and software prefetching only
// got part of it back.
// (kRows, kWideRowBytes and prefetch_distance: cpu_quant_rows.h.)

// A hint: past the matrix's end it is dropped, never faults.
FACELLAVA_AVX2 inline void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0);
}

template <int R>
FACELLAVA_AVX2 inline void int8_block(const WeightView& w, const float* x, int64_t r0, float* y) {
    const int64_t cols = w.cols;
    const uint8_t* codes[R];
    for (int k = 0; k < R; ++k)
        codes[k] = w.data + (r0 + k) * w.row_bytes;
    __m256 a0[R], a1[R];
    for (int k = 0; k < R; ++k)
        a0[k] = a1[k] = _mm256_setzero_ps();
    const int64_t ahead = prefetch_distance(w.row_bytes);
    int64_t c = 0;
    for (; c + 16 <= cols; c += 16) {
        const __m256 x0 = _mm256_loadu_ps(x + c);
        const __m256 x1 = _mm256_loadu_ps(x + c + 8);
        for (int k = 0; k < R; ++k) {
            if (R > 1 && (c & 63) == 0)
                prefetch(codes[k] + c + ahead);
            a0[k] = _mm256_fmadd_ps(widen_int8(codes[k] + c), x0, a0[k]);
            a1[k] = _mm256_fmadd_ps(widen_int8(codes[k] + c + 8), x1, a1[k]);
        }
    }
    if (c + 8 <= cols) {
        const __m256 x0 = _mm256_loadu_ps(x + c);
        for (int k = 0; k < R; ++k)
            a0[k] = _mm256_fmadd_ps(widen_int8(codes[k] + c), x0, a0[k]);
        c += 8;
    }
    for (int k = 0; k < R; ++k) {
        float acc = hsum(_mm256_add_ps(a0[k], a1[k]));
        for (int64_t t = c; t < cols; ++t)
            acc += static_cast<float>(static_cast<int8_t>(codes[k][t])) * x[t];
        y[k] = acc * half_to_float(w.scales[r0 + k]);
    }
}

// Adds Σ nibble · x over bytes [b, b + 16 · chunks) of each row to a0/a1.
template <int R>
FACELLAVA_AVX2 inline void int4_chunks(const uint8_t* const* rows, const Int4Activation& x,
                                       int64_t b, int64_t chunks, int64_t ahead, __m256* a0,
                                       __m256* a1) {
    const __m256i low4 = _mm256_set1_epi32(0x0F);
    for (int64_t i = 0; i < chunks; ++i, b += 16) {
        const __m256 even0 = _mm256_loadu_ps(x.even + b);
        const __m256 even1 = _mm256_loadu_ps(x.even + b + 8);
        const __m256 odd0 = _mm256_loadu_ps(x.odd + b);
        const __m256 odd1 = _mm256_loadu_ps(x.odd + b + 8);
        for (int k = 0; k < R; ++k) {
            if (R > 1 && (b & 63) == 0)
                prefetch(rows[k] + b + ahead);
            const __m256i v0 = widen_bytes(rows[k] + b);
            const __m256i v1 = widen_bytes(rows[k] + b + 8);
            a0[k] = _mm256_fmadd_ps(low_nibbles(v0, low4), even0, a0[k]);
            a1[k] = _mm256_fmadd_ps(high_nibbles(v0), odd0, a1[k]);
            a0[k] = _mm256_fmadd_ps(low_nibbles(v1, low4), even1, a0[k]);
            a1[k] = _mm256_fmadd_ps(high_nibbles(v1), odd1, a1[k]);
        }
    }
}

// R rows of int4. kChunks > 0: every group is kChunks 16-byte chunks (groups
// of 32, 64, 128), so whole groups run without per-group loop tests; the
// partial last group, and any other group size, take the general loop.
template <int R, int kChunks>
FACELLAVA_AVX2 inline void int4_block(const WeightView& w, const Int4Activation& x, int64_t r0,
                                      float* scales, float* y) {
    const __m256i low4 = _mm256_set1_epi32(0x0F);
    const int64_t half_group = w.group / 2;  // bytes per group (the group is even)
    const uint8_t* rows[R];
    for (int k = 0; k < R; ++k) {
        rows[k] = w.data + (r0 + k) * w.row_bytes;
        row_scales(w.scales + (r0 + k) * w.groups, w.groups, scales + k * w.groups);
    }
    const int64_t ahead = prefetch_distance(w.row_bytes);
    __m256 total[R];
    float correction[R];  // scalar tails − Σ_g scale · zero · Σx_g
    for (int k = 0; k < R; ++k) {
        total[k] = _mm256_setzero_ps();
        correction[k] = -zero_term(scales + k * w.groups,
                                   w.zeros != nullptr ? w.zeros + (r0 + k) * w.groups : nullptr,
                                   x.group_sums, w.groups);
    }
    int64_t g = 0;
    if (kChunks > 0) {
        const int64_t whole = w.cols / w.group;
        for (; g < whole; ++g) {
            // Fresh accumulators per group: groups overlap in the pipeline,
            // only `total` chains them.
            __m256 a0[R], a1[R];
            for (int k = 0; k < R; ++k)
                a0[k] = a1[k] = _mm256_setzero_ps();
            int4_chunks<R>(rows, x, g * half_group, kChunks, ahead, a0, a1);
            for (int k = 0; k < R; ++k)
                total[k] = _mm256_fmadd_ps(_mm256_add_ps(a0[k], a1[k]),
                                           _mm256_set1_ps(scales[k * w.groups + g]), total[k]);
        }
    }
    for (; g < w.groups; ++g) {
        const int64_t first = g * half_group;
        const int64_t last = std::min(w.row_bytes, first + half_group);
        __m256 a0[R], a1[R];
        for (int k = 0; k < R; ++k)
            a0[k] = a1[k] = _mm256_setzero_ps();
        const int64_t chunks = (last - first) / 16;
        int4_chunks<R>(rows, x, first, chunks, ahead, a0, a1);
        int64_t b = first + 16 * chunks;
        if (b + 8 <= last) {
            const __m256 even0 = _mm256_loadu_ps(x.even + b);
            const __m256 odd0 = _mm256_loadu_ps(x.odd + b);
            for (int k = 0; k < R; ++k) {
                const __m256i v0 = widen_bytes(rows[k] + b);
                a0[k] = _mm256_fmadd_ps(low_nibbles(v0, low4), even0, a0[k]);
                a1[k] = _mm256_fmadd_ps(high_nibbles(v0), odd0, a1[k]);
            }
            b += 8;
        }
        for (int k = 0; k < R; ++k) {
            const float scale = scales[k * w.groups + g];
            total[k] =
                _mm256_fmadd_ps(_mm256_add_ps(a0[k], a1[k]), _mm256_set1_ps(scale), total[k]);
            if (b < last) {  // a partial last group: its last bytes one by one
                float tail = 0.0f;
                for (int64_t t = b; t < last; ++t)
                    tail += static_cast<float>(rows[k][t] & 0x0F) * x.even[t] +
                            static_cast<float>(rows[k][t] >> 4) * x.odd[t];
                correction[k] += scale * tail;
            }
        }
    }
    for (int k = 0; k < R; ++k)
        y[k] = hsum(total[k]) + correction[k];
}

// Rows [begin, end) with R rows at a time, the rest one by one.
template <int kChunks>
FACELLAVA_AVX2 void int4_rows(const WeightView& w, const Int4Activation& x, int64_t begin,
                              int64_t end, float* y) {
    std::vector<float> scales(static_cast<size_t>(kRows * w.groups));  // (kRows, groups)
    int64_t r = begin;
    if (w.row_bytes >= kWideRowBytes)
        for (; r + kRows <= end; r += kRows)
            int4_block<kRows, kChunks>(w, x, r, scales.data(), y + (r - begin));
    for (; r < end; ++r)
        int4_block<1, kChunks>(w, x, r, scales.data(), y + (r - begin));
}

}  // namespace

FACELLAVA_AVX2 void int8_rows_avx2(const WeightView& w, const float* x, int64_t begin, int64_t end,
                                   float* y) {
    int64_t r = begin;
    if (w.row_bytes >= kWideRowBytes)
        for (; r + kRows <= end; r += kRows)
            int8_block<kRows>(w, x, r, y + (r - begin));
    for (; r < end; ++r)
        int8_block<1>(w, x, r, y + (r - begin));
}

FACELLAVA_AVX2 void int4_rows_avx2(const WeightView& w, const Int4Activation& x, int64_t begin,
                                   int64_t end, float* y) {
    switch (w.group) {
        case 32:
            return int4_rows<1>(w, x, begin, end, y);
        case 64:
            return int4_rows<2>(w, x, begin, end, y);
        case 128:
            return int4_rows<4>(w, x, begin, end, y);
        default:
            return int4_rows<0>(w, x, begin, end, y);
    }
}

FACELLAVA_AVX2 void dequantize_rows_avx2(const WeightView& w, int64_t begin, int64_t end,
                                         float* out) {
    const int64_t cols = w.cols;
    if (w.bits == 8) {
        for (int64_t r = begin; r < end; ++r) {
            const uint8_t* codes = w.data + r * w.row_bytes;
            float* dst = out + (r - begin) * cols;
            const float scale = half_to_float(w.scales[r]);
            const __m256 vscale = _mm256_set1_ps(scale);
            int64_t c = 0;
            for (; c + 8 <= cols; c += 8)
                _mm256_storeu_ps(dst + c, _mm256_mul_ps(widen_int8(codes + c), vscale));
            for (; c < cols; ++c)
                dst[c] = static_cast<float>(static_cast<int8_t>(codes[c])) * scale;
        }
        return;
    }
    const __m128i low4 = _mm_set1_epi8(0x0F);
    for (int64_t r = begin; r < end; ++r) {
        const uint8_t* row = w.data + r * w.row_bytes;
        float* dst = out + (r - begin) * cols;
        for (int64_t g = 0; g < w.groups; ++g) {
            const float scale = half_to_float(w.scales[r * w.groups + g]);
            const int zero = w.zeros != nullptr ? w.zeros[r * w.groups + g] : 8;
            const __m256 vscale = _mm256_set1_ps(scale);
            const __m256 vzero = _mm256_set1_ps(static_cast<float>(zero));
            const int64_t last = std::min(cols, (g + 1) * w.group);
            int64_t c = g * w.group;  // even, as every group is
            for (; c + 32 <= last; c += 32) {
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + c / 2));
                const __m128i lo = _mm_and_si128(v, low4);
                const __m128i hi = _mm_and_si128(_mm_srli_epi16(v, 4), low4);
                // Back into column order: low, high, low, high, …
                const __m128i first = _mm_unpacklo_epi8(lo, hi);   // columns c … c + 15
                const __m128i second = _mm_unpackhi_epi8(lo, hi);  // c + 16 … c + 31
                const __m128i parts[4] = {first, _mm_srli_si128(first, 8), second,
                                          _mm_srli_si128(second, 8)};
                for (int k = 0; k < 4; ++k)
                    _mm256_storeu_ps(
                        dst + c + 8 * k,
                        _mm256_mul_ps(_mm256_sub_ps(widen_uint8(parts[k]), vzero), vscale));
            }
            for (; c < last; ++c) {
                const int nibble = (row[c >> 1] >> ((c & 1) * 4)) & 0x0F;
                dst[c] = static_cast<float>(nibble - zero) * scale;
            }
        }
    }
}

}  // namespace facellava::model::quant::rows

#else  // not x86: cpu_path_supported(avx2) is false, these are never called.

#include <stdexcept>

namespace facellava::model::quant::rows {

void int8_rows_avx2(const WeightView&, const float*, int64_t, int64_t, float*) {
    throw std::logic_error("AVX2 quantized kernels called on a CPU without AVX2");
}
void int4_rows_avx2(const WeightView&, const Int4Activation&, int64_t, int64_t, float*) {
    throw std::logic_error("AVX2 quantized kernels called on a CPU without AVX2");
}
void dequantize_rows_avx2(const WeightView&, int64_t, int64_t, float*) {
    throw std::logic_error("AVX2 quantized kernels called on a CPU without AVX2");
}

}  // namespace facellava::model::quant::rows

#endif
