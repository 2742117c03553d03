// What every fused kernel (kernels/*.cu) shares: float32 arithmetic on
// fp32 / fp16 / bf16 elements with ATen's rounding points, vector loads,
// warp and block reductions, and the launchers' dtype switch. CUDA only:
// included by the .cu files, never by LibTorch-facing code.
//
// Numerics follow HF's eager sequence op by op: arithmetic in float32 and a
// rounding to the tensor's dtype wherever ATen would store an intermediate
// tensor, so results match the unfused path to the bit or within one step of
// a reduction's order.
#pragma once

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>

#include "kernels/fused_launch.h"

namespace facellava::model::kernels::launch {

template <typename T>
__device__ __forceinline__ float to_float(T v);
template <>
__device__ __forceinline__ float to_float(float v) {
    return v;
}
template <>
__device__ __forceinline__ float to_float(__half v) {
    return __half2float(v);
}
template <>
__device__ __forceinline__ float to_float(__nv_bfloat16 v) {
    return __bfloat162float(v);
}

template <typename T>
__device__ __forceinline__ T from_float(float v);
template <>
__device__ __forceinline__ float from_float(float v) {
    return v;
}
template <>
__device__ __forceinline__ __half from_float(float v) {
    return __float2half_rn(v);
}
template <>
__device__ __forceinline__ __nv_bfloat16 from_float(float v) {
    return __float2bfloat16_rn(v);
}

// What an ATen op stores: the float result rounded to T (and read back).
template <typename T>
__device__ __forceinline__ float rounded(float v) {
    return to_float(from_float<T>(v));
}

// N consecutive elements moved as one load or store.
template <typename T, int N>
struct alignas(sizeof(T) * N) Pack {
    T v[N];
};

template <typename T, int N>
__device__ __forceinline__ Pack<T, N> load(const T* p) {
    return *reinterpret_cast<const Pack<T, N>*>(p);
}

template <typename T, int N>
__device__ __forceinline__ void store(T* p, const Pack<T, N>& pack) {
    *reinterpret_cast<Pack<T, N>*>(p) = pack;
}

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1)
        v += __shfl_xor_sync(0xffffffffu, v, offset);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int offset = 16; offset > 0; offset >>= 1)
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, offset));
    return v;
}

// Sum (or max) over the block, returned to every thread. Synchronises before
// returning, so consecutive calls may reuse the scratch.
template <bool Max>
__device__ __forceinline__ float block_reduce(float v) {
    __shared__ float partial[33];
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5;
    const int warps = (blockDim.x + 31) >> 5;
    v = Max ? warp_max(v) : warp_sum(v);
    if (lane == 0)
        partial[warp] = v;
    __syncthreads();
    if (warp == 0) {
        float w = lane < warps ? partial[lane] : (Max ? -INFINITY : 0.f);
        w = Max ? warp_max(w) : warp_sum(w);
        if (lane == 0)
            partial[32] = w;
    }
    __syncthreads();
    const float result = partial[32];
    __syncthreads();
    return result;
}

inline cudaStream_t as_stream(void* stream) {
    return static_cast<cudaStream_t>(stream);
}

inline const char* launched() {
    const cudaError_t error = cudaGetLastError();
    return error == cudaSuccess ? nullptr : cudaGetErrorString(error);
}

inline bool aligned(const void* p, int bytes) {
    return reinterpret_cast<std::uintptr_t>(p) % static_cast<std::uintptr_t>(bytes) == 0;
}

// Calls f with a value of the element type `dtype` names (its type is what
// matters): the one switch from the launchers' Dtype to a kernel template.
template <typename F>
const char* with_element_type(Dtype dtype, F&& f) {
    switch (dtype) {
        case Dtype::Float32:
            return f(float{});
        case Dtype::Float16:
            return f(__half{});
        case Dtype::BFloat16:
            return f(__nv_bfloat16{});
    }
    return "unknown dtype";
}

}  // namespace facellava::model::kernels::launch
