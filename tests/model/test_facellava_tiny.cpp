// The whole engine against the facellava_tiny fixture: pixels and landmarks in,
// tower features, visual tokens, logits and greedy ids out, for every io
// prefix the fixture holds (image., video.).
#include <gtest/gtest.h>

#include <set>

#include "engine/facellava_hparams.h"
#include "engine/facellava_model.h"
#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "generation/generator.h"
#include "io/safetensors.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "tiny_fixture.h"

namespace facellava::model {
namespace {

using tiny::fixture_hparams;
using tiny::fixture_model;
using tiny::fixture_weights;
using tiny::ids_of;
using tiny::prefixes;

TEST(FaceLlavaTiny, EveryIoPrefixMatchesTheReference) {
    torch::NoGradGuard no_grad;
    auto model = fixture_model();
    tiny::expect_every_io_prefix_matches(*model);
}

TEST(FaceLlavaTiny, FrgcaAttentionIsReturnedPerHead) {
    torch::NoGradGuard no_grad;
    auto model = fixture_model();
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    auto enc = model->encode_images(io.tensor("image.pixel_values"), io.tensor("image.landmarks"));
    ASSERT_TRUE(enc.attention.defined());
    EXPECT_EQ(enc.attention.size(1), model->hparams().frgca.num_heads);
    EXPECT_EQ(enc.attention.size(3), 9);
    // Softmax over the 9 regions: every row sums to one.
    EXPECT_TRUE(
        test::tensors_close(enc.attention.sum(-1), torch::ones_like(enc.attention.sum(-1)), 1e-5));
}

TEST(FaceLlavaTiny, MismatchedCheckpointListsEveryProblem) {
    auto weights = fixture_weights();
    weights.main.erase("model.norm.weight");
    weights.main["model.mm_projector.0.weight"] = torch::zeros({3, 3});
    weights.main["model.unknown_module.weight"] = torch::zeros({1});
    FaceLlavaModel model(fixture_hparams(), torch::kFloat32);
    try {
        model.load(weights);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("model.norm.weight"), std::string::npos) << what;
        EXPECT_NE(what.find("model.mm_projector.0.weight"), std::string::npos) << what;
        EXPECT_NE(what.find("model.unknown_module.weight"), std::string::npos) << what;
    }
}

TEST(FaceLlavaTiny, MissingTowerWeightsAndWrongPlaceholderCountsAreClearErrors) {
    auto weights = fixture_weights();
    weights.video_tower.clear();
    FaceLlavaModel model(fixture_hparams(), torch::kFloat32);
    EXPECT_THROW(model.load(weights), Error);

    auto loaded = fixture_model();
    torch::NoGradGuard no_grad;
    auto tokens = torch::zeros({2, 16, loaded->hparams().llm.hidden_size});
    EXPECT_THROW(loaded->splice({1, kImageTokenId, 5}, visual_segments(tokens)), Error);
}

TEST(FaceLlavaTiny, ConfigSizesComeFromTheConfig) {
    // The same code must build other sizes: change the LLM width and layer
    // count in the config and check the modules follow (weights then mismatch).
    // Counts other than the fixture's own, whatever those are.
    auto json = io::read_json_file(test::fixture("facellava_tiny.config.json"));
    const int64_t llm_layers = json.at("num_hidden_layers").get<int64_t>() + 1;
    const int64_t tower_layers =
        json.at("image_tower_config").at("num_hidden_layers").get<int64_t>() + 2;
    json["num_hidden_layers"] = llm_layers;
    json["image_tower_config"]["num_hidden_layers"] = tower_layers;
    auto hp = FaceLlavaHParams::from_json(io::JsonConfig(json, "modified"));
    EXPECT_EQ(hp.llm.num_hidden_layers, llm_layers);
    EXPECT_EQ(hp.image_tower->clip.num_hidden_layers, tower_layers);
    FaceLlavaModel model(hp, torch::kFloat32);
    EXPECT_THROW(model.load(fixture_weights()), Error);
}

}  // namespace
}  // namespace facellava::model
