// Launchers of the hand-written CUDA kernels (kernels/*.cu), in plain
// C++: raw device pointers, sizes and a cudaStream_t passed as void*, so that
// neither LibTorch's headers reach nvcc nor CUDA's reach the rest of the
// model. fused_kernels_cuda.cpp checks the tensors and calls these.
//
// Every launcher returns nullptr once its kernels are queued on `stream`, or
// the CUDA runtime's text for the launch error.
#pragma once

#include <cstdint>

namespace facellava::model::kernels::launch {

enum class Dtype { Float32, Float16, BFloat16 };

// Row-wise RMSNorm of (rows, cols), HF's numerics: in float32, rounded to the
// dtype before the weight. With `delta` non-null the row is first x + delta
// (rounded to the dtype, as ATen's add), and that sum is stored in `sum_out`.
const char* rms_norm(Dtype dtype, const void* x, const void* delta, const void* weight,
                     void* sum_out, void* out, int64_t rows, int64_t cols, float eps, void* stream);

// (rows, 2 · inter) [gate | up] → (rows, inter): silu(gate) · up, each op
// rounded to the dtype as ATen's silu then mul.
const char* silu_mul(Dtype dtype, const void* gate_up, void* out, int64_t rows, int64_t inter,
                     void* stream);

// One decode position per batch row. qkv (batch, heads + 2 · kv_heads,
// head_dim), the stacked projection: queries and keys get HF's rotate-half
// RoPE at the angle position · inv_freq (the position read on the device, so
// a CUDA graph replays it for any step); queries go to q_out (batch, heads,
// head_dim), keys and values to slot `position` of the caches (batch,
// kv_heads, capacity, head_dim).
const char* rope_write_kv(Dtype dtype, const void* qkv, const int64_t* position,
                          const float* inv_freq, void* q_out, void* keys, void* values,
                          int64_t batch, int64_t heads, int64_t kv_heads, int64_t head_dim,
                          int64_t capacity, void* stream);

// y (rows) = weight (rows, cols) · x (cols), float32 sums rounded once: the
// single-row products of a decode step. Needs cols a multiple of 16 bytes'
// worth of elements and 16-byte aligned weight and x.
const char* gemv(Dtype dtype, const void* weight, const void* x, void* y, int64_t rows,
                 int64_t cols, void* stream);

// Float32 elements of scratch that decode_attention needs; 0 when head_dim
// is too wide for it (more than 32 · 8 elements per lane's share).
int64_t decode_attention_workspace(Dtype dtype, int64_t batch, int64_t heads, int64_t head_dim,
                                   int64_t window);

// softmax(q kᵀ · scale) v for one query per (batch row, head) over cache slots
// [0, position] (at most window slots; the position is read on the device):
// q (batch, heads, head_dim), caches (batch, kv_heads, capacity, head_dim),
// query head i reading key/value head i / (heads / kv_heads); out (batch,
// heads, head_dim). Float32 arithmetic, split over chunks of keys and
// combined (flash-decoding), rounded once at the end.
const char* decode_attention(Dtype dtype, const void* q, const void* keys, const void* values,
                             const int64_t* position, float* workspace, void* out, int64_t batch,
                             int64_t heads, int64_t kv_heads, int64_t head_dim, int64_t capacity,
                             int64_t window, float scale, void* stream);

// Weight-only quantized weights (quant/quant_scheme.h): codes int8 (rows,
// cols), or int4 (rows, ceil(cols / 2)) uint8 with column 2j in the low
// nibble of byte j; scales (rows, groups) float16, groups = 1 for int8 and
// ceil(cols / group) for int4; zeros (rows, groups) uint8 or null (int4
// symmetric: zero 8; int8 has none).
//
// y (rows) = dequant(codes) (rows, cols) · x (cols), dequantised in registers,
// float32 sums rounded once. Streams the codes in 16-byte packs when each row
// is whole packs (int8: cols % 16 == 0; int4: cols % 32 == 0 and group % 32
// == 0) and codes and x are 16-byte aligned; otherwise an element-wise kernel.
const char* quant_gemv(Dtype dtype, int bits, const void* codes, const void* scales,
                       const uint8_t* zeros, int64_t group, const void* x, void* y, int64_t rows,
                       int64_t cols, void* stream);

// out (rows, cols) in `dtype` = (code − zero) · scale, rounded once: the
// weight for a prefill's cuBLAS product.
const char* quant_dequantize(Dtype dtype, int bits, const void* codes, const void* scales,
                             const uint8_t* zeros, int64_t group, void* out, int64_t rows,
                             int64_t cols, void* stream);

}  // namespace facellava::model::kernels::launch
