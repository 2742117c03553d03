#include "perception/expression_net.h"

namespace facellava::perception {

ExpressionNet ExpressionNet::load(const std::string& manifest_path) {
    auto weights = TfjsWeights::load(manifest_path);
    ExpressionNet net;
    net.features_ = DenseFeatureExtractor::load(weights);
    net.fc_ = load_dense(weights, "fc", DenseFeatureExtractor::kFeatures,
                         int64_t(kExpressionLabels.size()));
    weights.finish();
    return net;
}

torch::Tensor ExpressionNet::forward(const torch::Tensor& x) const {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "ExpressionNet expects [N,3,112,112], got ",
                x.sizes());
    c10::InferenceMode guard;
    const auto features = features_.forward(x);  // [N,256]
    return logits(features);                     // [N,7]
}

torch::Tensor ExpressionNet::logits(const torch::Tensor& features) const {
    return dense(features, fc_);  // [N,256] → [N,7]
}

NamedTensorList ExpressionNet::named_tensors() const {
    NamedTensorList out;
    features_.append_tensors(out, "features.");
    append_tensors(out, "fc", fc_);
    return out;
}

torch::Tensor ExpressionNet::predict(const ImageRGB& image,
                                     const std::vector<CropRect>& crops) const {
    c10::InferenceMode guard;
    return torch::softmax(forward(face_batch(image, crops)), 1);
}

}  // namespace facellava::perception
