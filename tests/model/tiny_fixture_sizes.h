// Sizes of the facellava_tiny fixture as its own files state them: config.json
// read as plain JSON (not through the hparams parser under test) and tensor
// shapes from the reference io file. Tests use these instead of literals, so
// they pass on any fixture set of the same format (FACELLAVA_FIXTURES).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "io/json_config.h"
#include "io/safetensors.h"
#include "test_support.h"

namespace facellava::model::tiny {

// facellava_tiny.config.json, parsed once.
inline const nlohmann::json& fixture_config() {
    static const nlohmann::json config =
        io::read_json_file(test::fixture("facellava_tiny.config.json"));
    return config;
}

// Shape of one tensor of facellava_tiny.io.safetensors (e.g. "image.visual_tokens").
inline std::vector<int64_t> io_shape(const std::string& name) {
    const io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    return io.entry(name).shape;
}

// The numbers the tests need, each from the file that defines it.
struct TinySizes {
    int64_t num_frames;        // config num_frames: most frames the video tower takes
    int64_t image_size;        // image tower input side (pixels)
    int64_t patch_grid;        // patches per side: image_size / patch_size
    int64_t tokens_per_image;  // io image.visual_tokens (1, N, H): N
    int64_t tokens_per_frame;  // io video.visual_tokens (1, T, N+1, H): N+1 (with CLS)
    int64_t vocab_size;
    int64_t max_positions;    // max_position_embeddings: the context length
    int64_t landmark_values;  // landmarks_hidden_size (68 points × 2)
    int64_t frgca_heads;
};

inline const TinySizes& fixture_sizes() {
    static const TinySizes sizes = [] {
        const auto& c = fixture_config();
        const auto& tower = c.at("image_tower_config");
        TinySizes s{};
        s.num_frames = c.at("num_frames").get<int64_t>();
        s.image_size = tower.at("image_size").get<int64_t>();
        s.patch_grid = s.image_size / tower.at("patch_size").get<int64_t>();
        s.tokens_per_image = io_shape("image.visual_tokens").at(1);
        s.tokens_per_frame = io_shape("video.visual_tokens").at(2);
        s.vocab_size = c.at("vocab_size").get<int64_t>();
        s.max_positions = c.at("max_position_embeddings").get<int64_t>();
        s.landmark_values = c.at("landmarks_hidden_size").get<int64_t>();
        s.frgca_heads = c.at("frgca_num_heads").get<int64_t>();
        return s;
    }();
    return sizes;
}

// Number of values in all tensors of a safetensors fixture file.
inline int64_t fixture_numel(const std::string& relative) {
    const io::SafetensorsFile file(test::fixture(relative));
    int64_t total = 0;
    for (const auto& e : file.entries()) {
        int64_t n = 1;
        for (int64_t d : e.shape)
            n *= d;
        total += n;
    }
    return total;
}

}  // namespace facellava::model::tiny
