#include "perception/dense_feature_extractor.h"

#include <string>

namespace facellava::perception {

torch::Tensor DenseBlock::forward(const torch::Tensor& x) const {
    // Addition order follows face-api: o1 + (o2 + (o3 + o4)).
    const auto o1 = torch::relu(first ? conv2d_same(x, conv0_regular, 2)
                                      : separable_conv_same(x, conv0, 2));  // [N,C,H/2,W/2]
    const auto o2 = separable_conv_same(o1, conv1, 1);
    const auto o3 = separable_conv_same(torch::relu(o1 + o2), conv2, 1);
    const auto o4 = separable_conv_same(torch::relu(o1 + (o2 + o3)), conv3, 1);
    return torch::relu(o1 + (o2 + (o3 + o4)));
}

DenseFeatureExtractor DenseFeatureExtractor::load(TfjsWeights& weights) {
    DenseFeatureExtractor net;
    const int64_t channels[4] = {32, 64, 128, 256};
    int64_t in = 3;
    for (int k = 0; k < 4; ++k) {
        const std::string prefix = "dense" + std::to_string(k);
        const int64_t out = channels[k];
        DenseBlock& block = net.blocks_[size_t(k)];
        block.first = k == 0;
        if (block.first)
            block.conv0_regular = load_conv(weights, prefix + "/conv0", 3, in, out);
        else
            block.conv0 = load_separable_conv(weights, prefix + "/conv0", in, out);
        block.conv1 = load_separable_conv(weights, prefix + "/conv1", out, out);
        block.conv2 = load_separable_conv(weights, prefix + "/conv2", out, out);
        block.conv3 = load_separable_conv(weights, prefix + "/conv3", out, out);
        in = out;
    }
    return net;
}

torch::Tensor DenseFeatureExtractor::grid(const torch::Tensor& x) const {
    auto cur = to_net_layout(x);  // [N,3,112,112]
    for (const auto& block : blocks_)
        cur = block.forward(cur);  // → [N,256,7,7]
    return cur;
}

torch::Tensor DenseFeatureExtractor::pool(const torch::Tensor& grid) {
    // tf.avgPool(out, [7,7], [2,2], 'valid'): one window over the 7×7 map.
    const auto cur = torch::avg_pool2d(grid, {7, 7}, {2, 2});  // [N,256,1,1]
    return cur.flatten(1);                                     // [N,256]
}

torch::Tensor DenseFeatureExtractor::forward(const torch::Tensor& x) const {
    return pool(grid(x));
}

void DenseFeatureExtractor::append_tensors(NamedTensorList& out, const std::string& prefix) const {
    for (size_t k = 0; k < blocks_.size(); ++k) {
        const DenseBlock& block = blocks_[k];
        const std::string name = prefix + "dense" + std::to_string(k);
        if (block.first)
            perception::append_tensors(out, name + ".conv0", block.conv0_regular);
        else
            perception::append_tensors(out, name + ".conv0", block.conv0);
        perception::append_tensors(out, name + ".conv1", block.conv1);
        perception::append_tensors(out, name + ".conv2", block.conv2);
        perception::append_tensors(out, name + ".conv3", block.conv3);
    }
}

}  // namespace facellava::perception
