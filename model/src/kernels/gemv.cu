// The single-row matrix-vector product of a decode step (fused_launch.h).
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

//
// A decode step's products have one input row: they stream each weight once,
// so only bandwidth counts. One warp per output row; each lane issues 16
// loads of 16 bytes (its weights and the matching x) before summing, enough
// bytes in flight to keep HBM busy without cuBLAS's split-K reduce kernels.

constexpr int kGemvWarps = 4;
constexpr int kGemvUnroll = 8;

template <typename T, int N>
__global__ void __launch_bounds__(kGemvWarps * 32)
    gemv_kernel(const T* __restrict__ weight, const T* __restrict__ x, T* __restrict__ y,
                int64_t rows, int64_t cols) {
    const int lane = threadIdx.x & 31;
    const int64_t row = static_cast<int64_t>(blockIdx.x) * kGemvWarps + (threadIdx.x >> 5);
    if (row >= rows)
        return;
    const T* w_row = weight + row * cols;
    const int64_t packs = cols / N;
    float acc = 0.f;
    for (int64_t p0 = lane; p0 < packs; p0 += 32 * kGemvUnroll) {
        Pack<T, N> w[kGemvUnroll], v[kGemvUnroll];
#pragma unroll
        for (int u = 0; u < kGemvUnroll; ++u) {
            const int64_t p = p0 + 32 * u;
            if (p < packs) {
                w[u] = load<T, N>(w_row + p * N);
                v[u] = load<T, N>(x + p * N);
            }
        }
#pragma unroll
        for (int u = 0; u < kGemvUnroll; ++u) {
            if (p0 + 32 * u < packs) {
#pragma unroll
                for (int e = 0; e < N; ++e)
                    acc += to_float(w[u].v[e]) * to_float(v[u].v[e]);
            }
        }
    }
    acc = warp_sum(acc);
    if (lane == 0)
        y[row] = from_float<T>(acc);
}

template <typename T>
const char* gemv_typed(const void* weight, const void* x, void* y, int64_t rows, int64_t cols,
                       cudaStream_t stream) {
    constexpr int kWide = 16 / sizeof(T);
    if (cols % kWide != 0 || !aligned(weight, 16) || !aligned(x, 16))
        return "gemv needs 16-byte aligned rows";
    const auto blocks = static_cast<unsigned>((rows + kGemvWarps - 1) / kGemvWarps);
    gemv_kernel<T, kWide><<<blocks, kGemvWarps * 32, 0, stream>>>(
        static_cast<const T*>(weight), static_cast<const T*>(x), static_cast<T*>(y), rows, cols);
    return launched();
}

}  // namespace

const char* gemv(Dtype dtype, const void* weight, const void* x, void* y, int64_t rows,
                 int64_t cols, void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return gemv_typed<decltype(element)>(weight, x, y, rows, cols, as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
