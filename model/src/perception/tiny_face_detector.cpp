#include "perception/tiny_face_detector.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "facellava/core/error.h"

namespace facellava::perception {
namespace {

double sigmoid(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

// Corners in some common unit, for face-api's iou().
struct Corners {
    double left, top, right, bottom;
    double area() const { return (right - left) * (bottom - top); }
};

double iou(const Corners& a, const Corners& b) {
    const double w = std::max(0.0, std::min(a.right, b.right) - std::max(a.left, b.left));
    const double h = std::max(0.0, std::min(a.bottom, b.bottom) - std::max(a.top, b.top));
    const double inter = w * h;
    return inter / (a.area() + b.area() - inter);
}

}  // namespace

TinyFaceDetector TinyFaceDetector::load(const std::string& manifest_path) {
    auto weights = TfjsWeights::load(manifest_path);
    TinyFaceDetector net;
    net.conv0_ = load_conv(weights, "conv0", 3, 3, 16);
    int64_t in = 16;
    for (size_t i = 0; i < net.separable_.size(); ++i) {
        net.separable_[i] =
            load_separable_conv(weights, "conv" + std::to_string(i + 1), in, 2 * in);
        in *= 2;
    }
    net.conv8_ = load_conv(weights, "conv8", 1, in, kAnchors * kBoxEncoding);
    weights.finish();
    return net;
}

torch::Tensor TinyFaceDetector::forward(const torch::Tensor& x) const {
    TORCH_CHECK(x.dim() == 4 && x.size(1) == 3, "TinyFaceDetector expects [N,3,S,S], got ",
                x.sizes());
    c10::InferenceMode guard;
    // Each leaky ReLU but the last is followed by a 2×2 max-pool: one fused
    // pass for the pair.
    auto cur = conv2d_valid(to_net_layout(x), conv0_);  // [N,16,S−2,S−2], before its ReLU
    for (const auto& conv : separable_) {
        cur = faceapi_leaky_relu_max_pool(cur);  // halves the size: S−2 → … → S/32 after five
        // face-api's yolo separable conv: explicit zero pad 1, then 'valid'.
        cur = separable_conv_zero_padded(cur, conv, 1);
    }
    // [N,512,S/32,S/32], size kept (pad 1 bottom/right)
    cur = max_pool_same(faceapi_leaky_relu(cur), 2, 1);
    return conv2d_valid(cur, conv8_).contiguous();  // [N,25,S/32,S/32]
}

std::vector<DetectorBox> TinyFaceDetector::detect(const ImageRGB& image,
                                                  const TinyFaceDetectorParams& params) const {
    c10::InferenceMode guard;
    const auto raw = forward(detector_input(image, params.input_size));  // [1,25,S,S]
    return decode_detections(raw[0], image.width, image.height, params);
}

std::vector<DetectorBox> decode_detections(const torch::Tensor& raw, int image_width,
                                           int image_height, const TinyFaceDetectorParams& params) {
    const int64_t cells = raw.size(-1);
    TORCH_CHECK(raw.dim() == 3 &&
                    raw.size(0) == TinyFaceDetector::kAnchors * TinyFaceDetector::kBoxEncoding &&
                    raw.size(1) == cells,
                "decode_detections expects [25,S,S], got ", raw.sizes());
    if (image_width <= 0 || image_height <= 0)
        throw Error("cannot decode detections for an empty image");
    // [25,S,S] → [S,S,5 anchors,5 fields] as doubles (JavaScript numbers).
    const auto grid =
        raw.detach()
            .to(torch::kCPU, torch::kFloat64)
            .permute({1, 2, 0})
            .reshape({cells, cells, TinyFaceDetector::kAnchors, TinyFaceDetector::kBoxEncoding})
            .contiguous();
    const auto g = grid.accessor<double, 4>();

    // The image's size inside the padded square (computeReshapedDimensions),
    // rounded as Math.round does; boxes are stretched back by input/that.
    const int input = params.input_size;
    const double scale = double(input) / double(std::max(image_width, image_height));
    const double reshaped_w = double(js_round(image_width * scale));
    const double reshaped_h = double(js_round(image_height * scale));
    const double side = std::max(reshaped_w, reshaped_h);
    const double correction_x = side / reshaped_w, correction_y = side / reshaped_h;

    struct Candidate {
        double score, left, top, right, bottom;  // relative corners
    };
    std::vector<Candidate> candidates;
    for (int64_t row = 0; row < cells; ++row) {
        for (int64_t col = 0; col < cells; ++col) {
            for (int64_t a = 0; a < TinyFaceDetector::kAnchors; ++a) {
                const double score = sigmoid(g[row][col][a][4]);
                if (!(score > params.score_threshold))
                    continue;
                const auto& anchor = TinyFaceDetector::kAnchorSizes[size_t(a)];
                const double cx =
                    ((double(col) + sigmoid(g[row][col][a][0])) / double(cells)) * correction_x;
                const double cy =
                    ((double(row) + sigmoid(g[row][col][a][1])) / double(cells)) * correction_y;
                const double w =
                    ((std::exp(g[row][col][a][2]) * anchor[0]) / double(cells)) * correction_x;
                const double h =
                    ((std::exp(g[row][col][a][3]) * anchor[1]) / double(cells)) * correction_y;
                const double x = cx - w / 2, y = cy - h / 2;
                candidates.push_back({score, x, y, x + w, y + h});
            }
        }
    }

    // Greedy NMS as face-api: stable ascending sort, pop the best, drop the
    // rest overlapping it by IoU > threshold; IoU on boxes scaled to the input.
    std::vector<Corners> scaled;
    for (const auto& c : candidates) {
        const double x = c.left * input, y = c.top * input;
        scaled.push_back({x, y, x + (c.right - c.left) * input, y + (c.bottom - c.top) * input});
    }
    std::vector<size_t> order(candidates.size());
    std::iota(order.begin(), order.end(), size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t i, size_t j) { return candidates[i].score < candidates[j].score; });
    std::vector<size_t> picked;
    while (!order.empty()) {
        const size_t best = order.back();
        order.pop_back();
        picked.push_back(best);
        std::vector<size_t> rest;
        for (size_t idx : order)
            if (iou(scaled[best], scaled[idx]) <= params.iou_threshold)
                rest.push_back(idx);
        order = std::move(rest);
    }

    std::vector<DetectorBox> boxes;
    for (size_t idx : picked) {
        const Candidate& c = candidates[idx];
        DetectorBox box;
        box.score = c.score;
        box.rel_x = c.left;
        box.rel_y = c.top;
        box.rel_width = c.right - c.left;
        box.rel_height = c.bottom - c.top;
        box.x = box.rel_x * image_width;
        box.y = box.rel_y * image_height;
        box.width = box.rel_width * image_width;
        box.height = box.rel_height * image_height;
        boxes.push_back(box);
    }
    return boxes;
}

}  // namespace facellava::perception
