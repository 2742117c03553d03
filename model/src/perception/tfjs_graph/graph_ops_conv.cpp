// Convolutions, depthwise convolutions, max-pool and (fused) matmul.
// Images are NHWC; LibTorch runs on x.permute(0,3,1,2), an NCHW view whose
// memory is channels-last, and the result is permuted back (no copies).
#include <limits>
#include <set>
#include <stdexcept>

#include "perception/tf_ops.h"
#include "perception/tfjs_graph/graph_ops.h"

namespace facellava::perception::tfjs {
namespace {

const std::set<std::string> kActivations = {"Relu", "Relu6",   "Prelu", "LeakyRelu",
                                            "Elu",  "Sigmoid", "Tanh"};

bool is_depthwise(const std::string& op) {
    return op == "DepthwiseConv2dNative" || op == "FusedDepthwiseConv2dNative";
}

// TF filter → LibTorch weight. conv [kh,kw,in,out] → [out,in,kh,kw];
// depthwise [kh,kw,C,mult] → [C·mult,1,kh,kw] (TF's output channel c·mult+m
// is LibTorch's group c, member m).
torch::Tensor filter_to_torch(const std::string& op, const torch::Tensor& filter) {
    if (filter.dim() != 4)
        throw std::invalid_argument("filter must be 4-D, got " + std::to_string(filter.dim()) +
                                    "-D");
    const auto f = filter.to(torch::kFloat32);
    if (is_depthwise(op))
        return f.permute({2, 3, 0, 1})
            .reshape({f.size(2) * f.size(3), 1, f.size(0), f.size(1)})
            .contiguous();
    return f.permute({3, 2, 0, 1}).contiguous();
}

// The fused tail: optional BiasAdd (args[0]) then an optional activation
// (Prelu reads its alpha from the next argument), as TF.js's fused kernels.
struct FusedTail {
    torch::Tensor bias;
    std::string activation;
    torch::Tensor prelu_alpha;
};

FusedTail fused_tail(const Node& node, const std::vector<torch::Tensor>& in, size_t first_arg) {
    FusedTail tail;
    size_t arg = first_arg;
    for (const auto& op : node.attrs.fused_ops) {
        if (op == "BiasAdd") {
            tail.bias = in.at(arg++);
        } else if (op == "Prelu") {
            tail.activation = op;
            tail.prelu_alpha = in.at(arg++);
        } else {
            tail.activation = op;
        }
    }
    return tail;
}

torch::Tensor activate(const torch::Tensor& x, const FusedTail& tail, const NodeAttrs& a) {
    const auto& act = tail.activation;
    if (act.empty())
        return x;
    if (act == "Relu")
        return torch::relu(x);
    if (act == "Relu6")
        return torch::clamp(x, 0.0, 6.0);
    if (act == "Prelu")
        return tf_prelu(x, tail.prelu_alpha);
    if (act == "LeakyRelu")
        return torch::where(x < 0, x * a.leakyrelu_alpha, x);
    if (act == "Elu")
        return torch::elu(x);
    if (act == "Sigmoid")
        return torch::sigmoid(x);
    return torch::tanh(x);  // "Tanh", the last of kActivations
}

struct Pads {
    int64_t top = 0, bottom = 0, left = 0, right = 0;
    bool symmetric() const { return top == bottom && left == right; }
};

// TF padding of the H and W axes for a window of kh×kw (dilated extent).
Pads window_pads(const NodeAttrs& a, int64_t h, int64_t w, int64_t kh, int64_t kw) {
    Pads p;
    if (a.padding == "SAME") {
        const SamePad ph = same_padding(h, kh, a.strides[1]);
        const SamePad pw = same_padding(w, kw, a.strides[2]);
        p = {ph.before, ph.after, pw.before, pw.after};
    } else if (a.padding == "EXPLICIT") {
        p = {a.explicit_paddings[2], a.explicit_paddings[3], a.explicit_paddings[4],
             a.explicit_paddings[5]};
    }
    return p;
}

torch::Tensor nchw_view(const torch::Tensor& nhwc) {
    if (nhwc.dim() != 4)
        throw std::invalid_argument("expects a 4-D NHWC tensor");
    return nhwc.permute({0, 3, 1, 2});
}

torch::Tensor nhwc_view(const torch::Tensor& nchw) {
    return nchw.permute({0, 2, 3, 1});
}

torch::Tensor conv(const Node& node, const std::vector<torch::Tensor>& in) {
    const NodeAttrs& a = node.attrs;
    const auto x = nchw_view(in.at(0));
    const auto weight = node.prepared_filter.defined() ? node.prepared_filter
                                                       : filter_to_torch(node.def.op, in.at(1));
    const FusedTail tail = fused_tail(node, in, 2);
    const int64_t dh = a.dilations[1], dw = a.dilations[2];
    const int64_t kh = (weight.size(2) - 1) * dh + 1, kw = (weight.size(3) - 1) * dw + 1;
    const Pads p = window_pads(a, x.size(2), x.size(3), kh, kw);
    const int64_t groups = is_depthwise(node.def.op) ? x.size(1) : x.size(1) / weight.size(1);
    const auto padded = p.symmetric() ? x : pad_constant(x, p.top, p.bottom, p.left, p.right);
    const std::vector<int64_t> conv_pad =
        p.symmetric() ? std::vector<int64_t>{p.top, p.left} : std::vector<int64_t>{0, 0};
    const auto y = at::conv2d(padded, weight, tail.bias, {a.strides[1], a.strides[2]}, conv_pad,
                              {dh, dw}, groups);
    return activate(nhwc_view(y), tail, a);
}

torch::Tensor max_pool(const Node& node, const std::vector<torch::Tensor>& in) {
    const NodeAttrs& a = node.attrs;
    const auto x = nchw_view(in.at(0));
    const int64_t kh = a.ksize[1], kw = a.ksize[2];
    const Pads p = window_pads(a, x.size(2), x.size(3), kh, kw);
    // max_pool2d's own padding never wins the max, as TF's −inf padding.
    if (p.symmetric())
        return nhwc_view(
            torch::max_pool2d(x, {kh, kw}, {a.strides[1], a.strides[2]}, {p.top, p.left}));
    const auto padded =
        pad_constant(x, p.top, p.bottom, p.left, p.right, -std::numeric_limits<double>::infinity());
    return nhwc_view(torch::max_pool2d(padded, {kh, kw}, {a.strides[1], a.strides[2]}));
}

torch::Tensor mat_mul(const Node& node, const std::vector<torch::Tensor>& in) {
    const NodeAttrs& a = node.attrs;
    auto lhs = in.at(0), rhs = in.at(1);
    if (a.transpose_a)
        lhs = lhs.transpose(-1, -2);
    if (a.transpose_b)
        rhs = rhs.transpose(-1, -2);
    const FusedTail tail = fused_tail(node, in, 2);
    auto y = torch::matmul(lhs, rhs);
    if (tail.bias.defined())
        y = y + tail.bias;
    return activate(y, tail, a);
}

void check_window_attrs(const NodeAttrs& a) {
    if (a.data_format != "NHWC")
        throw std::invalid_argument("data_format " + a.data_format + " (only NHWC)");
    if (a.padding != "SAME" && a.padding != "VALID" && a.padding != "EXPLICIT")
        throw std::invalid_argument("padding " + a.padding);
    if (a.padding == "EXPLICIT" && a.explicit_paddings.size() != 8)
        throw std::invalid_argument("EXPLICIT padding needs 8 explicit_paddings");
    for (const auto* v : {&a.strides, &a.dilations, &a.ksize})
        if (v->size() != 4 || (*v)[0] != 1 || (*v)[3] != 1)
            throw std::invalid_argument("strides/dilations/ksize must be [1,h,w,1]");
}

void check_fused_ops(const std::vector<std::string>& ops) {
    for (size_t i = 0; i < ops.size(); ++i) {
        const bool bias = ops[i] == "BiasAdd" && i == 0;
        const bool act = kActivations.count(ops[i]) && i == ops.size() - 1;
        if (!bias && !act)
            throw std::invalid_argument("fused op '" + ops[i] +
                                        "' (supported: BiasAdd, then one "
                                        "of Relu, Relu6, Prelu, LeakyRelu, Elu, Sigmoid, Tanh)");
    }
}

}  // namespace

bool is_conv_op(const std::string& op) {
    return op == "Conv2D" || op == "_FusedConv2D" || is_depthwise(op) || op == "MaxPool" ||
           op == "MatMul" || op == "_FusedMatMul";
}

void prepare_conv_node(Node& node, const torch::Tensor& filter) {
    const std::string& op = node.def.op;
    check_fused_ops(node.attrs.fused_ops);
    if (op == "MatMul" || op == "_FusedMatMul")
        return;
    check_window_attrs(node.attrs);
    if (op != "MaxPool" && filter.defined())
        node.prepared_filter = filter_to_torch(op, filter);
}

void add_conv_ops(std::map<std::string, OpFn>& table) {
    for (const char* op :
         {"Conv2D", "_FusedConv2D", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative"})
        table[op] = conv;
    table["MaxPool"] = max_pool;
    table["MatMul"] = mat_mul;
    table["_FusedMatMul"] = mat_mul;
}

}  // namespace facellava::perception::tfjs
