// The facellava_tiny fixture as a loaded model, shared by the CPU parity test
// and its CUDA twin.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/facellava_hparams.h"
#include "engine/facellava_model.h"
#include "generation/generator.h"
#include "io/json_config.h"
#include "io/lazy_state_dict.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "tensor_compare.h"
#include "test_support.h"
#include <gtest/gtest.h>

namespace facellava::model::tiny {

inline FaceLlavaWeights fixture_weights() {
    FaceLlavaWeights w;
    w.main_source = test::fixture("facellava_tiny.weights.safetensors");
    w.main = io::open_state_dict(w.main_source);
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

// The model against every io prefix of facellava_tiny.io.safetensors (image.,
// video.): tower features, visual tokens, logits with and without landmarks
// within the fixture tolerance, greedy ids identical.
inline void expect_every_io_prefix_matches(FaceLlavaModel& model) {
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    const auto names = prefixes(io);
    ASSERT_FALSE(names.empty());
    for (const auto& p : names) {
        SCOPED_TRACE(p);
        auto pixels = io.tensor(p + ".pixel_values");
        auto landmarks = io.tensor(p + ".landmarks");
        const bool video = pixels.dim() == 5;
        auto enc = video ? model.encode_video(pixels, landmarks)
                         : model.encode_images(pixels, landmarks);
        EXPECT_TRUE(test::tensors_close(enc.features, io.tensor(p + ".tower_features")));
        EXPECT_TRUE(test::tensors_close(enc.tokens, io.tensor(p + ".visual_tokens")));

        const auto ids = ids_of(io.tensor(p + ".input_ids"));
        auto embeds = model.splice(ids, visual_segments(enc.tokens));
        auto logits = model.llm()->forward_embeddings(embeds, nullptr);
        EXPECT_TRUE(test::tensors_close(logits, io.tensor(p + ".logits")));

        if (io.contains(p + ".logits_no_landmarks")) {
            auto plain = video ? model.encode_video(pixels, {}) : model.encode_images(pixels, {});
            auto plain_logits = model.llm()->forward_embeddings(
                model.splice(ids, visual_segments(plain.tokens)), nullptr);
            EXPECT_TRUE(test::tensors_close(plain_logits, io.tensor(p + ".logits_no_landmarks")));
        }
        if (io.contains(p + ".greedy_new_ids")) {
            const auto expected = ids_of(io.tensor(p + ".greedy_new_ids"));
            SamplingParams greedy;
            greedy.max_new_tokens = int(expected.size());
            auto result = generate(model.llm(), embeds, ids, greedy);
            // The reference generated exactly this many tokens; an EOS among
            // them would have stopped it early and shortened the fixture.
            EXPECT_EQ(result.ids, expected);
        }
    }
}

}  // namespace facellava::model::tiny
