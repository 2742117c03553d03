// The engine's checkpoint folder layout (engine.h) built once per test
// process from the facellava_tiny fixture files: config.json,
// model.safetensors, tokenizer.model, image_tower/ and video_tower/.
#pragma once

#include <filesystem>
#include <string>

#include "test_support.h"

namespace facellava::test {

inline std::string tiny_checkpoint_dir() {
    namespace fs = std::filesystem;
    static const std::string dir = [] {
        const std::string d = make_temp_dir("ckpt");
        fs::copy_file(fixture("facellava_tiny.config.json"), d + "/config.json");
        fs::copy_file(fixture("facellava_tiny.weights.safetensors"), d + "/model.safetensors");
        fs::copy_file(fixture("tiny_llama_spm.model"), d + "/tokenizer.model");
        fs::create_directories(d + "/image_tower");
        fs::copy_file(fixture("clip_image_tower.weights.safetensors"),
                      d + "/image_tower/model.safetensors");
        fs::create_directories(d + "/video_tower");
        fs::copy_file(fixture("facellava_tiny.video_tower.safetensors"),
                      d + "/video_tower/model.safetensors");
        return d;
    }();
    return dir;
}

}  // namespace facellava::test
