// face-api's FaceLandmark68Net: dense-block feature extractor → fc 256→136,
// (x0, y0, …, x67, y67) as fractions of the padded 112 square, iBUG 300-W
// point order.
//
// Thread-safety: immutable after load(); forward()/predict() may run concurrently.
#pragma once

#include <string>
#include <vector>

#include "perception/dense_feature_extractor.h"
#include "perception/face_preprocess.h"
#include "torch_pch.h"

namespace facellava::perception {

class Landmark68Net {
  public:
    static constexpr const char* kManifest = "model/face_landmark_68_model-weights_manifest.json";
    static constexpr int64_t kPoints = 68;

    // Throws facellava::Error naming the file when it is missing or does not fit.
    static Landmark68Net load(const std::string& manifest_path);

    // x [N,3,112,112] normalised face inputs → raw output [N,136].
    torch::Tensor forward(const torch::Tensor& x) const;
    // Points [N,68,2] (float64) in image pixels for crops of an RGB image.
    torch::Tensor predict(const ImageRGB& image, const std::vector<CropRect>& crops) const;

  private:
    DenseFeatureExtractor features_;
    Dense fc_;  // fc: 256 → 136
};

// face-api's postProcess + FaceLandmarks: raw [N,136] → [N,68,2] (float64) in
// pixels of each crop (origin at the crop's top-left corner). The pad is undone
// as face-api does it (|w−h|/2 on both sides of the scaled crop), in float32
// where face-api uses tensors.
torch::Tensor landmarks_in_crop(const torch::Tensor& raw, const std::vector<CropRect>& crops);

}  // namespace facellava::perception
