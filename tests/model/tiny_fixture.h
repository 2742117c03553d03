// The facellava_tiny fixture as a loaded model, shared by the CPU parity test
// and its CUDA twin.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/facellava_hparams.h"
#include "engine/facellava_model.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "test_support.h"

namespace facellava::model::tiny {

inline FaceLlavaWeights fixture_weights() {
    FaceLlavaWeights w;
    w.main_source = test::fixture("facellava_tiny.weights.safetensors");
    w.main = io::load_state_dict(w.main_source);
    w.image_tower_source = test::fixture("clip_image_tower.weights.safetensors");
    w.image_tower = io::load_state_dict(w.image_tower_source);
    w.video_tower_source = test::fixture("facellava_tiny.video_tower.safetensors");
    w.video_tower = io::load_state_dict(w.video_tower_source);
    return w;
}

inline FaceLlavaHParams fixture_hparams() {
    const std::string path = test::fixture("facellava_tiny.config.json");
    return FaceLlavaHParams::from_json(io::JsonConfig(io::read_json_file(path), path));
}

inline std::unique_ptr<FaceLlavaModel> fixture_model(
    const torch::TensorOptions& options = torch::kFloat32) {
    auto model = std::make_unique<FaceLlavaModel>(fixture_hparams(), options);
    model->load(fixture_weights());
    return model;
}

inline std::vector<int64_t> ids_of(const torch::Tensor& t) {
    auto flat = t.reshape({-1}).to(torch::kCPU, torch::kInt64).contiguous();
    return std::vector<int64_t>(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
}

// "image", "video": the first component of every tensor name in the io file.
inline std::set<std::string> prefixes(const io::SafetensorsFile& io) {
    std::set<std::string> result;
    for (const auto& e : io.entries()) result.insert(e.name.substr(0, e.name.find('.')));
    return result;
}

}  // namespace facellava::model::tiny
