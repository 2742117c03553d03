// Weight-only quantization schemes (issue #25, docs/MODELS.md "Quantized
// weights"): what a quantized linear layer stores and how its values come back.
//
//   int8: one signed byte per weight, one 16-bit scale per output row,
//         symmetric: w ≈ q · scale, q in [-127, 127].
//   int4: one nibble per weight, two per byte along the input (the low nibble
//         holds the even column); one 16-bit scale per `group` consecutive
//         inputs of a row (the last group of a row may be shorter).
//         Symmetric: w ≈ (nibble − 8) · scale. With zero points: one 4-bit
//         zero per group, w ≈ (nibble − zero) · scale.
// Scales are float16 in every scheme. Torch-free: the CLI and the checkpoint
// metadata use it too.
#pragma once

#include <cstdint>
#include <string>

namespace facellava::model::quant {

struct QuantScheme {
    int bits = 8;              // 8 or 4
    int64_t group = 0;         // int4: 32, 64 or 128 inputs per scale; int8: 0 (per row)
    bool zero_points = false;  // int4 only

    // "int8", "int4" (group 128), "int4-g64", "int4-g32-zp": the names
    // --weights, --quantize and the checkpoint metadata use.
    std::string name() const;
    // Scales per row for a matrix of `cols` inputs: 1 for int8.
    int64_t groups(int64_t cols) const;
    // Bytes one row of `cols` inputs stores: data, scales and zero points.
    int64_t row_bytes(int64_t cols) const;
    bool operator==(const QuantScheme& other) const;
    bool operator!=(const QuantScheme& other) const { return !(*this == other); }
};

// "int8", "int4", "int4-g64", "int4-g128-zp", … ; `group` (0: keep the name's
// or the default 128) overrides the group of an int4 name. Throws
// facellava::Error listing the accepted names on anything else.
QuantScheme parse_scheme(const std::string& name, int64_t group = 0);

// The checkpoint metadata (safetensors "__metadata__") that marks a quantized
// checkpoint: key kMetadataKey, value a JSON object {"format":
// "facellava-quant/1", "scheme": "int4", "group": 128, "zero_points": false,
// "scale_dtype": "float16", "towers": false}.
constexpr const char* kMetadataKey = "facellava.quantization";
std::string scheme_metadata(const QuantScheme& scheme, bool towers);
// Parses scheme_metadata()'s text; throws facellava::Error naming `source`
// for an unknown format or scheme (a checkpoint of a newer version, say).
QuantScheme scheme_from_metadata(const std::string& text, const std::string& source,
                                 bool* towers = nullptr);

// Checkpoint keys of a quantized linear layer "<prefix>.weight": its data
// stays under ".weight", its scales and zero points are stored beside it.
std::string scale_key(const std::string& weight_key);  // "<prefix>.weight_scale"
std::string zero_key(const std::string& weight_key);   // "<prefix>.weight_zero"

}  // namespace facellava::model::quant
