// face-api's TinyFaceDetector (a Tiny-YOLOv2 with separable convs, one class)
// and its box decoding: 5 anchors per cell of the S×S grid (S = input/32),
// score = σ(objectness), greedy non-maximum suppression at IoU 0.4.
//
// Thread-safety: immutable after load(); forward()/detect() may run concurrently.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "perception/face_preprocess.h"
#include "perception/tf_ops.h"
#include "torch_pch.h"

namespace facellava::perception {

// One decoded face, as face-api's FaceDetection holds it.
struct DetectorBox {
    double score = 0.0;
    // Relative to the image (face-api's relativeBox): x, y, width, height.
    double rel_x = 0.0, rel_y = 0.0, rel_width = 0.0, rel_height = 0.0;
    // In image pixels (face-api's box = relativeBox · image size); may extend
    // past the image border.
    double x = 0.0, y = 0.0, width = 0.0, height = 0.0;
};

struct TinyFaceDetectorParams {
    int input_size = kDetectorInputSize;  // multiple of 32
    double score_threshold = 0.5;         // keep σ(objectness) > threshold
    double iou_threshold = 0.4;           // NMS: drop boxes overlapping a kept one by more
};

class TinyFaceDetector {
  public:
    static constexpr const char* kManifest = "model/tiny_face_detector_model-weights_manifest.json";
    static constexpr int64_t kAnchors = 5;
    static constexpr int64_t kBoxEncoding = 5;  // tx, ty, tw, th, objectness
    // Anchor (width, height) in grid cells.
    static constexpr std::array<std::array<double, 2>, 5> kAnchorSizes = {{{1.603231, 2.094468},
                                                                           {6.041143, 7.080126},
                                                                           {2.882459, 3.518061},
                                                                           {4.266906, 5.178857},
                                                                           {9.041765, 10.66308}}};

    // Throws facellava::Error naming the file when it is missing or does not fit.
    static TinyFaceDetector load(const std::string& manifest_path);

    // x [N,3,S,S] normalised input → raw output [N,25,S/32,S/32]
    // (channel = anchor·5 + field).
    torch::Tensor forward(const torch::Tensor& x) const;
    // Faces in an RGB image, best first.
    std::vector<DetectorBox> detect(const ImageRGB& image,
                                    const TinyFaceDetectorParams& params = {}) const;

  private:
    Conv conv0_;                              // 3×3 valid, 3→16
    std::array<SeparableConv, 5> separable_;  // conv1..conv5: 16→32→64→128→256→512
    Conv conv8_;                              // 1×1, 512→25
};

// Decodes the raw output of one image ([25,S,S], as forward() gives it per
// image) into boxes, then applies NMS, exactly as face-api's extractBoxes +
// nonMaxSuppression do (in double, JavaScript rounding of the reshaped size).
std::vector<DetectorBox> decode_detections(const torch::Tensor& raw, int image_width,
                                           int image_height,
                                           const TinyFaceDetectorParams& params = {});

}  // namespace facellava::perception
