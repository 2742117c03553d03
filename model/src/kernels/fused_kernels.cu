// The hand-written inference kernels (declared in fused_launch.h). Each one
// replaces a chain of ATen launches in a decode step, where the step is a
// string of small kernels and every launch costs its few microseconds of
// latency whatever its size (docs: the H200 trace in issue #9's notes).
//
// Numerics follow HF's eager sequence op by op: arithmetic in float32 and a
// rounding to the tensor's dtype wherever ATen would store an intermediate
// tensor, so bf16 results match the unfused path to the bit or within one
// step of a reduction's order.
#include "kernels/fused_launch.h"

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <algorithm>
#include <cstdint>

namespace facellava::model::kernels::launch {

namespace {

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
__device__ float block_reduce(float v) {
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

cudaStream_t as_stream(void* stream) {
    return static_cast<cudaStream_t>(stream);
}

const char* launched() {
    const cudaError_t error = cudaGetLastError();
    return error == cudaSuccess ? nullptr : cudaGetErrorString(error);
}

bool aligned(const void* p, int bytes) {
    return reinterpret_cast<std::uintptr_t>(p) % static_cast<std::uintptr_t>(bytes) == 0;
}

// ---------------------------------------------------------------- RMSNorm --

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

// ---------------------------------------------------------------- SwiGLU --

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

// ---------------------------------------------------- RoPE + cache write --

// Block (head, batch row) of the stacked projection; thread j rotates the
// pair (j, j + D/2), HF's rotate-half layout.
template <typename T>
__global__ void rope_write_kv_kernel(const T* __restrict__ qkv,
                                     const int64_t* __restrict__ position,
                                     const float* __restrict__ inv_freq, T* __restrict__ q_out,
                                     T* __restrict__ keys, T* __restrict__ values, int heads,
                                     int kv_heads, int head_dim, int64_t capacity) {
    const int head = blockIdx.x, b = blockIdx.y, j = threadIdx.x, half = head_dim / 2;
    const int64_t p = *position;
    // The host checked the position against the capacity; never write outside.
    if (j >= half || p < 0 || p >= capacity)
        return;
    const int stacked = heads + 2 * kv_heads;
    const T* src = qkv + (static_cast<int64_t>(b) * stacked + head) * head_dim;
    const auto slot = [&](T* cache, int kv_head) {
        return cache + ((static_cast<int64_t>(b) * kv_heads + kv_head) * capacity + p) * head_dim;
    };
    if (head >= heads + kv_heads) {  // a value head: stored as it is
        T* dst = slot(values, head - heads - kv_heads);
        dst[j] = src[j];
        dst[j + half] = src[j + half];
        return;
    }
    // HF: cos/sin of (float) position · inv_freq, rounded to the dtype as the
    // tables are; x · cos + rotate_half(x) · sin, each product rounded.
    const float angle = static_cast<float>(p) * inv_freq[j];
    const float c = rounded<T>(cosf(angle)), s = rounded<T>(sinf(angle));
    const float x1 = to_float(src[j]), x2 = to_float(src[j + half]);
    const T low = from_float<T>(rounded<T>(x1 * c) + rounded<T>(x2 * -s));
    const T high = from_float<T>(rounded<T>(x2 * c) + rounded<T>(x1 * s));
    T* dst = head < heads ? q_out + (static_cast<int64_t>(b) * heads + head) * head_dim
                          : slot(keys, head - heads);
    dst[j] = low;
    dst[j + half] = high;
}

template <typename T>
const char* rope_write_kv_typed(const void* qkv, const int64_t* position, const float* inv_freq,
                                void* q_out, void* keys, void* values, int64_t batch, int64_t heads,
                                int64_t kv_heads, int64_t head_dim, int64_t capacity,
                                cudaStream_t stream) {
    const dim3 grid(static_cast<unsigned>(heads + 2 * kv_heads), static_cast<unsigned>(batch));
    const unsigned threads = static_cast<unsigned>(((head_dim / 2 + 31) / 32) * 32);
    rope_write_kv_kernel<T><<<grid, threads, 0, stream>>>(
        static_cast<const T*>(qkv), position, inv_freq, static_cast<T*>(q_out),
        static_cast<T*>(keys), static_cast<T*>(values), static_cast<int>(heads),
        static_cast<int>(kv_heads), static_cast<int>(head_dim), capacity);
    return launched();
}

// ------------------------------------------------------------------- GEMV --
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

// ------------------------------------------------------- decode attention --
//
// Memory-level parallelism decides this kernel's speed: a warp owns a few
// keys, and each lane issues the loads of its slice of q, of those keys and
// of their values before any arithmetic, so one memory latency covers the
// whole chunk (the first version, which loaded values after the softmax,
// took 12 µs a layer on an H200 where cuDNN took 8.6).

constexpr int kAttentionThreads = 128;
constexpr int kAttentionWarps = kAttentionThreads / 32;

// A lane holds R packs of N elements of each row; a warp owns 16 / R keys,
// so the key and value slices stay at 16 packs each (registers, no spills).
template <int R>
struct KeysPerWarp {
    static constexpr int value = 16 / R;
};

template <typename T, int N>
__device__ __forceinline__ Pack<T, N> zero_pack() {
    Pack<T, N> p;
#pragma unroll
    for (int e = 0; e < N; ++e)
        p.v[e] = from_float<T>(0.f);
    return p;
}

// Pass 1, block (chunk, head, batch row): 4 warps' keys, merged in shared
// memory into one partial of (head_dim + 2) floats: Σ exp(s - m) · v, m, and
// Σ exp(s - m). Chunks wholly past the position write nothing; pass 2 never
// reads them.
template <typename T, int N, int R>
__global__ void __launch_bounds__(kAttentionThreads)
    decode_attention_chunk(const T* __restrict__ q, const T* __restrict__ keys,
                           const T* __restrict__ values, const int64_t* __restrict__ position,
                           float* __restrict__ partial, int heads, int kv_heads, int head_dim,
                           int64_t capacity, int64_t window, int chunks, float scale) {
    constexpr int kKeys = KeysPerWarp<R>::value;
    extern __shared__ float warp_acc[];  // kAttentionWarps × head_dim
    __shared__ float warp_m[kAttentionWarps], warp_l[kAttentionWarps];
    const int chunk = blockIdx.x, head = blockIdx.y, b = blockIdx.z;
    const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int64_t last = min(*position, window - 1);  // slots [0, last] are visible
    const int64_t first = static_cast<int64_t>(chunk) * kAttentionWarps * kKeys;
    if (first > last)
        return;
    const int64_t warp_first = first + static_cast<int64_t>(warp) * kKeys;
    const int count = static_cast<int>(
        max(static_cast<int64_t>(0), min(static_cast<int64_t>(kKeys), last - warp_first + 1)));
    const int kv_head = head / (heads / kv_heads);
    const int64_t cache_row = (static_cast<int64_t>(b) * kv_heads + kv_head) * capacity;
    const T* k_rows = keys + (cache_row + warp_first) * head_dim;
    const T* v_rows = values + (cache_row + warp_first) * head_dim;
    const T* q_row = q + (static_cast<int64_t>(b) * heads + head) * head_dim;

    Pack<T, N> qf[R], kf[kKeys][R], vf[kKeys][R];
#pragma unroll
    for (int r = 0; r < R; ++r) {
        const int d = (lane + 32 * r) * N;
        qf[r] = d < head_dim ? load<T, N>(q_row + d) : zero_pack<T, N>();
    }
#pragma unroll
    for (int j = 0; j < kKeys; ++j) {
#pragma unroll
        for (int r = 0; r < R; ++r) {
            const int d = (lane + 32 * r) * N;
            const bool valid = j < count && d < head_dim;
            kf[j][r] = valid ? load<T, N>(k_rows + static_cast<int64_t>(j) * head_dim + d)
                             : zero_pack<T, N>();
            vf[j][r] = valid ? load<T, N>(v_rows + static_cast<int64_t>(j) * head_dim + d)
                             : zero_pack<T, N>();
        }
    }
    float score[kKeys];
    float m = -INFINITY;
#pragma unroll
    for (int j = 0; j < kKeys; ++j) {
        float dot = 0.f;
#pragma unroll
        for (int r = 0; r < R; ++r)
#pragma unroll
            for (int e = 0; e < N; ++e)
                dot += to_float(qf[r].v[e]) * to_float(kf[j][r].v[e]);
        dot = warp_sum(dot) * scale;  // every lane, then kept for the warp's keys only
        score[j] = j < count ? dot : -INFINITY;
        m = fmaxf(m, score[j]);
    }
    float l = 0.f;
    float acc[R][N];
#pragma unroll
    for (int r = 0; r < R; ++r)
#pragma unroll
        for (int e = 0; e < N; ++e)
            acc[r][e] = 0.f;
    if (count > 0) {
#pragma unroll
        for (int j = 0; j < kKeys; ++j) {
            if (j < count) {
                const float w = expf(score[j] - m);
                l += w;
#pragma unroll
                for (int r = 0; r < R; ++r)
#pragma unroll
                    for (int e = 0; e < N; ++e)
                        acc[r][e] += w * to_float(vf[j][r].v[e]);
            }
        }
    }
    if (lane == 0) {
        warp_m[warp] = m;
        warp_l[warp] = l;
    }
#pragma unroll
    for (int r = 0; r < R; ++r) {
        const int d = (lane + 32 * r) * N;
        if (d < head_dim)
#pragma unroll
            for (int e = 0; e < N; ++e)
                warp_acc[warp * head_dim + d + e] = acc[r][e];
    }
    __syncthreads();
    // Merge the warps (warp 0 always saw a key: first ≤ last).
    float block_m = -INFINITY;
#pragma unroll
    for (int w = 0; w < kAttentionWarps; ++w)
        block_m = fmaxf(block_m, warp_m[w]);
    float weight[kAttentionWarps];
    float block_l = 0.f;
#pragma unroll
    for (int w = 0; w < kAttentionWarps; ++w) {
        weight[w] = warp_l[w] > 0.f ? expf(warp_m[w] - block_m) : 0.f;
        block_l += weight[w] * warp_l[w];
    }
    float* out =
        partial + ((static_cast<int64_t>(b) * heads + head) * chunks + chunk) * (head_dim + 2);
    for (int d = threadIdx.x; d < head_dim; d += blockDim.x) {
        float sum = 0.f;
#pragma unroll
        for (int w = 0; w < kAttentionWarps; ++w)
            sum += weight[w] * warp_acc[w * head_dim + d];
        out[d] = sum;
    }
    if (threadIdx.x == 0) {
        out[head_dim] = block_m;
        out[head_dim + 1] = block_l;
    }
}

// Pass 2, block (head, batch row): the chunks rescaled to their common max
// and normalised, rounded once into out (batch, heads, head_dim).
template <typename T>
__global__ void __launch_bounds__(kAttentionThreads)
    decode_attention_combine(const float* __restrict__ partial,
                             const int64_t* __restrict__ position, T* __restrict__ out, int heads,
                             int head_dim, int64_t window, int chunks, int chunk_keys) {
    extern __shared__ float chunk_weight[];  // chunks
    const int head = blockIdx.x, b = blockIdx.y;
    const int64_t last = min(*position, window - 1);
    const int used = static_cast<int>(min(static_cast<int64_t>(chunks), last / chunk_keys + 1));
    const int stride = head_dim + 2;
    const float* base = partial + (static_cast<int64_t>(b) * heads + head) * chunks * stride;
    float m = -INFINITY;
    for (int c = threadIdx.x; c < used; c += blockDim.x)
        m = fmaxf(m, base[c * stride + head_dim]);
    m = block_reduce<true>(m);
    float total = 0.f;
    for (int c = threadIdx.x; c < used; c += blockDim.x) {
        const float w = expf(base[c * stride + head_dim] - m);
        chunk_weight[c] = w;
        total += w * base[c * stride + head_dim + 1];
    }
    total = block_reduce<false>(total);  // also publishes chunk_weight
    for (int d = threadIdx.x; d < head_dim; d += blockDim.x) {
        float acc = 0.f;
#pragma unroll 4
        for (int c = 0; c < used; ++c)
            acc += base[c * stride + d] * chunk_weight[c];
        out[(static_cast<int64_t>(b) * heads + head) * head_dim + d] = from_float<T>(acc / total);
    }
}

// How a head_dim is split over a warp: packs of N elements (8 bytes when the
// rows allow), R per lane. R = 0: too wide for these kernels.
struct AttentionPlan {
    int n = 1;
    int r = 0;
    int chunk_keys() const { return r > 0 ? kAttentionWarps * (16 / r) : 0; }
};

AttentionPlan attention_plan(int64_t element_size, int64_t head_dim, bool aligned_rows) {
    AttentionPlan plan;
    const int64_t wide = 8 / element_size;
    plan.n = aligned_rows && head_dim % wide == 0 ? static_cast<int>(wide) : 1;
    for (int r : {1, 2, 4, 8}) {
        if (32 * plan.n * r >= head_dim) {
            plan.r = r;
            break;
        }
    }
    return plan;
}

int64_t chunks_of(int64_t window, const AttentionPlan& plan) {
    return (window + plan.chunk_keys() - 1) / plan.chunk_keys();
}

template <typename T, int N>
void launch_chunks(int r, dim3 grid, size_t shared, cudaStream_t stream, const T* q, const T* k,
                   const T* v, const int64_t* position, float* workspace, int heads, int kv_heads,
                   int head_dim, int64_t capacity, int64_t window, int chunks, float scale) {
    switch (r) {
        case 1:
            decode_attention_chunk<T, N, 1><<<grid, kAttentionThreads, shared, stream>>>(
                q, k, v, position, workspace, heads, kv_heads, head_dim, capacity, window, chunks,
                scale);
            break;
        case 2:
            decode_attention_chunk<T, N, 2><<<grid, kAttentionThreads, shared, stream>>>(
                q, k, v, position, workspace, heads, kv_heads, head_dim, capacity, window, chunks,
                scale);
            break;
        case 4:
            decode_attention_chunk<T, N, 4><<<grid, kAttentionThreads, shared, stream>>>(
                q, k, v, position, workspace, heads, kv_heads, head_dim, capacity, window, chunks,
                scale);
            break;
        default:
            decode_attention_chunk<T, N, 8><<<grid, kAttentionThreads, shared, stream>>>(
                q, k, v, position, workspace, heads, kv_heads, head_dim, capacity, window, chunks,
                scale);
            break;
    }
}

template <typename T>
const char* decode_attention_typed(const void* q, const void* keys, const void* values,
                                   const int64_t* position, float* workspace, void* out,
                                   int64_t batch, int64_t heads, int64_t kv_heads, int64_t head_dim,
                                   int64_t capacity, int64_t window, float scale,
                                   cudaStream_t stream) {
    const auto plan = attention_plan(sizeof(T), head_dim,
                                     aligned(q, 8) && aligned(keys, 8) && aligned(values, 8));
    if (plan.r == 0)
        return "head_dim too wide for the fused decode attention";
    const int chunks = static_cast<int>(chunks_of(window, plan));
    const dim3 grid(static_cast<unsigned>(chunks), static_cast<unsigned>(heads),
                    static_cast<unsigned>(batch));
    const size_t shared = static_cast<size_t>(kAttentionWarps) * head_dim * sizeof(float);
    const auto* qt = static_cast<const T*>(q);
    const auto* kt = static_cast<const T*>(keys);
    const auto* vt = static_cast<const T*>(values);
    const int h = static_cast<int>(heads), kv = static_cast<int>(kv_heads),
              d = static_cast<int>(head_dim);
    if (plan.n > 1)
        launch_chunks<T, 8 / sizeof(T)>(plan.r, grid, shared, stream, qt, kt, vt, position,
                                        workspace, h, kv, d, capacity, window, chunks, scale);
    else
        launch_chunks<T, 1>(plan.r, grid, shared, stream, qt, kt, vt, position, workspace, h, kv, d,
                            capacity, window, chunks, scale);
    if (const char* error = launched())
        return error;
    const dim3 combine_grid(static_cast<unsigned>(heads), static_cast<unsigned>(batch));
    decode_attention_combine<T>
        <<<combine_grid, kAttentionThreads, static_cast<size_t>(chunks) * sizeof(float), stream>>>(
            workspace, position, static_cast<T*>(out), h, d, window, chunks, plan.chunk_keys());
    return launched();
}

}  // namespace

const char* rms_norm(Dtype dtype, const void* x, const void* delta, const void* weight,
                     void* sum_out, void* out, int64_t rows, int64_t cols, float eps,
                     void* stream) {
    switch (dtype) {
        case Dtype::Float32:
            return rms_norm_typed<float>(x, delta, weight, sum_out, out, rows, cols, eps,
                                         as_stream(stream));
        case Dtype::Float16:
            return rms_norm_typed<__half>(x, delta, weight, sum_out, out, rows, cols, eps,
                                          as_stream(stream));
        case Dtype::BFloat16:
            return rms_norm_typed<__nv_bfloat16>(x, delta, weight, sum_out, out, rows, cols, eps,
                                                 as_stream(stream));
    }
    return "unknown dtype";
}

const char* silu_mul(Dtype dtype, const void* gate_up, void* out, int64_t rows, int64_t inter,
                     void* stream) {
    switch (dtype) {
        case Dtype::Float32:
            return silu_mul_typed<float>(gate_up, out, rows, inter, as_stream(stream));
        case Dtype::Float16:
            return silu_mul_typed<__half>(gate_up, out, rows, inter, as_stream(stream));
        case Dtype::BFloat16:
            return silu_mul_typed<__nv_bfloat16>(gate_up, out, rows, inter, as_stream(stream));
    }
    return "unknown dtype";
}

const char* rope_write_kv(Dtype dtype, const void* qkv, const int64_t* position,
                          const float* inv_freq, void* q_out, void* keys, void* values,
                          int64_t batch, int64_t heads, int64_t kv_heads, int64_t head_dim,
                          int64_t capacity, void* stream) {
    switch (dtype) {
        case Dtype::Float32:
            return rope_write_kv_typed<float>(qkv, position, inv_freq, q_out, keys, values, batch,
                                              heads, kv_heads, head_dim, capacity,
                                              as_stream(stream));
        case Dtype::Float16:
            return rope_write_kv_typed<__half>(qkv, position, inv_freq, q_out, keys, values, batch,
                                               heads, kv_heads, head_dim, capacity,
                                               as_stream(stream));
        case Dtype::BFloat16:
            return rope_write_kv_typed<__nv_bfloat16>(qkv, position, inv_freq, q_out, keys, values,
                                                      batch, heads, kv_heads, head_dim, capacity,
                                                      as_stream(stream));
    }
    return "unknown dtype";
}

const char* gemv(Dtype dtype, const void* weight, const void* x, void* y, int64_t rows,
                 int64_t cols, void* stream) {
    switch (dtype) {
        case Dtype::Float32:
            return gemv_typed<float>(weight, x, y, rows, cols, as_stream(stream));
        case Dtype::Float16:
            return gemv_typed<__half>(weight, x, y, rows, cols, as_stream(stream));
        case Dtype::BFloat16:
            return gemv_typed<__nv_bfloat16>(weight, x, y, rows, cols, as_stream(stream));
    }
    return "unknown dtype";
}

int64_t decode_attention_workspace(Dtype dtype, int64_t batch, int64_t heads, int64_t head_dim,
                                   int64_t window) {
    // The narrowest chunks any alignment may choose: enough either way.
    const int64_t element = dtype == Dtype::Float32 ? 4 : 2;
    const auto plan = attention_plan(element, head_dim, /*aligned_rows=*/false);
    if (plan.r == 0)
        return 0;
    return batch * heads * chunks_of(window, plan) * (head_dim + 2);
}

const char* decode_attention(Dtype dtype, const void* q, const void* keys, const void* values,
                             const int64_t* position, float* workspace, void* out, int64_t batch,
                             int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t capacity,
                             int64_t window, float scale, void* stream) {
    switch (dtype) {
        case Dtype::Float32:
            return decode_attention_typed<float>(q, keys, values, position, workspace, out, batch,
                                                 heads, kv_heads, head_dim, capacity, window, scale,
                                                 as_stream(stream));
        case Dtype::Float16:
            return decode_attention_typed<__half>(q, keys, values, position, workspace, out, batch,
                                                  heads, kv_heads, head_dim, capacity, window,
                                                  scale, as_stream(stream));
        case Dtype::BFloat16:
            return decode_attention_typed<__nv_bfloat16>(q, keys, values, position, workspace, out,
                                                         batch, heads, kv_heads, head_dim, capacity,
                                                         window, scale, as_stream(stream));
    }
    return "unknown dtype";
}

}  // namespace facellava::model::kernels::launch
