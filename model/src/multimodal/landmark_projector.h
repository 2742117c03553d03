// Landmark tokens (spec §3): one token per facial region from that region's
// interleaved (x, y) coordinates, plus one global token from all 68 points,
// added to each region token. Two modules because the checkpoint keeps them
// apart: model.landmarks_projector.region_layers.<name> and
// model.global_landmarks_projector.
#pragma once

#include <string>

#include "io/json_config.h"
#include "torch_pch.h"

namespace facellava::model {

struct LandmarkHParams {
    std::string projector_type = "landmarks_region_projector";  // landmarks_projector_type
    std::string global_projector_type = "linear";               // global_landmarks_projector_type
    int64_t landmarks_hidden_size = 136;                        // 68 points × (x, y)
    int64_t hidden_size = 4096;                                 // LLM width = token width

    // Reads the two *_projector_type keys (the authors' builder defaults both to
    // "linear") and hidden_size. Only the released pair is supported
    // (landmarks_region_projector + linear); anything else throws facellava::Error
    // listing it.
    static LandmarkHParams from_json(const io::JsonConfig& config);
};

// Region projector: region_layers.<name> = Linear(2·points → hidden) per kFaceRegions entry.
class LandmarkRegionProjectorImpl : public torch::nn::Module {
  public:
    explicit LandmarkRegionProjectorImpl(const LandmarkHParams& hp);
    // landmarks: (B, 136) or (B, T, 136) as (x0, y0, x1, y1, …) in [0, 1]
    // → (B, 9, H) or (B, T, 9, H), regions in kFaceRegions order.
    torch::Tensor forward(const torch::Tensor& landmarks);

    torch::nn::ModuleDict region_layers{nullptr};
};
TORCH_MODULE(LandmarkRegionProjector);

// Landmark tokens L = region tokens + global token: (B, [T,] 9, H).
// global_projector is the Linear(136 → H) registered as global_landmarks_projector.
torch::Tensor landmark_tokens(LandmarkRegionProjector& regions, torch::nn::Linear& global_projector,
                              const torch::Tensor& landmarks);

// Throws facellava::Error unless landmarks is (B, 136) or (B, T, 136).
void check_landmarks(const torch::Tensor& landmarks);

}  // namespace facellava::model
