// Single-query attention over the KV cache up to a position read on the
// device, in two passes (fused_launch.h).
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

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
    return with_element_type(dtype, [&](auto element) {
        return decode_attention_typed<decltype(element)>(q, keys, values, position, workspace, out,
                                                         batch, heads, kv_heads, head_dim, capacity,
                                                         window, scale, as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
