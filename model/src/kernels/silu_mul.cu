// SwiGLU's silu(gate) · up (fused_launch.h).
#include <algorithm>
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

constexpr int kPointwiseThreads = 256;

template <typename T, int N>
__global__ void __launch_bounds__(kPointwiseThreads)
    silu_mul_kernel(const T* __restrict__ gate_up, T* __restrict__ out, int64_t rows,
                    int64_t inter) {
    const int64_t packs_per_row = inter / N;
    const int64_t total = rows * packs_per_row;
    for (int64_t i = blockIdx.x * static_cast<int64_t>(blockDim.x) + threadIdx.x; i < total;
         i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
        const int64_t row = i / packs_per_row, col = (i % packs_per_row) * N;
        const auto gate = load<T, N>(gate_up + row * 2 * inter + col);
        const auto up = load<T, N>(gate_up + row * 2 * inter + inter + col);
        Pack<T, N> result;
#pragma unroll
        for (int e = 0; e < N; ++e) {
            const float g = to_float(gate.v[e]);
            // ATen's silu: x / (1 + exp(-x)) in float, stored; then the product.
            const float silu = rounded<T>(g / (1.f + expf(-g)));
            result.v[e] = from_float<T>(silu * to_float(up.v[e]));
        }
        store<T, N>(out + row * inter + col, result);
    }
}

template <typename T>
const char* silu_mul_typed(const void* gate_up, void* out, int64_t rows, int64_t inter,
                           cudaStream_t stream) {
    constexpr int kWide = 16 / sizeof(T);
    const bool wide = inter % kWide == 0 && aligned(gate_up, 16) && aligned(out, 16);
    const int64_t packs = rows * (wide ? inter / kWide : inter);
    const auto blocks = static_cast<unsigned>(
        std::min<int64_t>((packs + kPointwiseThreads - 1) / kPointwiseThreads, 65535));
    const auto* in = static_cast<const T*>(gate_up);
    auto* o = static_cast<T*>(out);
    if (wide)
        silu_mul_kernel<T, kWide><<<blocks, kPointwiseThreads, 0, stream>>>(in, o, rows, inter);
    else
        silu_mul_kernel<T, 1><<<blocks, kPointwiseThreads, 0, stream>>>(in, o, rows, inter);
    return launched();
}

}  // namespace

const char* silu_mul(Dtype dtype, const void* gate_up, void* out, int64_t rows, int64_t inter,
                     void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return silu_mul_typed<decltype(element)>(gate_up, out, rows, inter, as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
