// face-api's FaceExpressionNet: dense-block feature extractor → fc 256→7.
// Classes in output order: neutral, happy, sad, angry, fearful, disgusted,
// surprised.
//
// Thread-safety: immutable after load(); forward()/predict() may run concurrently.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "perception/dense_feature_extractor.h"
#include "perception/face_preprocess.h"
#include "torch_pch.h"

namespace facellava::perception {

inline constexpr std::array<const char*, 7> kExpressionLabels = {
    "neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"};

class ExpressionNet {
  public:
    // Manifest path inside the face-api package (see AssetLocator::faceapi_file).
    static constexpr const char* kManifest = "model/face_expression_model-weights_manifest.json";

    // Throws facellava::Error naming the file when it is missing or does not fit.
    static ExpressionNet load(const std::string& manifest_path);

    // x [N,3,112,112] normalised face inputs → logits [N,7]
    // (= logits(DenseFeatureExtractor::pool(grid(x)))).
    torch::Tensor forward(const torch::Tensor& x) const;
    // x [N,3,112,112] → the feature extractor's map before its pool [N,256,7,7].
    // No inference-mode guard: the caller chooses (the FaceLLaVA-Nano tower
    // feeds it into a trained projector).
    torch::Tensor grid(const torch::Tensor& x) const { return features_.grid(x); }
    // Pooled bottleneck features [N,256] → logits [N,7] (the fc layer).
    torch::Tensor logits(const torch::Tensor& features) const;
    // Every weight: "features.denseK.…", "fc.weight", "fc.bias".
    NamedTensorList named_tensors() const;
    // Probabilities [N,7] (softmax of the logits) for crops of an RGB image.
    torch::Tensor predict(const ImageRGB& image, const std::vector<CropRect>& crops) const;

  private:
    DenseFeatureExtractor features_;
    Dense fc_;  // fc: 256 → 7
};

}  // namespace facellava::perception
