#include "perception/blazeface/blazeface_postprocess.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace facellava::perception::blazeface {
namespace {

// face_detector_graph.cc, ConfigureSsdAnchorsCalculator.
constexpr int kStrides[] = {8, 16, 16, 16};
constexpr int kNumLayers = 4;
constexpr int kNumAspectRatios = 1;  // aspect_ratios: 1.0
constexpr float kInterpolatedScaleAspectRatio = 1.0f;
constexpr float kAnchorOffset = 0.5f;
// face_detector_graph.cc, ConfigureTensorsToDetectionsCalculator.
constexpr float kScoreClippingThresh = 100.0f;
constexpr float kCoordScale = 128.0f;  // x_scale, y_scale, w_scale, h_scale

// mediapipe/framework/deps/rectangle.h: Rectangle_f and its Intersects /
// Intersect / Area, the pieces non_max_suppression_calculator.cc's
// OverlapSimilarity uses.
struct Rect {
    float xmin, ymin, xmax, ymax;
    bool empty() const { return xmin > xmax || ymin > ymax; }
    float area() const { return (xmax - xmin) * (ymax - ymin); }
};

Rect rect_of(const RelativeDetection& d) {
    return {d.xmin, d.ymin, d.xmin + d.width, d.ymin + d.height};
}

// OverlapSimilarity(INTERSECTION_OVER_UNION, rect1, rect2).
float iou(const Rect& r1, const Rect& r2) {
    const bool intersects = !(r1.empty() || r2.empty() || r2.xmax < r1.xmin || r1.xmax < r2.xmin ||
                              r2.ymax < r1.ymin || r1.ymax < r2.ymin);
    if (!intersects)
        return 0.0f;
    Rect inter{std::max(r1.xmin, r2.xmin), std::max(r1.ymin, r2.ymin), std::min(r1.xmax, r2.xmax),
               std::min(r1.ymax, r2.ymax)};
    const float intersection_area =
        (inter.xmin > inter.xmax || inter.ymin > inter.ymax) ? 0.0f : inter.area();
    const float normalization = r1.area() + r2.area() - intersection_area;
    return normalization > 0.0f ? intersection_area / normalization : 0.0f;
}

}  // namespace

// ssd_anchors_calculator.cc, GenerateAnchors (non-multiscale branch). With
// fixed_anchor_size every anchor is 1 × 1, so only the number of anchors per
// cell matters: per layer of a run of equal strides, one per aspect ratio plus
// one for the interpolated scale.
std::vector<Anchor> short_range_anchors() {
    std::vector<Anchor> anchors;
    int layer_id = 0;
    while (layer_id < kNumLayers) {
        int anchors_per_cell = 0;
        int last_same_stride_layer = layer_id;
        while (last_same_stride_layer < kNumLayers &&
               kStrides[last_same_stride_layer] == kStrides[layer_id]) {
            anchors_per_cell += kNumAspectRatios;
            if (kInterpolatedScaleAspectRatio > 0.0f)
                anchors_per_cell += 1;
            last_same_stride_layer++;
        }
        const int stride = kStrides[layer_id];
        const int feature_map_height = int(std::ceil(1.0f * kInputSize / stride));
        const int feature_map_width = int(std::ceil(1.0f * kInputSize / stride));
        for (int y = 0; y < feature_map_height; ++y) {
            for (int x = 0; x < feature_map_width; ++x) {
                for (int a = 0; a < anchors_per_cell; ++a) {
                    Anchor anchor;
                    anchor.x_center = (x + kAnchorOffset) * 1.0f / feature_map_width;
                    anchor.y_center = (y + kAnchorOffset) * 1.0f / feature_map_height;
                    anchor.w = 1.0f;
                    anchor.h = 1.0f;
                    anchors.push_back(anchor);
                }
            }
        }
        layer_id = last_same_stride_layer;
    }
    return anchors;
}

std::vector<RelativeDetection> decode(const float* raw, const std::vector<Anchor>& anchors,
                                      float min_score) {
    std::vector<RelativeDetection> detections;
    const size_t boxes = std::min(anchors.size(), size_t(kNumBoxes));
    for (size_t i = 0; i < boxes; ++i) {
        const float* row = raw + i * kRawColumns;
        const float* box = row + kRegressorColumn;  // tflite 'regressors' row: 16 values
        const Anchor& anchor = anchors[i];
        // ProcessCPU: clip the logit to ±score_clipping_thresh, then σ.
        float score = row[kScoreColumn];
        score = score < -kScoreClippingThresh ? -kScoreClippingThresh : score;
        score = score > kScoreClippingThresh ? kScoreClippingThresh : score;
        score = 1.0f / (1.0f + std::exp(-score));
        // ConvertToDetection drops a score below min_score_thresh.
        if (score < min_score)
            continue;
        // DecodeBoxes, box format XYWH, no exponential on the size.
        float x_center = box[0], y_center = box[1], w = box[2], h = box[3];
        x_center = x_center / kCoordScale * anchor.w + anchor.x_center;
        y_center = y_center / kCoordScale * anchor.h + anchor.y_center;
        h = h / kCoordScale * anchor.h;
        w = w / kCoordScale * anchor.w;
        const float ymin = y_center - h / 2.f;
        const float xmin = x_center - w / 2.f;
        const float ymax = y_center + h / 2.f;
        const float xmax = x_center + w / 2.f;
        RelativeDetection d;
        d.score = score;
        d.xmin = xmin;
        d.ymin = ymin;
        d.width = xmax - xmin;
        d.height = ymax - ymin;
        // ConvertToDetections skips negative or NaN sizes (b/171391719).
        if (d.width < 0 || d.height < 0 || std::isnan(d.width) || std::isnan(d.height))
            continue;
        for (int k = 0; k < kNumKeypoints; ++k) {
            const float keypoint_x = box[4 + 2 * k];  // keypoint_coord_offset 4, XY order
            const float keypoint_y = box[4 + 2 * k + 1];
            d.keypoints[size_t(2 * k)] = keypoint_x / kCoordScale * anchor.w + anchor.x_center;
            d.keypoints[size_t(2 * k + 1)] = keypoint_y / kCoordScale * anchor.h + anchor.y_center;
        }
        detections.push_back(d);
    }
    return detections;
}

// non_max_suppression_calculator.cc: Process (sort by score, descending) and
// WeightedNonMaxSuppression. MediaPipe's std::sort leaves ties in an
// unspecified order; a stable sort keeps them in anchor order.
std::vector<RelativeDetection> weighted_non_max_suppression(
    const std::vector<RelativeDetection>& detections, float min_suppression_threshold) {
    std::vector<std::pair<size_t, float>> remained_indexed_scores;
    for (size_t i = 0; i < detections.size(); ++i)
        remained_indexed_scores.emplace_back(i, detections[i].score);
    std::stable_sort(remained_indexed_scores.begin(), remained_indexed_scores.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });

    std::vector<RelativeDetection> output;
    std::vector<std::pair<size_t, float>> remained, candidates;
    while (!remained_indexed_scores.empty()) {
        const size_t original_indexed_scores_size = remained_indexed_scores.size();
        const RelativeDetection& detection = detections[remained_indexed_scores[0].first];
        remained.clear();
        candidates.clear();
        const Rect location = rect_of(detection);
        // This includes the first box.
        for (const auto& indexed_score : remained_indexed_scores) {
            const float similarity = iou(rect_of(detections[indexed_score.first]), location);
            if (similarity > min_suppression_threshold)
                candidates.push_back(indexed_score);
            else
                remained.push_back(indexed_score);
        }
        RelativeDetection weighted = detection;
        if (!candidates.empty()) {
            std::array<float, 2 * kNumKeypoints> keypoints{};
            float w_xmin = 0.0f, w_ymin = 0.0f, w_xmax = 0.0f, w_ymax = 0.0f;
            float total_score = 0.0f;
            for (const auto& candidate : candidates) {
                total_score += candidate.second;
                const RelativeDetection& c = detections[candidate.first];
                w_xmin += c.xmin * candidate.second;
                w_ymin += c.ymin * candidate.second;
                w_xmax += (c.xmin + c.width) * candidate.second;
                w_ymax += (c.ymin + c.height) * candidate.second;
                for (size_t i = 0; i < keypoints.size(); ++i)
                    keypoints[i] += c.keypoints[i] * candidate.second;
            }
            weighted.xmin = w_xmin / total_score;
            weighted.ymin = w_ymin / total_score;
            weighted.width = (w_xmax / total_score) - weighted.xmin;
            weighted.height = (w_ymax / total_score) - weighted.ymin;
            for (size_t i = 0; i < keypoints.size(); ++i)
                weighted.keypoints[i] = keypoints[i] / total_score;
        }
        output.push_back(weighted);
        // Breaks the loop if the size of indexed scores doesn't change after an
        // iteration.
        if (original_indexed_scores_size == remained.size())
            break;
        remained_indexed_scores = std::move(remained);
        remained = {};
    }
    return output;
}

// image_to_tensor_utils.cc: GetRoi of the whole image (the Tasks API's default
// NORM_RECT: centre ½, ½, size 1 × 1), then PadRoi with keep_aspect_ratio for
// a square tensor.
Letterbox letterbox_for(int image_width, int image_height) {
    Letterbox l;
    l.image_width = image_width;
    l.image_height = image_height;
    l.center_x = 0.5f * float(image_width);
    l.center_y = 0.5f * float(image_height);
    const float roi_width = float(image_width), roi_height = float(image_height);
    const float tensor_aspect_ratio = 1.0f;  // 128 / 128
    const float roi_aspect_ratio = roi_height / roi_width;
    l.side = tensor_aspect_ratio > roi_aspect_ratio ? roi_width : roi_height / tensor_aspect_ratio;
    return l;
}

// detection_projection_calculator.cc, ProjectDetection, with the matrix of
// image_to_tensor_utils.cc's GetRotatedSubRectToRectTransformMatrix for an
// unrotated, unflipped ROI: x' = x·a·g + (−½a + centre_x)·g with g = 1/W, likewise y.
RelativeDetection project(const RelativeDetection& detection, const Letterbox& l) {
    const float a = l.side, b = l.side;  // the ROI's width and height
    const float g = 1.0f / float(l.image_width), h = 1.0f / float(l.image_height);
    const float m0 = a * g, m3 = (-0.5f * a + l.center_x) * g;
    const float m5 = b * h, m7 = (-0.5f * b + l.center_y) * h;
    const auto px = [&](float x) { return x * m0 + m3; };
    const auto py = [&](float y) { return y * m5 + m7; };
    RelativeDetection out = detection;
    for (int k = 0; k < kNumKeypoints; ++k) {
        out.keypoints[size_t(2 * k)] = px(detection.keypoints[size_t(2 * k)]);
        out.keypoints[size_t(2 * k + 1)] = py(detection.keypoints[size_t(2 * k + 1)]);
    }
    // Box: the projected corners' bounding box (the same box without rotation).
    const float x0 = px(detection.xmin), x1 = px(detection.xmin + detection.width);
    const float y0 = py(detection.ymin), y1 = py(detection.ymin + detection.height);
    out.xmin = std::min(x0, x1);
    out.ymin = std::min(y0, y1);
    out.width = std::max(x0, x1) - out.xmin;
    out.height = std::max(y0, y1) - out.ymin;
    return out;
}

// detection_transformation_calculator.cc, ConvertRelativeBoundingBoxToBoundingBox
// and BoundedValue<int>: the float product converts to int (truncation toward
// zero), then min(value, bound), and 0 when negative.
PixelBox to_pixel_box(const RelativeDetection& d, int image_width, int image_height) {
    const auto bounded = [](float value, int upper_bound) {
        if (!(std::fabs(value) < 1e9f))  // NaN or beyond int: no defined conversion
            return value > 0 ? upper_bound : 0;
        const int v = std::min(int(value), upper_bound);
        return v < 0 ? 0 : v;
    };
    PixelBox box;
    box.origin_x = bounded(d.xmin * float(image_width), image_width);
    box.origin_y = bounded(d.ymin * float(image_height), image_height);
    box.width = bounded(d.width * float(image_width), image_width);
    box.height = bounded(d.height * float(image_height), image_height);
    return box;
}

}  // namespace facellava::perception::blazeface
