// RMSNorm, alone or after a residual add (fused_launch.h).
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

constexpr int kNormThreads = 256;

// One block per row. Pass 1 forms the row (x, or x + delta stored to
// sum_out) and its mean square; pass 2 re-reads it (from L1/L2) to normalise.
template <typename T, int N>
__global__ void __launch_bounds__(kNormThreads)
    rms_norm_kernel(const T* __restrict__ x, const T* __restrict__ delta,
                    const T* __restrict__ weight, T* __restrict__ sum_out, T* __restrict__ out,
                    int64_t cols, float eps) {
    const int64_t offset = static_cast<int64_t>(blockIdx.x) * cols;
    const T* row = x + offset;
    float square = 0.f;
    for (int64_t c = static_cast<int64_t>(threadIdx.x) * N; c < cols; c += blockDim.x * N) {
        auto h = load<T, N>(row + c);
        if (delta != nullptr) {
            const auto d = load<T, N>(delta + offset + c);
#pragma unroll
            for (int e = 0; e < N; ++e)
                h.v[e] = from_float<T>(to_float(h.v[e]) + to_float(d.v[e]));
            store<T, N>(sum_out + offset + c, h);
        }
#pragma unroll
        for (int e = 0; e < N; ++e) {
            const float f = to_float(h.v[e]);
            square += f * f;
        }
    }
    // HF: rsqrt(mean(h²) + eps), h · that rounded to the dtype, then · weight.
    const float inverse = rsqrtf(block_reduce<false>(square) / static_cast<float>(cols) + eps);
    const T* normed = delta != nullptr ? sum_out + offset : row;
    for (int64_t c = static_cast<int64_t>(threadIdx.x) * N; c < cols; c += blockDim.x * N) {
        const auto h = load<T, N>(normed + c);
        const auto w = load<T, N>(weight + c);
        Pack<T, N> result;
#pragma unroll
        for (int e = 0; e < N; ++e)
            result.v[e] = from_float<T>(to_float(w.v[e]) * rounded<T>(to_float(h.v[e]) * inverse));
        store<T, N>(out + offset + c, result);
    }
}

template <typename T>
const char* rms_norm_typed(const void* x, const void* delta, const void* weight, void* sum_out,
                           void* out, int64_t rows, int64_t cols, float eps, cudaStream_t stream) {
    constexpr int kWide = 16 / sizeof(T);
    const bool wide = cols % kWide == 0 && aligned(x, 16) && aligned(weight, 16) &&
                      aligned(out, 16) &&
                      (delta == nullptr || (aligned(delta, 16) && aligned(sum_out, 16)));
    const auto* xt = static_cast<const T*>(x);
    const auto* dt = static_cast<const T*>(delta);
    const auto* wt = static_cast<const T*>(weight);
    auto* st = static_cast<T*>(sum_out);
    auto* ot = static_cast<T*>(out);
    if (wide)
        rms_norm_kernel<T, kWide><<<static_cast<unsigned>(rows), kNormThreads, 0, stream>>>(
            xt, dt, wt, st, ot, cols, eps);
    else
        rms_norm_kernel<T, 1><<<static_cast<unsigned>(rows), kNormThreads, 0, stream>>>(
            xt, dt, wt, st, ot, cols, eps);
    return launched();
}

}  // namespace

const char* rms_norm(Dtype dtype, const void* x, const void* delta, const void* weight,
                     void* sum_out, void* out, int64_t rows, int64_t cols, float eps,
                     void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return rms_norm_typed<decltype(element)>(x, delta, weight, sum_out, out, rows, cols, eps,
                                                 as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
