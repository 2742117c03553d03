// Attention of single decode rows on the CPU, each row over its own keys — a
// shared prefix and its own suffix — in one call: what ragged_attention's
// one-token rows otherwise take ~30 ATen operators per layer plus ~13 per
// shared prefix for, which on a small model (Nano: 4 layers of width 256)
// costs more than the layer's matrix products. Scores, softmax and the
// weighted sum per (row, head) in float32, like the cached forward: scores
// q·k · scale, max-subtracted exponentials, their sum, Σ p·v / sum.
//
// Threads split the (row, head) pairs (at::parallel_for). The dot products
// and the weighted sum use AVX2 + FMA where the CPU has them (chosen at run
// time), plain loops elsewhere; FACELLAVA_CPU_ATTENTION=aten turns the kernel
// off (ragged_attention then uses the ATen operators), =portable forces the
// plain loops — for tests and benchmarks.
#pragma once

#include <cstdint>
#include <vector>

#include "torch_pch.h"

namespace facellava::model {

// One query row's keys and values: positions [0, length) of each part, each
// part laid out (kv_heads, positions, head_dim) with head_stride floats from
// one key/value head to the next and head_dim floats from one position to
// the next. A part with length 0 is absent.
struct DecodeRowKeys {
    const float* prefix_keys = nullptr;
    const float* prefix_values = nullptr;
    int64_t prefix_length = 0;
    int64_t prefix_head_stride = 0;
    const float* suffix_keys = nullptr;
    const float* suffix_values = nullptr;
    int64_t suffix_length = 0;
    int64_t suffix_head_stride = 0;
};

enum class CpuAttentionPath { aten, portable, avx2 };

// The path in use: FACELLAVA_CPU_ATTENTION (read at every call) or the best
// the CPU has.
CpuAttentionPath cpu_attention_path();

// q (rows, heads, head_dim) float32 contiguous on the CPU; rows[i] the keys
// of row i (kv_heads dividing heads: head h reads key/value head
// h / (heads / kv_heads)) → (rows, heads, head_dim) float32. Every row needs
// at least one key. Throws facellava::Error on shapes that do not fit.
torch::Tensor cpu_decode_attention(const torch::Tensor& q, const std::vector<DecodeRowKeys>& rows,
                                   int64_t kv_heads, double scale, CpuAttentionPath path);

}  // namespace facellava::model
