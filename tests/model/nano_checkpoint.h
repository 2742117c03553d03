// A FaceLLaVA-Nano-style checkpoint folder for the model and training tests:
// the tiny LLaMA + landmark modules of facellava_tiny with the face-api image
// tower ("mm_image_tower": "faceapi", mm_hidden_size 768), no video tower and
// no image_tower/ folder. The projector's first layer takes 768-wide
// features, so its weight is replaced by a random one; everything else keeps
// the fixture's weights.
#pragma once

#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "test_support.h"

namespace facellava::test {

// The config contract of vision/image_tower.h on the tiny fixture.
inline nlohmann::json nano_config() {
    auto json = io::read_json_file(fixture("facellava_tiny.config.json"));
    json.erase("video_tower_config");
    json["mm_image_tower"] = "faceapi";
    json["mm_hidden_size"] = 768;
    json["image_tower_config"] = {
        {"model_type", "faceapi_features"},
        {"image_size", 112},
        {"hidden_size", 768},
        {"image_mean", {122.782 / 255.0, 117.001 / 255.0, 104.298 / 255.0}},
        {"image_std", {1.0, 1.0, 1.0}},
    };
    return json;
}

// Writes config.json, tokenizer.model and model.safetensors under
// parent/name; returns the folder.
inline std::string make_nano_checkpoint(const std::string& parent,
                                        const std::string& name = "nano_checkpoint") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::path(parent) / name;
    fs::create_directories(dir);
    std::ofstream(dir / "config.json") << nano_config().dump(1);
    fs::copy_file(fixture("tiny_llama_spm.model"), dir / "tokenizer.model");
    auto weights = io::load_state_dict(fixture("facellava_tiny.weights.safetensors"));
    auto& first = weights.at("model.mm_projector.0.weight");  // (H, 64) → (H, 768)
    auto gen = at::detail::createCPUGenerator(/*seed_in=*/1234);
    first = torch::randn({first.size(0), 768}, gen) * 0.02;
    io::save_safetensors((dir / "model.safetensors").string(), weights);
    return dir.string();
}

}  // namespace facellava::test
