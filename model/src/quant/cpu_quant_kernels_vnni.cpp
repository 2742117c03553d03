// The AVX-512 VNNI row kernels of the integer path (cpu_quant_q8_rows.h).
// Each 64-byte chunk of codes meets the rounded activation in one or two
// vpdpbusd; the 16 int32 lane sums are converted to float and scaled by
// their lanes' activation-block scales (and, for int4, the weight groups'
// scales) into float accumulators. Two accumulators per row take alternate
// chunks, the same whether a row runs alone or in a block of kRows, so a
// row's result never depends on how the rows were split over threads.
//
// int8: vpdpbusd multiplies unsigned by signed bytes, so the activation
// arrives as |q| plus a sign mask and the sign moves onto the weight code
// (a masked 0 − code; codes are never −128).
// int4: nibbles are unsigned already. Without zero points each lane's
// integer sum starts at −8 · Σ q (prepared once per call), so it ends as
// Σ (nibble − 8) · q; with them, each row subtracts
// Σ_g scale_g · zero_g · Σ_{c∈g} x̂_c at the end.
#include "quant/cpu_quant_q8_rows.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define FACELLAVA_VNNI __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,avx2,fma,f16c")))

namespace facellava::model::quant::rows {
namespace {

// Rows go kRows at a time whatever their width (the float kernels keep
// narrow rows single, cpu_quant_rows.h): here each chunk's x, lane scales and
// offsets are three loads shared by kRows rows, which doubled the rate of
// L2-resident rows (int8 1024 wide: 25.8 → 47.6 GB/s of codes on one core).
constexpr int64_t kQ8WideRowBytes = 0;
// Each row prefetches the next block of kRows rows at its own offset (tried
// on 7B-shape layers in DRAM: 0.5-2 blocks ahead or 1-8 KiB along the row
// made at most 10 % difference; this was the best for int4).
inline int64_t q8_prefetch_distance(int64_t row_bytes) {
    return kRows * row_bytes;
}

FACELLAVA_VNNI inline void prefetch(const uint8_t* p) {
    _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0);
}

// The first n (< 64) bytes of a chunk.
FACELLAVA_VNNI inline __mmask64 first_bytes(int64_t n) {
    return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
}

FACELLAVA_VNNI inline __m512i load_codes(const uint8_t* p, int64_t available) {
    return available >= kChunkBytes ? _mm512_loadu_si512(p)
                                    : _mm512_maskz_loadu_epi8(first_bytes(available), p);
}

// The first n (≤ 16) floats of a vector.
FACELLAVA_VNNI inline __mmask16 first_floats(int64_t n) {
    return n >= 16 ? __mmask16(0xFFFF) : static_cast<__mmask16>((1u << n) - 1u);
}

// x / d rounded to the nearest integer, ties to even (nearbyint's default),
// clamped to ±127, as 16 int8.
FACELLAVA_VNNI inline __m128i round_to_int8(__m512 x, float d) {
    const __m512 r = _mm512_roundscale_ps(_mm512_div_ps(x, _mm512_set1_ps(d)),
                                          _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    const __m512 clamped =
        _mm512_max_ps(_mm512_min_ps(r, _mm512_set1_ps(127.0f)), _mm512_set1_ps(-127.0f));
    return _mm512_cvtsepi32_epi8(_mm512_cvtps_epi32(clamped));
}

// Σ over the 16 lanes of a chunk's int32 products, each lane scaled.
FACELLAVA_VNNI inline __m512 scaled(__m512i products, __m512 lane_scales, __m512 acc) {
    return _mm512_fmadd_ps(_mm512_cvtepi32_ps(products), lane_scales, acc);
}

template <int R>
FACELLAVA_VNNI inline void int8_block(const WeightView& w, const Q8Activation& x, int64_t r0,
                                      float* y) {
    const uint8_t* codes[R];
    for (int k = 0; k < R; ++k)
        codes[k] = w.data + (r0 + k) * w.row_bytes;
    __m512 acc[R][2];
    for (int k = 0; k < R; ++k)
        acc[k][0] = acc[k][1] = _mm512_setzero_ps();
    const __m512i zero = _mm512_setzero_si512();
    const int64_t ahead = q8_prefetch_distance(w.row_bytes);
    const int64_t chunks = (w.row_bytes + kChunkBytes - 1) / kChunkBytes;
    for (int64_t i = 0; i < chunks; ++i) {
        const int64_t b = i * kChunkBytes;
        const __m512i magnitude = _mm512_loadu_si512(x.magnitude.data() + b);
        const __mmask64 negative = x.negative[static_cast<size_t>(i)];
        const __m512 lane_scales = _mm512_loadu_ps(x.lane_scales.data() + i * 16);
        for (int k = 0; k < R; ++k) {
            if (R > 1)
                prefetch(codes[k] + b + ahead);
            const __m512i code = load_codes(codes[k] + b, w.row_bytes - b);
            const __m512i signed_code = _mm512_mask_sub_epi8(code, negative, zero, code);
            const __m512i products = _mm512_dpbusd_epi32(zero, magnitude, signed_code);
            acc[k][i & 1] = scaled(products, lane_scales, acc[k][i & 1]);
        }
    }
    for (int k = 0; k < R; ++k)
        y[k] =
            _mm512_reduce_add_ps(_mm512_add_ps(acc[k][0], acc[k][1])) * _cvtsh_ss(w.scales[r0 + k]);
}

// The weight-group scale of each lane of chunk i (columns 128i … 128i + 127):
// groups of 128 one per chunk, of 64 two (8 lanes each), of 32 four.
template <int kGroup>
FACELLAVA_VNNI inline __m512 group_lane_scales(const uint16_t* scales, int64_t groups, int64_t i) {
    if constexpr (kGroup == 128) {
        return _mm512_set1_ps(_cvtsh_ss(scales[i]));
    } else {
        constexpr int kPerChunk = 128 / kGroup;  // 2 or 4 groups
        const int64_t first = i * kPerChunk;
        const int64_t present = groups - first < kPerChunk ? groups - first : kPerChunk;
        const __m128i halves =
            _mm_maskz_loadu_epi16(static_cast<__mmask8>((1u << present) - 1u), scales + first);
        const __m512 four = _mm512_castps128_ps512(_mm_cvtph_ps(halves));
        const __m512i lane_group =
            kGroup == 64 ? _mm512_set_epi32(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0)
                         : _mm512_set_epi32(3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0, 0, 0, 0);
        return _mm512_permutexvar_ps(lane_group, four);
    }
}

// Σ_g scale_g · zero_g · Σx̂_g over one row's groups.
FACELLAVA_VNNI float zero_term(const uint16_t* scales, const uint8_t* zeros, const float* sums,
                               int64_t groups) {
    __m512 acc = _mm512_setzero_ps();
    for (int64_t g = 0; g < groups; g += 16) {
        const int64_t n = groups - g < 16 ? groups - g : 16;
        const __mmask16 mask = static_cast<__mmask16>((1u << n) - 1u);
        const __m512 scale = _mm512_cvtph_ps(_mm256_maskz_loadu_epi16(mask, scales + g));
        const __m512 zero =
            _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm_maskz_loadu_epi8(mask, zeros + g)));
        acc =
            _mm512_fmadd_ps(_mm512_mul_ps(scale, zero), _mm512_maskz_loadu_ps(mask, sums + g), acc);
    }
    return _mm512_reduce_add_ps(acc);
}

template <int R, int kGroup, bool kZeroPoints>
FACELLAVA_VNNI inline void int4_block(const WeightView& w, const Q8Activation& x, int64_t r0,
                                      float* y) {
    const uint8_t* codes[R];
    const uint16_t* scales[R];
    for (int k = 0; k < R; ++k) {
        codes[k] = w.data + (r0 + k) * w.row_bytes;
        scales[k] = w.scales + (r0 + k) * w.groups;
    }
    __m512 acc[R][2];
    for (int k = 0; k < R; ++k)
        acc[k][0] = acc[k][1] = _mm512_setzero_ps();
    const __m512i zero = _mm512_setzero_si512();
    const __m512i low4 = _mm512_set1_epi8(0x0F);
    const int64_t ahead = q8_prefetch_distance(w.row_bytes);
    const int64_t chunks = (w.row_bytes + kChunkBytes - 1) / kChunkBytes;
    for (int64_t i = 0; i < chunks; ++i) {
        const int64_t b = i * kChunkBytes;
        const __m512i even = _mm512_loadu_si512(x.q.data() + b);
        const __m512i odd = _mm512_loadu_si512(x.q_odd.data() + b);
        const __m512 lane_scales = _mm512_loadu_ps(x.lane_scales.data() + i * 16);
        const __m512i start =
            kZeroPoints ? zero : _mm512_loadu_si512(x.lane_offsets.data() + i * 16);
        for (int k = 0; k < R; ++k) {
            if (R > 1)
                prefetch(codes[k] + b + ahead);
            const __m512i code = load_codes(codes[k] + b, w.row_bytes - b);
            const __m512i low = _mm512_and_si512(code, low4);
            const __m512i high = _mm512_and_si512(_mm512_srli_epi16(code, 4), low4);
            const __m512i products =
                _mm512_dpbusd_epi32(_mm512_dpbusd_epi32(start, low, even), high, odd);
            const __m512 lanes =
                _mm512_mul_ps(group_lane_scales<kGroup>(scales[k], w.groups, i), lane_scales);
            acc[k][i & 1] = scaled(products, lanes, acc[k][i & 1]);
        }
    }
    for (int k = 0; k < R; ++k) {
        y[k] = _mm512_reduce_add_ps(_mm512_add_ps(acc[k][0], acc[k][1]));
        if (kZeroPoints)
            y[k] -=
                zero_term(scales[k], w.zeros + (r0 + k) * w.groups, x.group_sums.data(), w.groups);
    }
}

template <int kGroup, bool kZeroPoints>
FACELLAVA_VNNI void int4_rows(const WeightView& w, const Q8Activation& x, int64_t begin,
                              int64_t end, float* y) {
    int64_t r = begin;
    if (w.row_bytes >= kQ8WideRowBytes)
        for (; r + kRows <= end; r += kRows)
            int4_block<kRows, kGroup, kZeroPoints>(w, x, r, y + (r - begin));
    for (; r < end; ++r)
        int4_block<1, kGroup, kZeroPoints>(w, x, r, y + (r - begin));
}

template <int kGroup>
FACELLAVA_VNNI void int4_rows_grouped(const WeightView& w, const Q8Activation& x, int64_t begin,
                                      int64_t end, float* y) {
    if (w.zeros != nullptr)
        int4_rows<kGroup, true>(w, x, begin, end, y);
    else
        int4_rows<kGroup, false>(w, x, begin, end, y);
}

}  // namespace

FACELLAVA_VNNI void round_blocks_vnni(const float* x, int64_t cols, float* scales, int8_t* q) {
    static_assert(kQ8Block == 32, "two 16-float vectors per block");
    for (int64_t first = 0, b = 0; first < cols; first += kQ8Block, ++b) {
        const int64_t n = cols - first < kQ8Block ? cols - first : kQ8Block;
        const __mmask16 m0 = first_floats(n);
        const __mmask16 m1 = n > 16 ? first_floats(n - 16) : __mmask16(0);
        const __m512 a = _mm512_maskz_loadu_ps(m0, x + first);
        const __m512 c = _mm512_maskz_loadu_ps(m1, x + first + 16);
        const float largest =
            _mm512_reduce_max_ps(_mm512_max_ps(_mm512_abs_ps(a), _mm512_abs_ps(c)));
        const float d = largest / 127.0f;  // as the rule says, in float32
        scales[b] = d;
        if (d == 0.0f) {
            _mm_mask_storeu_epi8(q + first, m0, _mm_setzero_si128());
            _mm_mask_storeu_epi8(q + first + 16, m1, _mm_setzero_si128());
            continue;
        }
        _mm_mask_storeu_epi8(q + first, m0, round_to_int8(a, d));
        _mm_mask_storeu_epi8(q + first + 16, m1, round_to_int8(c, d));
    }
}

FACELLAVA_VNNI void int8_rows_vnni(const WeightView& w, const Q8Activation& x, int64_t begin,
                                   int64_t end, float* y) {
    int64_t r = begin;
    if (w.row_bytes >= kQ8WideRowBytes)
        for (; r + kRows <= end; r += kRows)
            int8_block<kRows>(w, x, r, y + (r - begin));
    for (; r < end; ++r)
        int8_block<1>(w, x, r, y + (r - begin));
}

FACELLAVA_VNNI void int4_rows_vnni(const WeightView& w, const Q8Activation& x, int64_t begin,
                                   int64_t end, float* y) {
    switch (w.group) {
        case 32:
            return int4_rows_grouped<32>(w, x, begin, end, y);
        case 64:
            return int4_rows_grouped<64>(w, x, begin, end, y);
        default:  // 128: q8_path_takes() admits no other
            return int4_rows_grouped<128>(w, x, begin, end, y);
    }
}

}  // namespace facellava::model::quant::rows

#else  // not x86: cpu_path_supported(vnni) is false, these are never called.

#include <stdexcept>

namespace facellava::model::quant::rows {

void round_blocks_vnni(const float*, int64_t, float*, int8_t*) {
    throw std::logic_error("AVX-512 VNNI kernels called on a CPU without them");
}
void int8_rows_vnni(const WeightView&, const Q8Activation&, int64_t, int64_t, float*) {
    throw std::logic_error("AVX-512 VNNI kernels called on a CPU without them");
}
void int4_rows_vnni(const WeightView&, const Q8Activation&, int64_t, int64_t, float*) {
    throw std::logic_error("AVX-512 VNNI kernels called on a CPU without them");
}

}  // namespace facellava::model::quant::rows

#endif
