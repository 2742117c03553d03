// The integer-dot-product path of the quantized CPU products (the "vnni"
// path of cpu_quant_kernels.h): the activation row is rounded to int8 once
// per call, in blocks of kQ8Block columns with one float32 scale each, as
// llama.cpp's Q8_0 does, and every weight row is then multiplied with it by
// AVX-512 VNNI (vpdpbusd: 64 byte products summed into 16 int32 lanes per
// instruction). On one core a float FMA kernel cannot widen and multiply
// codes as fast as memory delivers them (cpu_quant_kernels_avx2.cpp: int4
// reads 8-10 GB/s of codes); integer dot products can.
//
// The rounding rule, the contract of this path: for block b (columns
// [32b, 32b + 32)), d_b = max|x| / 127 in float32 and q = round-half-even(
// x / d_b) in float32, clamped to [-127, 127] (d_b = 0: q = 0). The product
// is then exactly Σ_c W[r, c] · d_b(c) · q_c up to float32 summation, i.e.
// |y − x·Wᵀ| ≤ Σ_c |W[r, c]| · d_b(c) / 2 plus that summation error.
#pragma once

#include <cstdint>
#include <vector>

#include "quant/cpu_quant_rows.h"

namespace facellava::model::quant::rows {

constexpr int64_t kQ8Block = 32;
// Bytes of codes per vpdpbusd: 16 int32 lanes of 4 bytes each.
constexpr int64_t kChunkBytes = 64;

// Weight groups the integer path takes: whole lanes (8 int4 columns) per
// group and a fixed lane-to-group map. Other groups (no scheme makes them)
// go to the float kernels.
bool q8_path_takes(const WeightView& w);

// One activation row rounded for one weight layout, padded with zeros to
// whole 64-byte chunks of the weight rows.
struct Q8Activation {
    // int8 weights: q in column order. int4 weights: q of even columns in
    // `q`, of odd columns in `q_odd` (byte j of a row holds columns 2j, 2j+1).
    std::vector<int8_t> q;
    std::vector<int8_t> q_odd;
    // int8: the negative-q mask, one bit per column (vpdpbusd multiplies
    // unsigned by signed bytes, so the kernel takes |q| and moves the sign to
    // the weight code).
    std::vector<uint64_t> negative;
    std::vector<uint8_t> magnitude;  // int8: |q|
    // d_b of each 4-byte lane of every chunk: 16 floats per chunk.
    std::vector<float> lane_scales;
    // int4 with zero points: Σ d_b · q over each weight group (their share,
    // subtracted per row).
    std::vector<float> group_sums;
    // int4 without: −8 · Σ q over each lane's 8 columns, the start of the
    // lane's integer sum, so Σ (nibble − 8) · q needs no work per row.
    std::vector<int32_t> lane_offsets;
};

// Rounds x (w.cols values) by the rule above into `out` (its buffers reused).
void quantize_activation_q8(const WeightView& w, const float* x, Q8Activation& out);

// The rule itself, vectorised: d_b into scales (ceil(cols / 32)), q into q
// (cols). Only on the vnni path's CPUs (compiled for that target).
void round_blocks_vnni(const float* x, int64_t cols, float* scales, int8_t* q);

// y[r − begin] = Σ_c W[r, c] · x̂_c for rows [begin, end), x̂ the rounded row.
// Only after cpu_path_supported(vnni) said yes (compiled for that target).
void int8_rows_vnni(const WeightView& w, const Q8Activation& x, int64_t begin, int64_t end,
                    float* y);
void int4_rows_vnni(const WeightView& w, const Q8Activation& x, int64_t begin, int64_t end,
                    float* y);

}  // namespace facellava::model::quant::rows
