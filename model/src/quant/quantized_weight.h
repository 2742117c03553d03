// A quantized weight matrix (quant_scheme.h) as tensors, and the reference
// quantize/dequantize every kernel is checked against.
#pragma once

#include <string>

#include "quant/quant_scheme.h"
#include "torch_pch.h"

namespace facellava::model::quant {

// The stored form of a float weight (rows, cols), i.e. (out, in).
struct QuantizedWeight {
    QuantScheme scheme;
    int64_t rows = 0;
    int64_t cols = 0;
    // int8: (rows, cols) int8. int4: (rows, ceil(cols / 2)) uint8, column 2j
    // in the low nibble of byte j, 2j + 1 in the high one (an odd last
    // column's partner nibble holds the zero point, so it dequantises to 0).
    torch::Tensor data;
    torch::Tensor scales;  // (rows, groups) float16
    torch::Tensor zeros;   // int4 with zero points: (rows, groups) uint8 in [0, 15]; else undefined

    int64_t groups() const { return scheme.groups(cols); }
    int64_t bytes() const;  // what data, scales and zeros occupy
    torch::Device device() const { return data.device(); }
};

// Shapes and dtypes a QuantizedWeight of this scheme and size has.
std::vector<int64_t> data_shape(const QuantScheme& scheme, int64_t rows, int64_t cols);
std::vector<int64_t> scale_shape(const QuantScheme& scheme, int64_t rows, int64_t cols);
torch::Dtype data_dtype(const QuantScheme& scheme);  // kInt8 or kUInt8

// Empty tensors of the right shapes on `device`, for a loader to fill.
QuantizedWeight allocate_quantized(const QuantScheme& scheme, int64_t rows, int64_t cols,
                                   const torch::Device& device);

// Quantizes a floating (rows, cols) weight (any float dtype, any device; the
// work runs in float32 on the weight's device). Scales are rounded to float16
// before the codes are chosen, so dequantize() reproduces exactly what a
// kernel computes: round-to-nearest of w / scale (+ zero), clamped.
QuantizedWeight quantize(const torch::Tensor& weight, const QuantScheme& scheme);

// The float weight the codes stand for, (rows, cols) in `dtype` (float32 by
// default; float64 for references), on the weight's device.
torch::Tensor dequantize(const QuantizedWeight& weight, torch::Dtype dtype = torch::kFloat32);

// Throws facellava::Error naming `key` and `source` unless the tensors have
// the scheme's shapes and dtypes for (rows, cols): a wrong or missing scale,
// a zero tensor where the scheme has none, codes of the wrong width.
void check_quantized(const QuantizedWeight& weight, const std::string& key,
                     const std::string& source);

}  // namespace facellava::model::quant
