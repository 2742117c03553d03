// Parity of the CLIP image tower and the LanguageBind video tower with the
// golden fixtures (HF CLIPVisionModel / LanguageBind outputs), plus the errors
// a user can trigger through a bad config or clip.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "facellava/core/error.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "torch_pch.h"
#include "vision/clip_hparams.h"
#include "vision/clip_vision_tower.h"
#include "vision/video_tower.h"

namespace facellava::model {
namespace {

io::JsonConfig fixture_config(const std::string& file) {
    return io::JsonConfig(io::read_json_file(test::fixture(file)), file);
}

// Tower checkpoints keep their weights under "vision_model." (on-disk CLIP layout).
void load_tower_weights(torch::nn::Module& tower, const std::string& file) {
    const auto path = test::fixture(file);
    io::load_into_module(tower,
                         io::with_prefix_stripped(io::load_state_dict(path), "vision_model."), path,
                         /*strict=*/true);
}

ClipVisionTower load_clip_tower(const std::string& name) {
    ClipVisionTower tower(ClipVisionHParams::from_json(fixture_config(name + ".config.json")));
    load_tower_weights(*tower, name + ".weights.safetensors");
    tower->eval();
    return tower;
}

// Every tensor of <name>.io.safetensors: hidden_states.K for each K present,
// last_hidden_state and pooler_output.
void expect_clip_matches_fixture(const std::string& name) {
    torch::NoGradGuard no_grad;
    auto tower = load_clip_tower(name);
    io::SafetensorsFile ref(test::fixture(name + ".io.safetensors"));
    const auto out = tower(ref.tensor("pixel_values"));

    const std::string prefix = "hidden_states.";
    size_t hidden_checked = 0;
    for (const auto& entry : ref.entries()) {
        if (entry.name.rfind(prefix, 0) != 0)
            continue;
        const auto k = std::stoul(entry.name.substr(prefix.size()));
        ASSERT_LT(k, out.hidden_states.size()) << entry.name;
        EXPECT_TRUE(test::tensors_close(out.hidden_states[k], ref.tensor(entry.name)))
            << entry.name;
        ++hidden_checked;
    }
    EXPECT_EQ(hidden_checked, out.hidden_states.size()) << "every hidden state has a reference";
    EXPECT_TRUE(test::tensors_close(out.last_hidden_state, ref.tensor("last_hidden_state")));
    EXPECT_TRUE(test::tensors_close(out.pooler_output, ref.tensor("pooler_output")));
}

TEST(ClipTower, QuickGeluMatchesReference) {
    expect_clip_matches_fixture("clip_quick_gelu");
}

TEST(ClipTower, GeluMatchesReference) {
    expect_clip_matches_fixture("clip_image_tower");
}

TEST(ClipTower, ParametersAreTheCheckpointKeys) {
    // Strict loading passes only when named_parameters() equal the stripped keys.
    const auto path = test::fixture("clip_image_tower.weights.safetensors");
    const auto dict = io::with_prefix_stripped(io::load_state_dict(path), "vision_model.");
    ClipVisionTower tower(
        ClipVisionHParams::from_json(fixture_config("clip_image_tower.config.json")));
    EXPECT_EQ(tower->named_parameters().size(), dict.size());
    for (const auto& param : tower->named_parameters())
        EXPECT_TRUE(dict.count(param.key())) << param.key();
}

TEST(ClipTower, FeaturesMatchFaceLlavaTinyImage) {
    // facellava_tiny's image tower is clip_image_tower; its features are
    // hidden_states[mm_vision_select_layer] with CLS handled per mm_vision_select_feature.
    torch::NoGradGuard no_grad;
    const auto config = fixture_config("facellava_tiny.config.json");
    ClipVisionTower tower(ClipVisionHParams::from_json(config.child("image_tower_config")));
    load_tower_weights(*tower, "clip_image_tower.weights.safetensors");
    io::SafetensorsFile ref(test::fixture("facellava_tiny.io.safetensors"));
    const auto features =
        tower->features(ref.tensor("image.pixel_values"), VisionFeatureSelect::from_json(config));
    EXPECT_TRUE(test::tensors_close(features, ref.tensor("image.tower_features")));
}

TEST(ClipTower, FeaturesEqualTheSelectedHiddenState) {
    torch::NoGradGuard no_grad;
    auto tower = load_clip_tower("clip_image_tower");
    io::SafetensorsFile ref(test::fixture("clip_image_tower.io.safetensors"));
    const auto pixels = ref.tensor("pixel_values");
    const auto all = tower(pixels);
    const auto layers = tower->hparams().num_hidden_layers;
    for (int64_t select = -(layers + 1); select <= layers; ++select) {
        const auto& expected = all.hidden_states[hidden_state_index(select, layers)];
        EXPECT_TRUE(test::tensors_close(tower->features(pixels, {select, true}), expected, 1e-6))
            << "select_layer " << select;
        EXPECT_TRUE(test::tensors_close(tower->features(pixels, {select, false}),
                                        expected.slice(1, 1), 1e-6))
            << "select_layer " << select;
    }
    EXPECT_THROW(tower->features(pixels, {layers + 1, false}), facellava::Error);
    EXPECT_THROW(tower->features(pixels, {-(layers + 2), false}), facellava::Error);
}

TEST(ClipTower, RejectsWrongImageSize) {
    auto tower = load_clip_tower("clip_image_tower");
    const auto& hp = tower->hparams();
    EXPECT_THROW(tower(torch::zeros({1, hp.num_channels, hp.image_size + 1, hp.image_size})),
                 facellava::Error);
}

TEST(ClipHParams, ReadsEveryKey) {
    const auto config = fixture_config("clip_quick_gelu.config.json");
    const auto hp = ClipVisionHParams::from_json(config);
    EXPECT_EQ(hp.hidden_size, config.get<int64_t>("hidden_size"));
    EXPECT_EQ(hp.intermediate_size, config.get<int64_t>("intermediate_size"));
    EXPECT_EQ(hp.num_hidden_layers, config.get<int64_t>("num_hidden_layers"));
    EXPECT_EQ(hp.num_attention_heads, config.get<int64_t>("num_attention_heads"));
    EXPECT_EQ(hp.image_size, config.get<int64_t>("image_size"));
    EXPECT_EQ(hp.patch_size, config.get<int64_t>("patch_size"));
    EXPECT_EQ(hp.num_channels, config.get<int64_t>("num_channels"));
    EXPECT_DOUBLE_EQ(hp.layer_norm_eps, config.get<double>("layer_norm_eps"));
    EXPECT_EQ(clip_activation_name(hp.hidden_act), config.get<std::string>("hidden_act"));
}

TEST(ClipHParams, RejectsUnknownHiddenAct) {
    auto json = io::read_json_file(test::fixture("clip_image_tower.config.json"));
    json["hidden_act"] = "relu";
    try {
        ClipVisionHParams::from_json(io::JsonConfig(json, "bad_config.json"));
        FAIL() << "hidden_act relu was accepted";
    } catch (const facellava::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("relu"), std::string::npos) << what;
        EXPECT_NE(what.find("quick_gelu"), std::string::npos) << "lists the supported values";
        EXPECT_EQ(e.path(), "bad_config.json");
    }
}

TEST(ClipHParams, RejectsUnknownSelectFeature) {
    auto json = io::read_json_file(test::fixture("facellava_tiny.config.json"));
    json["mm_vision_select_feature"] = "cls";
    EXPECT_THROW(VisionFeatureSelect::from_json(io::JsonConfig(json, "bad_config.json")),
                 facellava::Error);
}

// --- video tower -----------------------------------------------------------------

// facellava_tiny's video tower: its CLIP config is "video_tower_config", its
// frame count the model config's "num_frames" (strict loading checks it against
// the temporal_embedding shape).
VideoTower load_video_tower() {
    const auto config = fixture_config("facellava_tiny.config.json");
    VideoTower tower(ClipVisionHParams::from_json(config.child("video_tower_config")),
                     config.get<int64_t>("num_frames"));
    load_tower_weights(*tower, "facellava_tiny.video_tower.safetensors");
    tower->eval();
    return tower;
}

TEST(VideoTower, MatchesFaceLlavaTinyVideoFeatures) {
    torch::NoGradGuard no_grad;
    const auto config = fixture_config("facellava_tiny.config.json");
    auto tower = load_video_tower();
    io::SafetensorsFile ref(test::fixture("facellava_tiny.io.safetensors"));
    const auto features = tower(ref.tensor("video.pixel_values"),
                                VisionFeatureSelect::from_json(config).select_layer);
    EXPECT_TRUE(test::tensors_close(features, ref.tensor("video.tower_features")));
}

TEST(VideoTower, AcceptsFewerFrames) {
    torch::NoGradGuard no_grad;
    auto tower = load_video_tower();
    io::SafetensorsFile ref(test::fixture("facellava_tiny.io.safetensors"));
    const auto video = ref.tensor("video.pixel_values");
    const int64_t keep = std::max<int64_t>(1, video.size(2) - 1);
    const auto fewer = tower(video.slice(2, 0, keep), -2);
    EXPECT_EQ(fewer.size(1), keep);
    EXPECT_EQ(fewer.size(2), tower->hparams().num_positions());
}

TEST(VideoTower, RejectsTooManyFrames) {
    auto tower = load_video_tower();
    const auto& hp = tower->hparams();
    const auto video =
        torch::zeros({1, hp.num_channels, tower->num_frames() + 1, hp.image_size, hp.image_size});
    try {
        tower(video, -2);
        FAIL() << "a clip longer than the temporal embedding was accepted";
    } catch (const facellava::Error& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(tower->num_frames())),
                  std::string::npos)
            << e.what();
    }
}

TEST(VideoTower, RejectsImageInput) {
    auto tower = load_video_tower();
    const auto& hp = tower->hparams();
    EXPECT_THROW(tower(torch::zeros({1, hp.num_channels, hp.image_size, hp.image_size}), -2),
                 facellava::Error);
}

}  // namespace
}  // namespace facellava::model
