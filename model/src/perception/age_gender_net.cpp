#include "perception/age_gender_net.h"

namespace facellava::perception {

torch::Tensor AgeGenderNet::ReductionBlock::forward(const torch::Tensor& x) const {
    auto cur = activate_input ? torch::relu(x) : x;                   // [N,C,H,W]
    cur = separable_conv_same(cur, separable_conv0, 1);               // [N,C',H,W]
    cur = separable_conv_same(torch::relu(cur), separable_conv1, 1);  // [N,C',H,W]
    cur = max_pool_same(cur, 3, 2);                                   // [N,C',H/2,W/2]
    return cur + conv2d_same(x, expansion_conv, 2);  // shortcut on the un-activated input
}

torch::Tensor AgeGenderNet::MainBlock::forward(const torch::Tensor& x) const {
    auto cur = x;
    for (const auto& conv : separable_convs)
        cur = separable_conv_same(torch::relu(cur), conv, 1);
    return cur + x;
}

AgeGenderNet AgeGenderNet::load(const std::string& manifest_path) {
    auto weights = TfjsWeights::load(manifest_path);
    const auto reduction = [&](const std::string& prefix, int64_t in, int64_t out) {
        ReductionBlock block;
        block.separable_conv0 = load_separable_conv(weights, prefix + "/separable_conv0", in, out);
        block.separable_conv1 = load_separable_conv(weights, prefix + "/separable_conv1", out, out);
        block.expansion_conv = load_conv(weights, prefix + "/expansion_conv", 1, in, out);
        return block;
    };
    AgeGenderNet net;
    net.conv_in_ = load_conv(weights, "entry_flow/conv_in", 3, 3, 32);
    net.entry_[0] = reduction("entry_flow/reduction_block_0", 32, 64);
    net.entry_[0].activate_input = false;
    net.entry_[1] = reduction("entry_flow/reduction_block_1", 64, 128);
    for (size_t b = 0; b < net.middle_.size(); ++b) {
        const std::string prefix = "middle_flow/main_block_" + std::to_string(b);
        for (size_t c = 0; c < 3; ++c)
            net.middle_[b].separable_convs[c] = load_separable_conv(
                weights, prefix + "/separable_conv" + std::to_string(c), 128, 128);
    }
    net.exit_reduction_ = reduction("exit_flow/reduction_block", 128, 256);
    net.exit_separable_ = load_separable_conv(weights, "exit_flow/separable_conv", 256, 512);
    net.fc_age_ = load_dense(weights, "fc/age", 512, 1);
    net.fc_gender_ = load_dense(weights, "fc/gender", 512, 2);
    weights.finish();
    return net;
}

AgeGenderOutput AgeGenderNet::forward(const torch::Tensor& x) const {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "AgeGenderNet expects [N,3,112,112], got ",
                x.sizes());
    c10::InferenceMode guard;
    return heads(pool(grid(x)));
}

torch::Tensor AgeGenderNet::grid(const torch::Tensor& x) const {
    auto cur = torch::relu(conv2d_same(to_net_layout(x), conv_in_, 2));  // [N,32,56,56]
    for (const auto& block : entry_)
        cur = block.forward(cur);  // [N,128,14,14]
    for (const auto& block : middle_)
        cur = block.forward(cur);                                      // [N,128,14,14]
    cur = exit_reduction_.forward(cur);                                // [N,256,7,7]
    return torch::relu(separable_conv_same(cur, exit_separable_, 1));  // [N,512,7,7]
}

torch::Tensor AgeGenderNet::pool(const torch::Tensor& grid) {
    // tf.avgPool(out, [7,7], [2,2], 'valid'): one window over the 7×7 map.
    return torch::avg_pool2d(grid, {7, 7}, {2, 2}).flatten(1);  // [N,512]
}

AgeGenderOutput AgeGenderNet::heads(const torch::Tensor& features) const {
    return {dense(features, fc_age_).squeeze(1), dense(features, fc_gender_)};  // [N], [N,2]
}

NamedTensorList AgeGenderNet::named_tensors() const {
    NamedTensorList out;
    const auto reduction = [&](const std::string& prefix, const ReductionBlock& block) {
        append_tensors(out, prefix + ".separable_conv0", block.separable_conv0);
        append_tensors(out, prefix + ".separable_conv1", block.separable_conv1);
        append_tensors(out, prefix + ".expansion_conv", block.expansion_conv);
    };
    append_tensors(out, "entry_flow.conv_in", conv_in_);
    for (size_t b = 0; b < entry_.size(); ++b)
        reduction("entry_flow.reduction_block_" + std::to_string(b), entry_[b]);
    for (size_t b = 0; b < middle_.size(); ++b) {
        for (size_t c = 0; c < 3; ++c)
            append_tensors(out,
                           "middle_flow.main_block_" + std::to_string(b) + ".separable_conv" +
                               std::to_string(c),
                           middle_[b].separable_convs[c]);
    }
    reduction("exit_flow.reduction_block", exit_reduction_);
    append_tensors(out, "exit_flow.separable_conv", exit_separable_);
    append_tensors(out, "fc.age", fc_age_);
    append_tensors(out, "fc.gender", fc_gender_);
    return out;
}

AgeGenderOutput AgeGenderNet::predict(const ImageRGB& image,
                                      const std::vector<CropRect>& crops) const {
    return forward(face_batch(image, crops));
}

}  // namespace facellava::perception
