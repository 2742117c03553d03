// init_model(): a from-scratch checkpoint that both loaders accept strictly,
// identical for the same seed, with HF-style initial statistics.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "facellava/core/error.h"
#include "facellava/model/engine.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/model_init.h"
#include "io/json_config.h"
#include "io/state_dict.h"
#include "test_support.h"
#include "tiny_fixture_sizes.h"
#include "trainer/trainable_model.h"
#include "training_test_data.h"

#ifdef FACELLAVA_HAVE_SPM
namespace facellava::training {
namespace {

namespace fs = std::filesystem;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

struct InitFixture {
    std::string root;
    InitModelOptions options;
};

// The tiny fixture config next to its tower folders, as a user's nano config would be.
InitFixture make_fixture(const std::string& tag) {
    InitFixture f;
    f.root = test::make_temp_dir(tag);
    const std::string base = testdata::make_tiny_checkpoint(f.root);
    f.options.config = base + "/config.json";
    f.options.tokenizer = test::fixture("tiny_llama_spm.model");
    f.options.output_dir = f.root + "/init";
    f.options.seed = 7;
    return f;
}

TEST(ModelInit, WritesACheckpointBothLoadersAcceptStrictly) {
    auto f = make_fixture("init_load");
    const auto result = init_model(f.options);
    EXPECT_GT(result.tensors, 0);
    EXPECT_EQ(result.vocab_size, model::tiny::fixture_sizes().vocab_size);  // the config's
    for (const char* name : {"config.json", "tokenizer.model", "model.safetensors"})
        EXPECT_TRUE(fs::exists(f.options.output_dir + "/" + name)) << name;

    EXPECT_NO_THROW(model::FaceLlavaEngine::load(f.options.output_dir, {"cpu", "float32", 1, {}}));
    const auto trainable = TrainableFaceLlava::load(f.options.output_dir, torch::kCPU,
                                                    /*allow_new_landmark_modules=*/false);
    EXPECT_TRUE(trainable->has_landmark_modules());
    // Every tensor written is one the model has, and the other way round.
    const auto written = io::load_state_dict(result.weights_path);
    EXPECT_EQ(written.size(), trainable->main_state_dict().size());
}

TEST(ModelInit, SameSeedSameBytesOtherSeedOtherWeights) {
    auto f = make_fixture("init_seed");
    init_model(f.options);
    const std::string first = f.options.output_dir;
    f.options.output_dir = f.root + "/again";
    init_model(f.options);
    EXPECT_EQ(read_all(first + "/model.safetensors"),
              read_all(f.options.output_dir + "/model.safetensors"));
    EXPECT_EQ(read_all(first + "/config.json"), read_all(f.options.output_dir + "/config.json"));
    f.options.output_dir = f.root + "/other";
    f.options.seed = 8;
    init_model(f.options);
    EXPECT_NE(read_all(first + "/model.safetensors"),
              read_all(f.options.output_dir + "/model.safetensors"));
}

TEST(ModelInit, ParametersHaveTheIntendedStatistics) {
    auto f = make_fixture("init_stats");
    const auto result = init_model(f.options);
    const auto w = io::load_state_dict(result.weights_path);
    // The config's initializer_range, pad token and depth (any fixture set).
    const auto& config = model::tiny::fixture_config();
    const double range = config.at("initializer_range").get<double>();
    const int64_t pad = config.at("pad_token_id").get<int64_t>();
    const int64_t last_layer = config.at("num_hidden_layers").get<int64_t>() - 1;
    // A big matrix: std within 10 % of initializer_range, mean near 0.
    const auto& embed = w.at("model.embed_tokens.weight");  // (vocab, hidden), pad row zeroed
    const auto rows = torch::cat({embed.slice(0, 0, pad), embed.slice(0, pad + 1)});
    EXPECT_NEAR(rows.std().item<double>(), range, 0.1 * range);
    EXPECT_NEAR(rows.mean().item<double>(), 0.0, 0.05 * range);
    EXPECT_EQ(embed[pad].abs().sum().item<double>(), 0.0) << "pad_token_id row";
    EXPECT_NEAR(w.at("model.layers.0.mlp.gate_proj.weight").std().item<double>(), range,
                0.1 * range);
    EXPECT_NEAR(w.at("model.mm_projector.0.weight").std().item<double>(), range, 0.2 * range);
    EXPECT_TRUE(w.at("model.norm.weight").eq(1).all().item<bool>());
    EXPECT_TRUE(w.at("model.layers." + std::to_string(last_layer) + ".input_layernorm.weight")
                    .eq(1)
                    .all()
                    .item<bool>());
    for (const auto& [name, t] : w) {
        if (name.size() > 4 && name.compare(name.size() - 4, 4, "bias") == 0) {
            EXPECT_EQ(t.abs().sum().item<double>(), 0.0) << name;
        }
    }
}

TEST(ModelInit, RefusesANonEmptyFolderUnlessForced) {
    auto f = make_fixture("init_force");
    fs::create_directories(f.options.output_dir);
    testdata::write_text(f.options.output_dir + "/notes.txt", "mine");
    testdata::write_text(f.options.output_dir + "/stale-00001-of-00002.safetensors", "x");
    try {
        init_model(f.options);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), f.options.output_dir);
    }
    f.options.force = true;
    init_model(f.options);
    EXPECT_TRUE(fs::exists(f.options.output_dir + "/notes.txt")) << "only checkpoint files go";
    EXPECT_FALSE(fs::exists(f.options.output_dir + "/stale-00001-of-00002.safetensors"));
    EXPECT_NO_THROW(TrainableFaceLlava::load(f.options.output_dir, torch::kCPU, false));
}

TEST(ModelInit, VocabularyComesFromTheTokenizerOrMustHoldIt) {
    auto f = make_fixture("init_vocab");
    auto config = io::read_json_file(f.options.config);
    const auto tok = model::Tokenizer::load(f.options.tokenizer);
    config["vocab_size"] = "tokenizer";
    testdata::write_text(f.options.config, config.dump());
    EXPECT_EQ(init_model(f.options).vocab_size, tok.vocab_size());
    config["vocab_size"] = tok.vocab_size() - 1;
    testdata::write_text(f.options.config, config.dump());
    f.options.output_dir = f.root + "/small";
    EXPECT_THROW(init_model(f.options), Error);
}

}  // namespace
}  // namespace facellava::training
#endif
