#include "multimodal/landmark_projector.h"

#include "facellava/core/error.h"
#include "facellava/model/face_regions.h"

namespace facellava::model {

LandmarkHParams LandmarkHParams::from_json(const io::JsonConfig& config) {
    LandmarkHParams hp;
    hp.projector_type = config.get_or<std::string>("landmarks_projector_type", "linear");
    hp.global_projector_type =
        config.get_or<std::string>("global_landmarks_projector_type", "linear");
    hp.landmarks_hidden_size = config.get_or<int64_t>("landmarks_hidden_size", 2 * kNumLandmarks);
    hp.hidden_size = config.get<int64_t>("hidden_size");
    if (hp.projector_type != "landmarks_region_projector")
        config.fail("landmarks_projector_type", "unsupported value '" + hp.projector_type +
                                                    "' (supported: landmarks_region_projector)");
    if (hp.global_projector_type != "linear")
        config.fail("global_landmarks_projector_type",
                    "unsupported value '" + hp.global_projector_type + "' (supported: linear)");
    if (hp.landmarks_hidden_size != 2 * kNumLandmarks)
        config.fail("landmarks_hidden_size",
                    "must be " + std::to_string(2 * kNumLandmarks) + " (68 points × (x, y))");
    return hp;
}

void check_landmarks(const torch::Tensor& landmarks) {
    if ((landmarks.dim() != 2 && landmarks.dim() != 3) || landmarks.size(-1) != 2 * kNumLandmarks)
        throw Error("landmarks must be (B, 136) or (B, T, 136), got " +
                        std::to_string(landmarks.dim()) + " dimensions with last size " +
                        std::to_string(landmarks.dim() ? landmarks.size(-1) : 0),
                    "", "pass 68 (x, y) points per image or frame, divided by the crop size");
}

LandmarkRegionProjectorImpl::LandmarkRegionProjectorImpl(const LandmarkHParams& hp) {
    std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> layers;
    for (const FaceRegion& region : kFaceRegions) {
        layers.emplace_back(region.name,
                            torch::nn::Linear(2 * face_region_size(region), hp.hidden_size).ptr());
    }
    region_layers = register_module("region_layers", torch::nn::ModuleDict(layers));
}

torch::Tensor LandmarkRegionProjectorImpl::forward(const torch::Tensor& landmarks) {
    check_landmarks(landmarks);
    std::vector<torch::Tensor> tokens;
    tokens.reserve(kNumFaceRegions);
    for (const FaceRegion& region : kFaceRegions) {
        // Points first..last are the contiguous values [2·first, 2·last + 2) of the
        // interleaved (x, y) row: (…, 136) → (…, 2·points)
        auto coords = landmarks.slice(-1, 2 * region.first, 2 * (region.last + 1));
        tokens.push_back(region_layers[region.name]->as<torch::nn::Linear>()->forward(coords));
    }
    // 9 × (…, H) → (…, 9, H)
    return torch::stack(tokens, -2);
}

torch::Tensor landmark_tokens(LandmarkRegionProjector& regions, torch::nn::Linear& global_projector,
                              const torch::Tensor& landmarks) {
    auto local = regions(landmarks);  // (…, 9, H)
    // (…, 136) → (…, H) → (…, 1, H), broadcast onto every region token
    auto global = global_projector(landmarks).unsqueeze(-2);
    return local + global;
}

}  // namespace facellava::model
