// The op table of the TF.js graph runner: one function per TensorFlow op,
// with TF semantics on TF-layout tensors (images NHWC). Convolutions and
// pools run through LibTorch on the NCHW *view* of an NHWC tensor (a permute,
// no copy), which LibTorch sees as channels-last memory, so the graph keeps
// NHWC semantics end to end without layout copies. Private to tfjs_graph.
//
// Thread-safety: ops read their Node and inputs only; safe to call
// concurrently.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "perception/tfjs_graph/graph_attrs.h"
#include "perception/tfjs_graph/model_json.h"
#include "torch_pch.h"

namespace facellava::perception::tfjs {

// A node ready to run: its definition, decoded attributes, producer indices
// into the execution order, and load-time forms of constant inputs.
struct Node {
    NodeDef def;
    NodeAttrs attrs;
    std::vector<int> inputs;  // indices of the producers in the execution order
    torch::Tensor constant;   // Const: the value (undefined once only prepared forms use it)
    // Conv/depthwise with a Const filter: the filter in LibTorch layout
    // ([out, in/groups, kh, kw]), made once at load instead of every run.
    torch::Tensor prepared_filter;
};

// Inputs are in the node's input order; a Const filter already held in
// prepared_filter may arrive undefined.
using OpFn = torch::Tensor (*)(const Node& node, const std::vector<torch::Tensor>& in);

// Every op name → function (built once; all op families registered).
const std::map<std::string, OpFn>& op_table();

// The families (one file each) add their ops to the table.
void add_conv_ops(std::map<std::string, OpFn>& table);         // graph_ops_conv.cpp
void add_elementwise_ops(std::map<std::string, OpFn>& table);  // graph_ops_elementwise.cpp
void add_shape_ops(std::map<std::string, OpFn>& table);        // graph_ops_shape.cpp
void add_image_ops(std::map<std::string, OpFn>& table);        // graph_ops_image.cpp

// Load-time work of the conv family: checks attributes (padding, fused ops,
// data format) and fills prepared_filter when `filter` is a constant.
// Throws std::invalid_argument on what the runner cannot execute.
void prepare_conv_node(Node& node, const torch::Tensor& filter);
bool is_conv_op(const std::string& op);

// Shared helpers.
std::vector<int64_t> to_int_vector(const torch::Tensor& t);  // int tensor → values
int64_t normalize_axis(int64_t axis, int64_t rank);          // negative → from the end
// x <0 ? alpha·x : x (TF.js prelu), alpha broadcast over the trailing axes.
torch::Tensor tf_prelu(const torch::Tensor& x, const torch::Tensor& alpha);

}  // namespace facellava::perception::tfjs
