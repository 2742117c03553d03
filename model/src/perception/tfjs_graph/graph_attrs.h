// A graph node's attributes, decoded once at load time from model.json's
// AttrValue JSON ({"i": "2"}, {"f": 0.1}, {"b": true}, {"s": base64},
// {"list": {"i": […], "s": […]}}) into the fields the ops read, so run()
// does no JSON look-ups. Private to tfjs_graph.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::perception::tfjs {

struct NodeAttrs {
    // Convolutions and pools (NHWC order: [1, h, w, 1]).
    std::vector<int64_t> strides{1, 1, 1, 1};
    std::vector<int64_t> dilations{1, 1, 1, 1};
    std::vector<int64_t> ksize{1, 1, 1, 1};
    std::string padding = "VALID";           // SAME | VALID | EXPLICIT
    std::vector<int64_t> explicit_paddings;  // 2 per NHWC axis
    std::string data_format = "NHWC";
    // Fused ops (_FusedConv2D, FusedDepthwiseConv2dNative, _FusedMatMul).
    std::vector<std::string> fused_ops;  // e.g. {"BiasAdd", "Relu"}
    double leakyrelu_alpha = 0.2;
    bool transpose_a = false, transpose_b = false;
    // Reductions, Squeeze, Pack, ConcatV2.
    bool keep_dims = false;
    std::vector<int64_t> squeeze_dims;
    int64_t axis = 0;
    // StridedSlice.
    int64_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0,
            shrink_axis_mask = 0;
    // ResizeBilinear, DepthToSpace.
    bool align_corners = false, half_pixel_centers = false;
    int64_t block_size = 0;
    // Placeholder: the declared shape (-1 where free); empty when undeclared.
    std::vector<int64_t> shape;
    bool has_shape = false;
};

// Throws std::invalid_argument on an attribute of the wrong kind; the loader
// turns it into a facellava::Error naming the node and file.
NodeAttrs parse_attrs(const nlohmann::json& attr);

std::string base64_decode(const std::string& text);

}  // namespace facellava::perception::tfjs
