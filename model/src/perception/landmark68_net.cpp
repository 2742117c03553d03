#include "perception/landmark68_net.h"

#include <algorithm>
#include <cmath>

namespace facellava::perception {

Landmark68Net Landmark68Net::load(const std::string& manifest_path) {
    auto weights = TfjsWeights::load(manifest_path);
    Landmark68Net net;
    net.features_ = DenseFeatureExtractor::load(weights);
    net.fc_ = load_dense(weights, "fc", DenseFeatureExtractor::kFeatures, 2 * kPoints);
    weights.finish();
    return net;
}

torch::Tensor Landmark68Net::forward(const torch::Tensor& x) const {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "Landmark68Net expects [N,3,112,112], got ",
                x.sizes());
    c10::InferenceMode guard;
    const auto features = features_.forward(x);  // [N,256]
    return dense(features, fc_);                 // [N,136]
}

torch::Tensor Landmark68Net::predict(const ImageRGB& image,
                                     const std::vector<CropRect>& crops) const {
    c10::InferenceMode guard;
    auto points = landmarks_in_crop(forward(face_batch(image, crops)), crops);  // [N,68,2]
    for (size_t i = 0; i < crops.size(); ++i) {
        points[int64_t(i)].select(1, 0).add_(crops[i].x);
        points[int64_t(i)].select(1, 1).add_(crops[i].y);
    }
    return points;
}

torch::Tensor landmarks_in_crop(const torch::Tensor& raw, const std::vector<CropRect>& crops) {
    TORCH_CHECK(raw.dim() == 2 && raw.size(0) == int64_t(crops.size()) && raw.size(1) % 2 == 0,
                "landmarks_in_crop: raw ", raw.sizes(), " does not fit ", crops.size(), " crops");
    c10::InferenceMode guard;
    const int64_t n = raw.size(0), points = raw.size(1) / 2;
    const double input = kFaceInputSize;
    // Per crop: the padding and the size of the crop inside the 112 square.
    auto pad = torch::empty({n, 1, 2}, torch::kFloat32);
    auto scaled = torch::empty({n, 1, 2}, torch::kFloat32);
    auto size = torch::empty({n, 1, 2}, torch::kFloat64);
    for (int64_t i = 0; i < n; ++i) {
        const CropRect& c = crops[size_t(i)];
        const double scale = input / double(std::max(c.width, c.height));
        const double w = c.width * scale, h = c.height * scale;
        pad[i][0][0] = float(w < h ? std::abs(w - h) / 2 : 0.0);
        pad[i][0][1] = float(h < w ? std::abs(w - h) / 2 : 0.0);
        scaled[i][0][0] = float(w);
        scaled[i][0][1] = float(h);
        size[i][0][0] = double(c.width);
        size[i][0][1] = double(c.height);
    }
    const auto xy = raw.to(torch::kFloat32).reshape({n, points, 2});  // [N,68,2]
    // Fractions of the unpadded crop, in float32 like face-api's tensor ops.
    const auto relative = (xy * float(input) - pad) / scaled;
    // FaceLandmarks: relative · (crop width, height), in JavaScript doubles.
    return relative.to(torch::kFloat64) * size;
}

}  // namespace facellava::perception
