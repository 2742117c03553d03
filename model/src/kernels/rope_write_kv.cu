// RoPE on a decode position's queries and keys, with the key and value
// written into the KV cache slot (fused_launch.h).
#include <cstdint>

#include "kernels/device_math.cuh"

namespace facellava::model::kernels::launch {

namespace {

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

}  // namespace

const char* rope_write_kv(Dtype dtype, const void* qkv, const int64_t* position,
                          const float* inv_freq, void* q_out, void* keys, void* values,
                          int64_t batch, int64_t heads, int64_t kv_heads, int64_t head_dim,
                          int64_t capacity, void* stream) {
    return with_element_type(dtype, [&](auto element) {
        return rope_write_kv_typed<decltype(element)>(qkv, position, inv_freq, q_out, keys, values,
                                                      batch, heads, kv_heads, head_dim, capacity,
                                                      as_stream(stream));
    });
}

}  // namespace facellava::model::kernels::launch
