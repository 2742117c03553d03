// Random quantized weights and the float64 dequantisation written from the
// documented storage format (quant_scheme.h, quantized_weight.h) with plain
// loops, independent of quantized_weight.cpp: what the CPU kernel tests
// compare every path with.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "quant/quantized_weight.h"
#include "torch_pch.h"

namespace facellava::model::quant::reference {

inline QuantScheme int8_scheme() {
    QuantScheme scheme;
    scheme.bits = 8;
    return scheme;
}

inline QuantScheme int4_scheme(int64_t group, bool zero_points) {
    QuantScheme scheme;
    scheme.bits = 4;
    scheme.group = group;
    scheme.zero_points = zero_points;
    return scheme;
}

// Random codes (every byte of an int4 row random, the padding nibble of an
// odd row included: the kernels must ignore it), positive float16 scales and
// zero points in [0, 15].
inline QuantizedWeight random_weight(const QuantScheme& scheme, int64_t rows, int64_t cols,
                                     uint32_t seed) {
    std::mt19937 rng(seed);
    QuantizedWeight w;
    w.scheme = scheme;
    w.rows = rows;
    w.cols = cols;
    const int64_t groups = scheme.bits == 8 ? 1 : (cols + scheme.group - 1) / scheme.group;
    if (scheme.bits == 8) {
        w.data = torch::empty({rows, cols}, torch::kInt8);
        std::uniform_int_distribution<int> code(-127, 127);
        auto* p = w.data.data_ptr<int8_t>();
        for (int64_t i = 0; i < w.data.numel(); ++i)
            p[i] = static_cast<int8_t>(code(rng));
    } else {
        w.data = torch::empty({rows, (cols + 1) / 2}, torch::kUInt8);
        std::uniform_int_distribution<int> byte(0, 255);
        auto* p = w.data.data_ptr<uint8_t>();
        for (int64_t i = 0; i < w.data.numel(); ++i)
            p[i] = static_cast<uint8_t>(byte(rng));
    }
    w.scales = torch::empty({rows, groups}, torch::kFloat16);
    std::uniform_real_distribution<float> scale(0.001f, 0.05f);
    auto* s = w.scales.data_ptr<at::Half>();
    for (int64_t i = 0; i < w.scales.numel(); ++i)
        s[i] = at::Half(scale(rng));
    if (scheme.zero_points) {
        w.zeros = torch::empty({rows, groups}, torch::kUInt8);
        std::uniform_int_distribution<int> zero(0, 15);
        auto* z = w.zeros.data_ptr<uint8_t>();
        for (int64_t i = 0; i < w.zeros.numel(); ++i)
            z[i] = static_cast<uint8_t>(zero(rng));
    }
    return w;
}

inline torch::Tensor random_activations(int64_t m, int64_t cols, uint32_t seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    auto x = torch::empty({m, cols}, torch::kFloat32);
    auto* p = x.data_ptr<float>();
    for (int64_t i = 0; i < x.numel(); ++i)
        p[i] = normal(rng);
    return x;
}

// W[r][c] in float64, straight from the format: int8 q · scale; int4 column
// c in the low nibble of byte c / 2 when c is even, the high one when odd,
// (nibble − zero) · scale of group c / group, zero 8 without zero points.
inline std::vector<double> reference_dequantize(const QuantizedWeight& w) {
    std::vector<double> out(static_cast<size_t>(w.rows * w.cols));
    for (int64_t r = 0; r < w.rows; ++r) {
        for (int64_t c = 0; c < w.cols; ++c) {
            double value;
            if (w.scheme.bits == 8) {
                const int8_t q = w.data.data_ptr<int8_t>()[r * w.cols + c];
                value =
                    q * static_cast<double>(static_cast<float>(w.scales.data_ptr<at::Half>()[r]));
            } else {
                const int64_t groups = w.scales.size(1);
                const int64_t g = c / w.scheme.group;
                const uint8_t byte = w.data.data_ptr<uint8_t>()[r * ((w.cols + 1) / 2) + c / 2];
                const int nibble = c % 2 == 0 ? (byte & 0x0F) : (byte >> 4);
                const int zero =
                    w.scheme.zero_points ? w.zeros.data_ptr<uint8_t>()[r * groups + g] : 8;
                value = (nibble - zero) * static_cast<double>(static_cast<float>(
                                              w.scales.data_ptr<at::Half>()[r * groups + g]));
            }
            out[static_cast<size_t>(r * w.cols + c)] = value;
        }
    }
    return out;
}

// x̂ of the integer path's documented rounding rule (cpu_quant_q8_rows.h),
// in float32 as it says: per block of 32 columns d = max|x| / 127, q =
// round-half-even(x / d) clamped to ±127, x̂ = d · q (as double; d = 0: 0).
constexpr int64_t kActivationBlock = 32;
inline std::vector<double> rounded_row(const float* x, int64_t cols) {
    std::vector<double> out(static_cast<size_t>(cols), 0.0);
    for (int64_t first = 0; first < cols; first += kActivationBlock) {
        const int64_t last = std::min(cols, first + kActivationBlock);
        float largest = 0.0f;
        for (int64_t c = first; c < last; ++c)
            largest = std::max(largest, std::fabs(x[c]));
        const float d = largest / 127.0f;
        if (d == 0.0f)
            continue;
        for (int64_t c = first; c < last; ++c) {
            const float q = std::max(-127.0f, std::min(127.0f, std::nearbyint(x[c] / d)));
            out[static_cast<size_t>(c)] = static_cast<double>(d) * static_cast<double>(q);
        }
    }
    return out;
}

// The same for every row of a float32 (..., cols) tensor, as float64.
inline torch::Tensor rounded_rows(const torch::Tensor& x) {
    const auto rows = x.reshape({-1, x.size(-1)}).to(torch::kFloat32).contiguous();
    auto out = torch::empty(rows.sizes(), torch::kFloat64);
    for (int64_t i = 0; i < rows.size(0); ++i) {
        const auto row = rounded_row(rows.data_ptr<float>() + i * rows.size(1), rows.size(1));
        std::copy(row.begin(), row.end(), out.data_ptr<double>() + i * rows.size(1));
    }
    return out.view(x.sizes());
}

}  // namespace facellava::model::quant::reference
