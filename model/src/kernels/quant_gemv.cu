// Weight-only quantized products on the GPU (fused_launch.h, issue #25):
// the decode step's single-row GEMV that dequantises int8/int4 codes in
// registers, and a dequantiser to 16-bit for prefill (then cuBLAS).
// The storage format is quant/quant_scheme.h's.
#include <algorithm>
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

//
// A decode step reads each weight byte once, so only bandwidth counts, and at
// int4 the arithmetic per byte is what can cap it (~28 weights per SM per
// clock at an H100's bandwidth). Hence:
//   - codes are streamed with 16-byte loads that bypass L1 (__ldcs), so x
//     stays cached there; each lane keeps kUnroll packs of kRows rows in flight;
//   - a code becomes a float without I2F (quarter rate): the byte is placed in
//     the mantissa of 2^23 (one PRMT), and one FADD removes 2^23 + zero;
//   - each x pack is loaded and widened once for kRows rows: a lane's x span
//     is 64 (128) contiguous bytes per int4 pack, so lanes touch different L1
//     lines and the loads cost more than the codes'; four rows share them;
//   - int4 sums a pack (one group at most) unscaled and scales it once.
// Float32 sums, reduced across the warp, rounded once to the output dtype.

constexpr int kWarps = 4;            // per block
constexpr int kRows = 4;             // output rows per warp
constexpr int kUnroll = 2;           // 16-byte code packs per lane and row in flight
constexpr float kMagic = 8388608.f;  // 2^23: the float whose mantissa's low byte is a code

// Byte `b` of `word` as the float 2^23 + byte.
template <int B>
__device__ __forceinline__ float magic_float(uint32_t word) {
    return __uint_as_float(__byte_perm(word, 0x4B000000u, 0x7440u | B));
}

// Σ (code − zero) · x over one 16-byte pack: int8 (16 codes, signed) or int4
// (32 nibbles, column 2j in the low nibble of byte j). `bias` is 2^23 + zero.
template <int Bits>
__device__ __forceinline__ float pack_dot(const uint4& pack, const float* xv, float bias) {
    const uint32_t words[4] = {pack.x, pack.y, pack.z, pack.w};
    float dot = 0.f;
#pragma unroll
    for (int k = 0; k < 4; ++k) {
        if constexpr (Bits == 8) {
            const uint32_t u = words[k] ^ 0x80808080u;  // q + 128 in [1, 255]
            dot = fmaf(magic_float<0>(u) - bias, xv[4 * k + 0], dot);
            dot = fmaf(magic_float<1>(u) - bias, xv[4 * k + 1], dot);
            dot = fmaf(magic_float<2>(u) - bias, xv[4 * k + 2], dot);
            dot = fmaf(magic_float<3>(u) - bias, xv[4 * k + 3], dot);
        } else {
            const uint32_t lo = words[k] & 0x0F0F0F0Fu;         // even columns
            const uint32_t hi = (words[k] >> 4) & 0x0F0F0F0Fu;  // odd columns
            const float* xk = xv + 8 * k;
            dot = fmaf(magic_float<0>(lo) - bias, xk[0], dot);
            dot = fmaf(magic_float<0>(hi) - bias, xk[1], dot);
            dot = fmaf(magic_float<1>(lo) - bias, xk[2], dot);
            dot = fmaf(magic_float<1>(hi) - bias, xk[3], dot);
            dot = fmaf(magic_float<2>(lo) - bias, xk[4], dot);
            dot = fmaf(magic_float<2>(hi) - bias, xk[5], dot);
            dot = fmaf(magic_float<3>(lo) - bias, xk[6], dot);
            dot = fmaf(magic_float<3>(hi) - bias, xk[7], dot);
        }
    }
    return dot;
}

// Rows of `cols` codes: 16-byte packs of 16 (int8) or 32 (int4) columns, each
// row a whole number of packs from a 16-byte aligned base; int4 groups a
// multiple of 32 columns, so a pack lies in one group.
template <typename T, int Bits, bool Zeros>
__global__ void __launch_bounds__(kWarps * 32)
    quant_gemv_kernel(const uint8_t* __restrict__ codes, const __half* __restrict__ scales,
                      const uint8_t* __restrict__ zeros, int64_t group, const T* __restrict__ x,
                      T* __restrict__ y, int64_t rows, int64_t cols) {
    constexpr int kCols = Bits == 8 ? 16 : 32;  // columns per pack
    constexpr int kWide = 16 / sizeof(T);       // x elements per 16-byte load
    const int lane = threadIdx.x & 31;
    const int64_t first = (static_cast<int64_t>(blockIdx.x) * kWarps + (threadIdx.x >> 5)) * kRows;
    if (first >= rows)
        return;
    const int64_t row_bytes = cols * Bits / 8;
    const int64_t groups = Bits == 8 ? 1 : (cols + group - 1) / group;
    const unsigned packs = static_cast<unsigned>(cols / kCols);
    const unsigned packs_per_group = Bits == 8 ? packs : static_cast<unsigned>(group / kCols);
    // A warp's rows past the end repeat the last row: valid loads, results dropped.
    int64_t row[kRows];
#pragma unroll
    for (int r = 0; r < kRows; ++r)
        row[r] = first + r < rows ? first + r : rows - 1;
    float acc[kRows] = {};
    for (unsigned p0 = lane; p0 < packs; p0 += 32 * kUnroll) {
        uint4 pack[kUnroll][kRows];
        float scale[kUnroll][kRows], bias[kUnroll][kRows];
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) {
            const unsigned p = p0 + 32 * u;
            if (p >= packs)
                continue;
            const unsigned g = Bits == 8 ? 0 : p / packs_per_group;
#pragma unroll
            for (int r = 0; r < kRows; ++r) {
                pack[u][r] = __ldcs(reinterpret_cast<const uint4*>(codes + row[r] * row_bytes) + p);
                if constexpr (Bits == 4) {
                    scale[u][r] = __half2float(scales[row[r] * groups + g]);
                    bias[u][r] = kMagic + (Zeros ? zeros[row[r] * groups + g] : 8);
                } else {
                    scale[u][r] = 1.f;  // int8: one scale per row, applied at the end
                    bias[u][r] = kMagic + 128;
                }
            }
        }
#pragma unroll
        for (int u = 0; u < kUnroll; ++u) {
            const unsigned p = p0 + 32 * u;
            if (p >= packs)
                continue;
            float xv[kCols];
            const T* xp = x + static_cast<int64_t>(p) * kCols;
#pragma unroll
            for (int i = 0; i < kCols / kWide; ++i) {
                const Pack<T, kWide> v = load<T, kWide>(xp + i * kWide);
#pragma unroll
                for (int e = 0; e < kWide; ++e)
                    xv[i * kWide + e] = to_float(v.v[e]);
            }
#pragma unroll
            for (int r = 0; r < kRows; ++r) {
                const float dot = pack_dot<Bits>(pack[u][r], xv, bias[u][r]);
                acc[r] = Bits == 8 ? acc[r] + dot : fmaf(scale[u][r], dot, acc[r]);
            }
        }
    }
#pragma unroll
    for (int r = 0; r < kRows; ++r) {
        float sum = warp_sum(acc[r]);
        if (lane == 0 && first + r < rows) {
            if (Bits == 8)
                sum *= __half2float(scales[first + r]);
            y[first + r] = from_float<T>(sum);
        }
    }
}

// Code (row, col) minus its zero point, and its scale: the format, element
// by element, for shapes and pointers the vector kernel does not take.
__device__ __forceinline__ float code_at(const uint8_t* codes, const __half* scales,
                                         const uint8_t* zeros, int bits, int64_t group,
                                         int64_t groups, int64_t row, int64_t col, int64_t cols,
                                         float* scale) {
    if (bits == 8) {
        *scale = __half2float(scales[row]);
        return static_cast<float>(static_cast<int8_t>(codes[row * cols + col]));
    }
    const int64_t g = col / group;
    const uint8_t byte = codes[row * ((cols + 1) / 2) + col / 2];
    const int nibble = (col & 1) ? byte >> 4 : byte & 15;
    *scale = __half2float(scales[row * groups + g]);
    return static_cast<float>(nibble - (zeros != nullptr ? zeros[row * groups + g] : 8));
}

// One warp per row, one column per lane at a time.
template <typename T>
__global__ void __launch_bounds__(kWarps * 32)
    quant_gemv_scalar_kernel(const uint8_t* __restrict__ codes, const __half* __restrict__ scales,
                             const uint8_t* __restrict__ zeros, int bits, int64_t group,
                             const T* __restrict__ x, T* __restrict__ y, int64_t rows,
                             int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = static_cast<int64_t>(blockIdx.x) * kWarps + (threadIdx.x >> 5);
    if (row >= rows)
        return;
    const int64_t groups = bits == 8 ? 1 : (cols + group - 1) / group;
    float acc = 0.f;
    for (int64_t col = lane; col < cols; col += 32) {
        float scale;
        const float q = code_at(codes, scales, zeros, bits, group, groups, row, col, cols, &scale);
        acc = fmaf(q * scale, to_float(x[col]), acc);
    }
    acc = warp_sum(acc);
    if (lane == 0)
        y[row] = from_float<T>(acc);
}

// (rows, cols) in T: (code − zero) · scale is exact in float32 (a 4- or 8-bit
// integer times an 11-bit scale), so one rounding gives the float64 value's.
template <typename T>
__global__ void quant_dequantize_kernel(const uint8_t* __restrict__ codes,
                                        const __half* __restrict__ scales,
                                        const uint8_t* __restrict__ zeros, int bits, int64_t group,
                                        T* __restrict__ out, int64_t rows, int64_t cols) {
    const int64_t groups = bits == 8 ? 1 : (cols + group - 1) / group;
    const int64_t total = rows * cols;
    for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < total;
         i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        const int64_t row = i / cols, col = i - row * cols;
        float scale;
        const float q = code_at(codes, scales, zeros, bits, group, groups, row, col, cols, &scale);
        out[i] = from_float<T>(q * scale);
    }
}

const char* check_format(int bits, int64_t group, const uint8_t* zeros) {
    if (bits != 8 && bits != 4)
        return "quantized kernels take 8- or 4-bit codes";
    if (bits == 4 && group <= 0)
        return "int4 codes need a positive group size";
    if (bits == 8 && zeros != nullptr)
        return "int8 codes have no zero points";
    return nullptr;
}

template <typename T, int Bits>
void launch_vector(const void* codes, const void* scales, const uint8_t* zeros, int64_t group,
                   const void* x, void* y, int64_t rows, int64_t cols, cudaStream_t stream) {
    const auto blocks = static_cast<unsigned>((rows + kWarps * kRows - 1) / (kWarps * kRows));
    const auto* c = static_cast<const uint8_t*>(codes);
    const auto* s = static_cast<const __half*>(scales);
    const auto* xs = static_cast<const T*>(x);
    auto* ys = static_cast<T*>(y);
    if (zeros != nullptr)
        quant_gemv_kernel<T, Bits, true>
            <<<blocks, kWarps * 32, 0, stream>>>(c, s, zeros, group, xs, ys, rows, cols);
    else
        quant_gemv_kernel<T, Bits, false>
            <<<blocks, kWarps * 32, 0, stream>>>(c, s, nullptr, group, xs, ys, rows, cols);
}

template <typename T>
const char* quant_gemv_typed(int bits, const void* codes, const void* scales, const uint8_t* zeros,
                             int64_t group, const void* x, void* y, int64_t rows, int64_t cols,
                             cudaStream_t stream) {
    if (const char* error = check_format(bits, group, zeros))
        return error;
    if (rows == 0)
        return nullptr;
    // 16-byte packs need whole packs per row (so every row starts aligned),
    // aligned bases, and (int4) packs that do not straddle a group.
    const bool vector = aligned(codes, 16) && aligned(x, 16) &&
                        (bits == 8 ? cols % 16 == 0 : cols % 32 == 0 && group % 32 == 0);
    if (vector && bits == 8)
        launch_vector<T, 8>(codes, scales, zeros, group, x, y, rows, cols, stream);
    else if (vector)
        launch_vector<T, 4>(codes, scales, zeros, group, x, y, rows, cols, stream);
    else
        quant_gemv_scalar_kernel<T>
            <<<static_cast<unsigned>((rows + kWarps - 1) / kWarps), kWarps * 32, 0, stream>>>(
                static_cast<const uint8_t*>(codes), static_cast<const __half*>(scales), zeros, bits,
                group, static_cast<const T*>(x), static_cast<T*>(y), rows, cols);
    return launched();
}

template <typename T>
const char* quant_dequantize_typed(int bits, const void* codes, const void* scales,
                                   const uint8_t* zeros, int64_t group, void* out, int64_t rows,
                                   int64_t cols, cudaStream_t stream) {
    if (const char* error = check_format(bits, group, zeros))
        return error;
    const int64_t total = rows * cols;
    if (total == 0)
        return nullptr;
    constexpr int kThreads = 256;
    const int64_t blocks = std::min<int64_t>((total + kThreads - 1) / kThreads, int64_t{1} << 20);
    quant_dequantize_kernel<T><<<static_cast<unsigned>(blocks), kThreads, 0, stream>>>(
        static_cast<const uint8_t*>(codes), static_cast<const __half*>(scales), zeros, bits, group,
        static_cast<T*>(out), rows, cols);
    return launched();
}

}  // namespace

const char* quant_gemv(Dtype dtype, int bits, const void* codes, const void* scales,
                       const uint8_t* zeros, int64_t group, const void* x, void* y, int64_t rows,
                       int64_t cols, void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return quant_gemv_typed<decltype(element)>(bits, codes, scales, zeros, group, x, y, rows,
                                                   cols, as_stream(stream));
    });
}

const char* quant_dequantize(Dtype dtype, int bits, const void* codes, const void* scales,
                             const uint8_t* zeros, int64_t group, void* out, int64_t rows,
                             int64_t cols, void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return quant_dequantize_typed<decltype(element)>(bits, codes, scales, zeros, group, out,
                                                         rows, cols, as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
