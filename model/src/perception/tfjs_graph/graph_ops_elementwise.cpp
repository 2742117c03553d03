// Element-wise ops (with TF broadcasting, which LibTorch's matches),
// activations, softmax and reductions. Layout-agnostic: they index
// logically, so NHWC views from the conv ops need no copies.
#include <stdexcept>

#include "perception/tfjs_graph/graph_ops.h"

namespace facellava::perception::tfjs {
namespace {

using Tensors = std::vector<torch::Tensor>;

torch::Tensor add(const Node&, const Tensors& in) {
    return in.at(0) + in.at(1);
}
torch::Tensor sub(const Node&, const Tensors& in) {
    return in.at(0) - in.at(1);
}
torch::Tensor mul(const Node&, const Tensors& in) {
    return in.at(0) * in.at(1);
}
torch::Tensor maximum(const Node&, const Tensors& in) {
    return torch::maximum(in.at(0), in.at(1));
}
torch::Tensor minimum(const Node&, const Tensors& in) {
    return torch::minimum(in.at(0), in.at(1));
}

torch::Tensor abs(const Node&, const Tensors& in) {
    return torch::abs(in.at(0));
}
torch::Tensor square(const Node&, const Tensors& in) {
    return in.at(0) * in.at(0);
}
torch::Tensor rsqrt(const Node&, const Tensors& in) {
    return torch::rsqrt(in.at(0));
}
torch::Tensor relu(const Node&, const Tensors& in) {
    return torch::relu(in.at(0));
}
torch::Tensor relu6(const Node&, const Tensors& in) {
    return torch::clamp(in.at(0), 0.0, 6.0);
}
torch::Tensor sigmoid(const Node&, const Tensors& in) {
    return torch::sigmoid(in.at(0));
}
torch::Tensor prelu_op(const Node&, const Tensors& in) {
    return tf_prelu(in.at(0), in.at(1));
}
// TF's Softmax is over the last axis.
torch::Tensor softmax(const Node&, const Tensors& in) {
    return torch::softmax(in.at(0), -1);
}

// The reduction axes (input 1, a scalar or a vector), normalised.
std::vector<int64_t> reduction_axes(const Tensors& in) {
    std::vector<int64_t> axes = to_int_vector(in.at(1));
    for (auto& axis : axes)
        axis = normalize_axis(axis, in.at(0).dim());
    return axes;
}

torch::Tensor mean(const Node& node, const Tensors& in) {
    const auto axes = reduction_axes(in);
    return axes.empty() ? in.at(0) : torch::mean(in.at(0), axes, node.attrs.keep_dims);
}

torch::Tensor sum(const Node& node, const Tensors& in) {
    const auto axes = reduction_axes(in);
    // Integer sums stay int32 (LibTorch would widen to int64).
    return axes.empty() ? in.at(0)
                        : torch::sum(in.at(0), axes, node.attrs.keep_dims, in.at(0).scalar_type());
}

torch::Tensor max(const Node& node, const Tensors& in) {
    const auto axes = reduction_axes(in);
    return axes.empty() ? in.at(0) : torch::amax(in.at(0), axes, node.attrs.keep_dims);
}

}  // namespace

torch::Tensor tf_prelu(const torch::Tensor& x, const torch::Tensor& alpha) {
    return torch::where(x < 0, x * alpha, x);
}

void add_elementwise_ops(std::map<std::string, OpFn>& table) {
    table["Add"] = add;
    table["AddV2"] = add;
    table["Sub"] = sub;
    table["Mul"] = mul;
    table["Maximum"] = maximum;
    table["Minimum"] = minimum;
    table["Abs"] = abs;
    table["Square"] = square;
    table["Rsqrt"] = rsqrt;
    table["Relu"] = relu;
    table["Relu6"] = relu6;
    table["Sigmoid"] = sigmoid;
    table["Prelu"] = prelu_op;
    table["Softmax"] = softmax;
    table["Mean"] = mean;
    table["Sum"] = sum;
    table["Max"] = max;
}

}  // namespace facellava::perception::tfjs
