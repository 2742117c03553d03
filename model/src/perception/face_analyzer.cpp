#include "facellava/model/face_analyzer.h"

#include <string>

#include "facellava/core/error.h"
#include "perception/age_gender_net.h"
#include "perception/expression_net.h"
#include "perception/face_preprocess.h"
#include "perception/landmark68_net.h"
#include "perception/tiny_face_detector.h"

namespace facellava::perception {

struct FaceAnalyzer::Nets {
    TinyFaceDetector detector;
    ExpressionNet expression;
    AgeGenderNet age_gender;
    Landmark68Net landmarks;
};

FaceAnalyzer::FaceAnalyzer(const AssetLocator& assets) {
    auto nets = std::make_unique<Nets>();
    nets->detector = TinyFaceDetector::load(assets.faceapi_file(TinyFaceDetector::kManifest));
    nets->expression = ExpressionNet::load(assets.faceapi_file(ExpressionNet::kManifest));
    nets->age_gender = AgeGenderNet::load(assets.faceapi_file(AgeGenderNet::kManifest));
    nets->landmarks = Landmark68Net::load(assets.faceapi_file(Landmark68Net::kManifest));
    nets_ = std::move(nets);
}

FaceAnalyzer::~FaceAnalyzer() = default;
FaceAnalyzer::FaceAnalyzer(FaceAnalyzer&&) noexcept = default;
FaceAnalyzer& FaceAnalyzer::operator=(FaceAnalyzer&&) noexcept = default;

const std::array<const char*, FacePerception::kExpressions>& FaceAnalyzer::expression_labels() {
    static_assert(kExpressionLabels.size() == FacePerception::kExpressions);
    return kExpressionLabels;
}

std::vector<FaceDetection> FaceAnalyzer::detect(const ImageRGB& image, float min_score) const {
    TinyFaceDetectorParams params;
    params.score_threshold = min_score;
    std::vector<FaceDetection> faces;
    for (const auto& d : nets_->detector.detect(image, params))
        faces.push_back({{d.x, d.y, d.width, d.height}, float(d.score)});
    return faces;
}

std::vector<std::vector<FaceDetection>> FaceAnalyzer::detect_batch(
    const std::vector<const ImageRGB*>& images, float min_score) const {
    if (images.empty())
        return {};
    c10::InferenceMode guard;
    TinyFaceDetectorParams params;
    params.score_threshold = min_score;
    std::vector<torch::Tensor> inputs;
    inputs.reserve(images.size());
    for (const ImageRGB* image : images)
        inputs.push_back(detector_input(*image, params.input_size));  // [1,3,416,416]
    const auto raw = nets_->detector.forward(torch::cat(inputs));     // [N,25,13,13]
    std::vector<std::vector<FaceDetection>> faces(images.size());
    for (size_t i = 0; i < images.size(); ++i)
        for (const auto& d :
             decode_detections(raw[int64_t(i)], images[i]->width, images[i]->height, params))
            faces[i].push_back({{d.x, d.y, d.width, d.height}, float(d.score)});
    return faces;
}

FacePerception FaceAnalyzer::analyze_face(const ImageRGB& image, const FaceBox& box) const {
    return analyze_faces(image, {box}).front();
}

std::vector<FacePerception> FaceAnalyzer::analyze_faces(const ImageRGB& image,
                                                        const std::vector<FaceBox>& boxes) const {
    return analyze_faces_batch({{&image, boxes}}).front();
}

std::vector<std::vector<FacePerception>> FaceAnalyzer::analyze_faces_batch(
    const std::vector<ImageFaces>& images) const {
    std::vector<std::vector<FacePerception>> results(images.size());
    std::vector<CropRect> crops;  // every face of every image, in order
    std::vector<torch::Tensor> inputs;
    for (const auto& item : images) {
        const ImageRGB& image = *item.image;
        std::vector<CropRect> image_crops;
        for (const auto& b : item.boxes) {
            image_crops.push_back(
                clip_box_to_image(b.x, b.y, b.width, b.height, image.width, image.height));
            if (image_crops.back().empty())
                throw Error("face box (" + std::to_string(b.x) + ", " + std::to_string(b.y) + ", " +
                                std::to_string(b.width) + " × " + std::to_string(b.height) +
                                ") does not overlap the " + std::to_string(image.width) + " × " +
                                std::to_string(image.height) + " image",
                            "", "pass a box from detect() or one inside the frame");
        }
        if (!image_crops.empty())
            inputs.push_back(face_batch(image, image_crops));  // throws on an empty crop
        crops.insert(crops.end(), image_crops.begin(), image_crops.end());
    }
    if (crops.empty())
        return results;
    c10::InferenceMode guard;
    const auto input = inputs.size() == 1 ? inputs.front() : torch::cat(inputs);  // [N,3,112,112]

    const auto logits = nets_->expression.forward(input).contiguous();  // [N,7]
    const auto probs = torch::softmax(logits, 1).contiguous();          // [N,7]
    const auto age_gender = nets_->age_gender.forward(input);
    const auto age = age_gender.age.contiguous();                             // [N]
    const auto gender_logits = age_gender.gender_logits.contiguous();         // [N,2]
    const auto gender_probs = torch::softmax(gender_logits, 1).contiguous();  // [N,2]
    const auto points = landmarks_in_crop(nets_->landmarks.forward(input), crops)
                            .contiguous();  // [N,68,2] float64, crop pixels

    const auto lg = logits.accessor<float, 2>();
    const auto pr = probs.accessor<float, 2>();
    const auto ag = age.accessor<float, 1>();
    const auto gl = gender_logits.accessor<float, 2>();
    const auto gp = gender_probs.accessor<float, 2>();
    const auto pt = points.accessor<double, 3>();
    int64_t n = 0;
    for (size_t image = 0; image < images.size(); ++image) {
        results[image].resize(images[image].boxes.size());
        for (FacePerception& r : results[image]) {
            const CropRect& crop = crops[size_t(n)];
            r.crop = {double(crop.x), double(crop.y), double(crop.width), double(crop.height)};
            for (int k = 0; k < FacePerception::kExpressions; ++k) {
                r.expression[size_t(k)] = pr[n][k];
                r.expression_logits[size_t(k)] = lg[n][k];
            }
            r.age = ag[n];
            r.gender_logits = {gl[n][0], gl[n][1]};
            // face-api: male when P(male) > 0.5, probability of the reported gender.
            const double male = gp[n][0];
            r.gender = male > 0.5 ? "male" : "female";
            r.gender_probability = float(male > 0.5 ? male : 1.0 - male);
            for (int k = 0; k < FacePerception::kLandmarks; ++k)
                r.landmarks[size_t(k)] = {float(pt[n][k][0] + crop.x), float(pt[n][k][1] + crop.y)};
            ++n;
        }
    }
    return results;
}

}  // namespace facellava::perception
