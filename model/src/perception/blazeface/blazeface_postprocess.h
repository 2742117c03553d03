// MediaPipe's post-processing of the BlazeFace short-range detector, ported
// line by line from the calculators MediaPipe Tasks' FaceDetectorGraph wires
// together (mediapipe/tasks/cc/vision/face_detector/face_detector_graph.cc):
// SSD anchors, box + keypoint decoding with a clipped sigmoid score, weighted
// non-maximum suppression, projection out of the letterboxed 128 square, and
// the conversion to the integer pixel box Tasks reports. float arithmetic, as
// MediaPipe's. Torch-free.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace facellava::perception::blazeface {

constexpr int kInputSize = 128;  // the model's input square (tensor_width/height)
constexpr int kNumBoxes = 896;
constexpr int kNumKeypoints = 6;
// The TF.js graph's output 'Identity' [N, 896, 17] is ConcatV2(classificators,
// regressors) on the last axis: column 0 is the score logit, columns 1…16 the
// tflite model's 16 regressors (box x, y, w, h then 6 keypoints x, y).
constexpr int kRawColumns = 17;
constexpr int kScoreColumn = 0;
constexpr int kRegressorColumn = 1;

// One SSD anchor, relative to the input square.
struct Anchor {
    float x_center = 0, y_center = 0, w = 0, h = 0;
};

// A detection as MediaPipe's Detection proto holds it with a
// RELATIVE_BOUNDING_BOX: box and keypoints relative to the frame they are in
// (first the 128 tensor, after project() the image).
struct RelativeDetection {
    float score = 0;
    float xmin = 0, ymin = 0, width = 0, height = 0;
    std::array<float, 2 * kNumKeypoints> keypoints{};  // x0, y0, x1, y1, …
};

// SsdAnchorsCalculator with the options of face_detector_graph.cc's
// ConfigureSsdAnchorsCalculator (4 layers, strides 8, 16, 16, 16,
// interpolated scale aspect ratio 1, fixed anchor size, offset 0.5): 896 anchors.
std::vector<Anchor> short_range_anchors();

// TensorsToDetectionsCalculator (ProcessCPU, DecodeBoxes, ConvertToDetections)
// with ConfigureTensorsToDetectionsCalculator's options: scores clipped to
// ±100 then σ, kept when ≥ min_score; boxes XYWH (reverse_output_order) scaled
// by 128 around the anchor centres. `raw` is one image's [896, 17] output,
// row-major, as described above. Anchor order.
std::vector<RelativeDetection> decode(const float* raw, const std::vector<Anchor>& anchors,
                                      float min_score);

// NonMaxSuppressionCalculator with algorithm WEIGHTED, overlap
// INTERSECTION_OVER_UNION: the best remaining detection absorbs every one
// overlapping it by IoU > min_suppression_threshold (itself included) and
// takes their score-weighted mean box and keypoints, keeping its own score.
std::vector<RelativeDetection> weighted_non_max_suppression(
    const std::vector<RelativeDetection>& detections, float min_suppression_threshold);

// The letterbox ImageToTensorCalculator builds (keep_aspect_ratio, whole-image
// ROI): the image centred in a square of side max(W, H), in image pixels.
struct Letterbox {
    int image_width = 0, image_height = 0;
    float center_x = 0, center_y = 0, side = 0;
};
Letterbox letterbox_for(int image_width, int image_height);

// DetectionProjectionCalculator with the ImageToTensorCalculator's matrix:
// tensor-relative → image-relative box (bounding box of the projected corners)
// and keypoints.
RelativeDetection project(const RelativeDetection& detection, const Letterbox& letterbox);

// DetectionTransformationCalculator: the image-relative box in integer pixels,
// each value truncated toward zero and bounded to [0, W] or [0, H] (so the box
// may still reach past the right or bottom border).
struct PixelBox {
    int origin_x = 0, origin_y = 0, width = 0, height = 0;
};
PixelBox to_pixel_box(const RelativeDetection& detection, int image_width, int image_height);

}  // namespace facellava::perception::blazeface
