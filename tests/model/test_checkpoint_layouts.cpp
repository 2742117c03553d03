// Released-checkpoint layouts (../shared/fixtures/checkpoint_layouts): the
// tiny Face-LLaVA re-saved by Python as researchers have it on disk (torch.save
// shards, embedded towers, bfloat16, towers in a Hugging Face cache). Every
// layout must reproduce facellava_tiny.io.safetensors. The test iterates over
// the folders it finds and reads every size from the fixtures, so another set
// of the same layouts at other sizes runs unchanged.
#include <gtest/gtest.h>

#include <filesystem>

#include "engine/checkpoint_assembly.h"
#include "facellava/core/error.h"
#include "facellava/model/checkpoint_report.h"
#include "io/lazy_state_dict.h"
#include "scoped_env.h"
#include "test_support.h"
#include "tiny_fixture.h"

namespace facellava::model {
namespace {
namespace fs = std::filesystem;

std::string layouts_dir() {
    return test::fixture("checkpoint_layouts");
}

// Every checkpoint folder of the layouts (those with a config.json).
std::vector<std::string> checkpoint_folders() {
    std::vector<std::string> dirs;
    for (const auto& entry : fs::directory_iterator(layouts_dir())) {
        if (entry.is_directory() && fs::exists(entry.path() / "config.json"))
            dirs.push_back(entry.path().string());
    }
    std::sort(dirs.begin(), dirs.end());
    return dirs;
}

// The caches of the layouts: hub folders, by name (hf_home, hf_home_configs_only).
std::vector<std::string> hub_caches() {
    std::vector<std::string> caches;
    for (const auto& entry : fs::directory_iterator(layouts_dir())) {
        if (fs::is_directory(entry.path() / "hub"))
            caches.push_back(entry.path().string());
    }
    std::sort(caches.begin(), caches.end());
    return caches;
}

// Only the given HF_HOME is searched: no user cache, no HF_HUB_CACHE.
struct OnlyThisCache {
    explicit OnlyThisCache(const std::string& hf_home) : home(test::make_temp_dir("layouts-home")) {
        env.set("HF_HOME", hf_home)
            .set("HF_HUB_CACHE", std::nullopt)
            .set("XDG_CACHE_HOME", std::nullopt)
            .set("HOME", home);
    }
    std::string home;
    test::ScopedEnv env;
};

bool stored_in_16_bits(const io::LazyStateDict& dict) {
    for (const auto& [name, t] : dict)
        if (t.dtype == torch::kBFloat16 || t.dtype == torch::kFloat16)
            return true;
    return false;
}

// Loads the folder as the engine does (assemble → complete config → towers →
// lazy main weights) into a float32 model.
std::unique_ptr<FaceLlavaModel> load_layout(const std::string& dir) {
    AssembledCheckpoint c = assemble_checkpoint(dir, {});
    throw_unless_loadable(c);
    const auto hp = FaceLlavaHParams::from_json(io::JsonConfig(c.config, c.config_path));
    auto model = std::make_unique<FaceLlavaModel>(hp, torch::kFloat32);
    model->load(tower_and_main_weights(c, torch::kFloat32));
    return model;
}

TEST(CheckpointLayouts, EveryLayoutReproducesTheTinyReference) {
    torch::NoGradGuard no_grad;
    const auto folders = checkpoint_folders();
    ASSERT_FALSE(folders.empty()) << "no checkpoint folders in " << layouts_dir();
    const auto reference = io::open_state_dict(test::fixture("facellava_tiny.weights.safetensors"));
    int compared = 0;
    for (const auto& cache : hub_caches()) {
        OnlyThisCache only(cache);
        for (const auto& dir : folders) {
            SCOPED_TRACE(dir + " with HF_HOME=" + cache);
            AssembledCheckpoint probe = assemble_checkpoint(dir, {});
            // A cache with configs only serves embedded towers alone: a layout
            // that needs tower weights from it must say what is missing.
            if (!probe.problems.empty()) {
                EXPECT_TRUE(probe.image.origin != "embedded" || probe.video.origin != "embedded");
                continue;
            }
            ++compared;
            if (stored_in_16_bits(probe.main)) {
                // Weights equal to the reference rounded to 16 bits, bit for bit.
                for (const auto& [name, lazy] : probe.main) {
                    SCOPED_TRACE(name);
                    ASSERT_TRUE(reference.count(name));
                    const auto expected = reference.at(name).read().to(lazy.dtype);
                    EXPECT_TRUE(torch::equal(lazy.read(), expected));
                }
                continue;
            }
            auto model = load_layout(dir);
            tiny::expect_every_io_prefix_matches(*model);
        }
    }
    EXPECT_GT(compared, 0);
}

TEST(CheckpointLayouts, EmbeddedTowersLoadWithAConfigsOnlyCache) {
    torch::NoGradGuard no_grad;
    for (const auto& dir : checkpoint_folders()) {
        AssembledCheckpoint bare = assemble_checkpoint(dir, {});
        if (bare.image.origin != "embedded" && bare.video.origin != "embedded")
            continue;
        for (const auto& cache : hub_caches()) {
            SCOPED_TRACE(dir + " with HF_HOME=" + cache);
            OnlyThisCache only(cache);
            auto report = inspect_checkpoint_folder(dir);
            EXPECT_TRUE(report.loadable()) << report.describe();
            for (const auto& part : report.parts) {
                if (part.name == "main weights" || !part.wanted)
                    continue;
                EXPECT_EQ(part.origin, "embedded");
                // The architecture came from the cache's config.json.
                EXPECT_NE(part.config_origin.find(fs::path(cache).lexically_normal().string()),
                          std::string::npos)
                    << part.config_origin;
            }
            auto model = load_layout(dir);
            tiny::expect_every_io_prefix_matches(*model);
        }
    }
}

TEST(CheckpointLayouts, TowerReposTextEncoderIsSkippedByNameAndReported) {
    const auto caches = hub_caches();
    ASSERT_FALSE(caches.empty());
    for (const auto& dir : checkpoint_folders()) {
        OnlyThisCache only(caches.front());  // hf_home: the cache with weights
        auto report = inspect_checkpoint_folder(dir);
        for (const auto& part : report.parts) {
            if (part.origin != "hf cache")
                continue;
            SCOPED_TRACE(dir + ": " + part.name);
            EXPECT_FALSE(part.skipped.empty()) << "LanguageBind repos also hold text_model.*";
            for (const auto& key : part.skipped) {
                const bool text_side = key.rfind("text_model.", 0) == 0 ||
                                       key.find("projection") != std::string::npos ||
                                       key == "logit_scale";
                EXPECT_TRUE(text_side) << key;
            }
            EXPECT_NE(part.location.find("snapshots"), std::string::npos) << part.location;
        }
    }
}

TEST(CheckpointLayouts, WithoutACacheTheLoadNamesEveryPlaceItLooked) {
    const std::string empty_home = test::make_temp_dir("layouts-empty-hf");
    OnlyThisCache only(empty_home);
    for (const auto& dir : checkpoint_folders()) {
        AssembledCheckpoint c = assemble_checkpoint(dir, {});
        for (const auto* tower : {&c.image, &c.video}) {
            if (!tower->wanted || tower->origin == "embedded")
                continue;
            SCOPED_TRACE(dir + ": " + tower->part);
            EXPECT_FALSE(tower->found());
            const std::string message = tower->missing_message();
            for (const auto& cache : hub_cache_folders(dir))
                EXPECT_NE(message.find(cache), std::string::npos) << message;
            EXPECT_NE(tower->fix().find("--" + tower->part + "-tower"), std::string::npos);
            EXPECT_NE(tower->fix().find(tower->hub_id), std::string::npos);
        }
        auto report = inspect_checkpoint_folder(dir);
        if (c.image.origin == "embedded" && c.video.origin == "embedded")
            continue;
        EXPECT_FALSE(report.loadable());
        try {
            (void)load_layout(dir);
            ADD_FAILURE() << "loaded without its towers: " << dir;
        } catch (const Error&) {
        }
    }
}

TEST(CheckpointLayouts, BuiltInTowerTableIsUsedOnlyWhenEveryShapeAgrees) {
    // No cache at all: embedded towers named by a released hub id fall back
    // to the built-in LanguageBind ViT-L/14 table, which the fixture's small
    // towers do not match; the report says so instead of a failed load later.
    OnlyThisCache only(test::make_temp_dir("layouts-no-configs"));
    int checked = 0;
    for (const auto& dir : checkpoint_folders()) {
        AssembledCheckpoint c = assemble_checkpoint(dir, {});
        for (const auto* tower : {&c.image, &c.video}) {
            if (tower->origin != "embedded")
                continue;
            SCOPED_TRACE(dir + ": " + tower->part);
            ++checked;
            const bool vit_l14 =
                c.main.count(tower->embedded_prefix + "encoder.layers.23.mlp.fc1.weight") &&
                c.main.at(tower->embedded_prefix + "encoder.layers.23.mlp.fc1.weight").shape ==
                    std::vector<int64_t>{4096, 1024};
            if (vit_l14) {
                EXPECT_TRUE(tower->builtin_config);
                continue;
            }
            EXPECT_FALSE(tower->found());
            EXPECT_FALSE(tower->builtin_config);
            bool said = false;
            for (const auto& place : tower->looked_in)
                said = said || (place.find("built-in table") != std::string::npos &&
                                place.find("does not match") != std::string::npos);
            EXPECT_TRUE(said) << tower->missing_message();
            EXPECT_FALSE(c.problems.empty());
        }
    }
    EXPECT_GT(checked, 0) << "no layout with embedded towers";
}

TEST(CheckpointLayouts, ExplicitTowerFolderWinsAndAWrongOneIsNotReplaced) {
    const auto caches = hub_caches();
    ASSERT_FALSE(caches.empty());
    OnlyThisCache only(caches.front());
    for (const auto& dir : checkpoint_folders()) {
        AssembledCheckpoint found = assemble_checkpoint(dir, {});
        if (found.image.origin != "hf cache")
            continue;
        TowerLocations towers;
        towers.image_tower = found.image.weights;
        AssembledCheckpoint explicit_dir = assemble_checkpoint(dir, towers);
        EXPECT_EQ(explicit_dir.image.origin, "folder");
        EXPECT_EQ(explicit_dir.image.weights, found.image.weights);
        towers.image_tower = dir + "/no-such-tower";
        AssembledCheckpoint wrong = assemble_checkpoint(dir, towers);
        EXPECT_FALSE(wrong.image.found());
        EXPECT_FALSE(wrong.problems.empty());
    }
}

TEST(CheckpointLayouts, ReleasedConfigDefaultsComeFromTheTowerRepos) {
    const auto caches = hub_caches();
    ASSERT_FALSE(caches.empty());
    OnlyThisCache only(caches.front());
    const auto tiny_config = io::read_json_file(test::fixture("facellava_tiny.config.json"));
    for (const auto& dir : checkpoint_folders()) {
        SCOPED_TRACE(dir);
        AssembledCheckpoint c = assemble_checkpoint(dir, {});
        ASSERT_TRUE(c.problems.empty());
        const io::JsonConfig config(c.config, c.config_path);
        const auto hp = FaceLlavaHParams::from_json(config);
        // The reference model's sizes, which the released config leaves to the
        // tower repos (frames) and to the authors' defaults (FRGCA).
        EXPECT_EQ(hp.num_frames, tiny_config.at("num_frames").get<int64_t>());
        EXPECT_EQ(hp.frgca.num_heads, tiny_config.at("frgca_num_heads").get<int64_t>());
        EXPECT_DOUBLE_EQ(hp.frgca.branch_scale, tiny_config.at("frgca_branch_scale").get<double>());
        // transformers' bookkeeping keys are ignored, and inspect lists them.
        const auto report = inspect_checkpoint_folder(dir);
        const auto& ignored = report.unknown_config_keys;
        EXPECT_NE(std::find(ignored.begin(), ignored.end(), "architectures"), ignored.end());
        EXPECT_EQ(std::find(ignored.begin(), ignored.end(), "hidden_size"), ignored.end());
    }
}

}  // namespace
}  // namespace facellava::model
