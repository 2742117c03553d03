// Parity of mm_projector, the landmark projectors and both FRGCA variants with
// the frgca_simple / frgca_masked fixtures, attention maps for the GUI, and the
// config errors of the projector and FRGCA factories.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "facellava/core/error.h"
#include "facellava/model/attention_views.h"
#include "facellava/model/face_regions.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "multimodal/attention_maps.h"
#include "multimodal/frgca.h"
#include "multimodal/landmark_projector.h"
#include "multimodal/mm_projector.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

// The multimodal part of a Face-LLaVA checkpoint, registered under the names
// the checkpoint uses below "model.".
struct Multimodal {
    std::shared_ptr<torch::nn::Module> root = std::make_shared<torch::nn::Module>();
    MmProjector projector{nullptr};
    LandmarkRegionProjector regions{nullptr};
    torch::nn::Linear global{nullptr};
    std::shared_ptr<FrgcaModule> frgca;
};

// The frgca_* fixtures have no config.json. Their config is facellava_tiny's
// (mm_projector_type, frgca_num_heads, frgca_branch_scale, landmark projector
// types) with the widths read off the weights — mm_projector.0.weight is
// (hidden_size, mm_hidden_size) — and cross_attn_type set per fixture.
io::JsonConfig fixture_config(const io::StateDict& weights, const std::string& cross_attn_type) {
    auto json = io::read_json_file(test::fixture("facellava_tiny.config.json"));
    const auto& first = weights.at("mm_projector.0.weight");
    json["hidden_size"] = first.size(0);
    json["mm_hidden_size"] = first.size(1);
    json["cross_attn_type"] = cross_attn_type;
    return io::JsonConfig(json, "facellava_tiny.config.json (widths from the frgca weights)");
}

Multimodal load_multimodal(const std::string& name, const std::string& cross_attn_type) {
    const auto path = test::fixture(name + ".weights.safetensors");
    const auto weights = io::with_prefix_stripped(io::load_state_dict(path), "model.");
    const auto config = fixture_config(weights, cross_attn_type);
    const auto landmark_hp = LandmarkHParams::from_json(config);

    Multimodal mm;
    mm.projector = mm.root->register_module("mm_projector",
                                            MmProjector(MmProjectorHParams::from_json(config)));
    mm.regions =
        mm.root->register_module("landmarks_projector", LandmarkRegionProjector(landmark_hp));
    mm.global = mm.root->register_module(
        "global_landmarks_projector",
        torch::nn::Linear(landmark_hp.landmarks_hidden_size, landmark_hp.hidden_size));
    mm.frgca = mm.root->register_module("landmarks_cross_attn",
                                        make_frgca(FrgcaHParams::from_json(config)));
    // Strict: every checkpoint key has a parameter (the unused `ln` included).
    io::load_into_module(*mm.root, weights, path, /*strict=*/true);
    mm.root->eval();
    return mm;
}

// "image", "video", … : the part of every io tensor name before the first dot.
std::set<std::string> io_prefixes(const io::SafetensorsFile& ref) {
    std::set<std::string> prefixes;
    for (const auto& entry : ref.entries())
        prefixes.insert(entry.name.substr(0, entry.name.find('.')));
    return prefixes;
}

// Each stage runs on the fixture's own inputs, so a mismatch names its stage.
void expect_multimodal_matches_fixture(const std::string& name, const std::string& type) {
    torch::NoGradGuard no_grad;
    auto mm = load_multimodal(name, type);
    io::SafetensorsFile ref(test::fixture(name + ".io.safetensors"));
    const auto prefixes = io_prefixes(ref);
    ASSERT_FALSE(prefixes.empty());
    for (const auto& prefix : prefixes) {
        SCOPED_TRACE(name + " " + prefix);
        const auto t = [&](const std::string& key) { return ref.tensor(prefix + "." + key); };
        const auto has = [&](const std::string& key) { return ref.contains(prefix + "." + key); };

        EXPECT_TRUE(test::tensors_close(mm.projector(t("vision_features")), t("projected")));
        const auto landmarks = t("landmarks");
        EXPECT_TRUE(test::tensors_close(landmark_tokens(mm.regions, mm.global, landmarks),
                                        t("landmark_tokens")));

        const auto visual = t("projected");
        const auto result = mm.frgca->forward(visual, t("landmark_tokens"), landmarks);
        EXPECT_TRUE(test::tensors_close(result.out, t("frgca_out")));

        // (B·T, H, N, 9) per head → the fixture's (B, T, H, N, 9); images have T = 1.
        const int64_t B = visual.size(0), T = visual.dim() == 4 ? visual.size(1) : 1;
        const int64_t N = visual.size(-2);
        ASSERT_EQ(result.attention.dim(), 4);
        EXPECT_EQ(result.attention.size(0), B * T);
        EXPECT_EQ(result.attention.size(1), mm.frgca->hparams().num_heads);
        if (has("frgca_attn")) {
            const auto expected = t("frgca_attn");
            EXPECT_TRUE(test::tensors_close(
                result.attention.view({B, T, result.attention.size(1), N, kNumFaceRegions}),
                expected));
        }
        if (has("region_mask")) {
            ASSERT_TRUE(result.region_mask.defined());
            EXPECT_TRUE(test::tensors_close(result.region_mask, t("region_mask")));
        }
    }
}

TEST(FrgcaSimple, MatchesReference) {
    expect_multimodal_matches_fixture("frgca_simple", "simple");
}

TEST(FrgcaMasked, MatchesReference) {
    expect_multimodal_matches_fixture("frgca_masked", "masked");
}

TEST(FrgcaMasked, RejectsTokensWithoutSquareGrid) {
    torch::NoGradGuard no_grad;
    auto mm = load_multimodal("frgca_masked", "masked");
    io::SafetensorsFile ref(test::fixture("frgca_masked.io.safetensors"));
    const auto visual = ref.tensor("video.projected");
    // Dropping CLS leaves N − 1 tokens: neither 1 + g² nor accepted.
    EXPECT_THROW(mm.frgca->forward(visual.slice(2, 1), ref.tensor("video.landmark_tokens"),
                                   ref.tensor("video.landmarks")),
                 facellava::Error);
}

TEST(FrgcaSimple, RejectsMismatchedTokens) {
    auto mm = load_multimodal("frgca_simple", "simple");
    io::SafetensorsFile ref(test::fixture("frgca_simple.io.safetensors"));
    // Image tokens against video landmark tokens.
    EXPECT_THROW(
        mm.frgca->forward(ref.tensor("image.projected"), ref.tensor("video.landmark_tokens"), {}),
        facellava::Error);
}

TEST(FrgcaFactory, RejectsUnknownTypes) {
    const auto path = test::fixture("frgca_simple.weights.safetensors");
    const auto weights = io::with_prefix_stripped(io::load_state_dict(path), "model.");
    const auto expect_rejected = [&](const std::string& key, const std::string& value,
                                     const std::string& listed, auto parse) {
        auto json = fixture_config(weights, "simple").raw();
        json[key] = value;
        try {
            parse(io::JsonConfig(json, "bad_config.json"));
            ADD_FAILURE() << key << " = " << value << " was accepted";
        } catch (const facellava::Error& e) {
            EXPECT_NE(std::string(e.what()).find(listed), std::string::npos) << e.what();
        }
    };
    expect_rejected("cross_attn_type", "dense", "masked",
                    [](const io::JsonConfig& c) { FrgcaHParams::from_json(c); });
    expect_rejected("mm_projector_type", "mlp2x_relu", "mlp2x_gelu",
                    [](const io::JsonConfig& c) { MmProjectorHParams::from_json(c); });
    expect_rejected("landmarks_projector_type", "linear", "landmarks_region_projector",
                    [](const io::JsonConfig& c) { LandmarkHParams::from_json(c); });

    FrgcaHParams hp;
    hp.type = "dense";
    EXPECT_THROW(make_frgca(hp), facellava::Error);
    MmProjectorHParams mp;
    mp.type = "resampler";
    EXPECT_THROW(MmProjector{mp}, facellava::Error);
}

TEST(FrgcaProjectors, LinearLayoutHasPlainKeys) {
    MmProjectorHParams hp;
    hp.type = "linear";
    hp.mm_hidden_size = 6;
    hp.hidden_size = 4;
    MmProjector projector(hp);
    std::set<std::string> names;
    for (const auto& p : projector->named_parameters())
        names.insert(p.key());
    EXPECT_EQ(names, (std::set<std::string>{"weight", "bias"}));
    EXPECT_EQ(projector(torch::zeros({2, 3, 6})).sizes(), (std::vector<int64_t>{2, 3, 4}));
}

// --- attention maps ----------------------------------------------------------------

TEST(FrgcaAttentionMaps, FollowThePatchGrid) {
    io::SafetensorsFile ref(test::fixture("frgca_simple.io.safetensors"));
    for (const auto& prefix : io_prefixes(ref)) {
        SCOPED_TRACE(prefix);
        // One image / frame: (B, T, H, N, 9) → (H, N, 9)
        const auto weights = ref.tensor(prefix + ".frgca_attn").select(0, 0).select(0, 0);
        const int64_t heads = weights.size(0), N = weights.size(1);
        bool has_cls = false;
        const int grid = attention_grid_side(N, &has_cls);
        const int64_t first_patch = has_cls ? 1 : 0;
        EXPECT_EQ(first_patch + int64_t(grid) * grid, N);

        const auto mean = weights.mean(0);  // (N, 9)
        const auto maps = region_attention_maps(weights);
        const auto one_head = region_attention_maps(weights, heads - 1);
        ASSERT_EQ(maps.size(), size_t(kNumFaceRegions));
        for (int r = 0; r < kNumFaceRegions; ++r) {
            EXPECT_EQ(maps[r].region, kFaceRegions[r].name);
            EXPECT_EQ(maps[r].grid, grid);
            ASSERT_EQ(maps[r].values.size(), size_t(grid) * grid);
            for (int row = 0; row < grid; ++row) {
                for (int col = 0; col < grid; ++col) {
                    const int64_t token = first_patch + row * grid + col;
                    EXPECT_NEAR(maps[r].values[row * grid + col], mean[token][r].item<float>(),
                                1e-6);
                    EXPECT_NEAR(one_head[r].values[row * grid + col],
                                weights[heads - 1][token][r].item<float>(), 1e-6);
                    // Every head's weights travel with either choice.
                    for (const auto* m : {&maps[r], &one_head[r]}) {
                        ASSERT_EQ(m->heads.size(), size_t(heads));
                        for (int64_t h = 0; h < heads; ++h)
                            EXPECT_NEAR(m->heads[size_t(h)][row * grid + col],
                                        weights[h][token][r].item<float>(), 1e-6);
                    }
                }
            }
        }
        EXPECT_THROW(region_attention_maps(weights, heads), facellava::Error);
    }
}

// The GUI's default view: per patch the region with the largest weight, read
// off the reference (PyTorch) attention of the fixture, for the mean of heads
// and for every single head.
TEST(FrgcaAttentionViews, DominantRegionIsTheReferenceArgmax) {
    io::SafetensorsFile ref(test::fixture("frgca_simple.io.safetensors"));
    for (const auto& prefix : io_prefixes(ref)) {
        SCOPED_TRACE(prefix);
        const auto all = ref.tensor(prefix + ".frgca_attn");  // (B, T, H, N, 9)
        const auto weights = all.select(0, 0).select(0, 0);   // (H, N, 9)
        const int64_t heads = weights.size(0), N = weights.size(1);
        bool has_cls = false;
        const int grid = attention_grid_side(N, &has_cls);
        const int64_t first_patch = has_cls ? 1 : 0;
        const auto maps = region_attention_maps(weights);
        ASSERT_EQ(attention_head_count(maps), heads);

        for (int64_t head = kMeanOfHeads; head < heads; ++head) {
            SCOPED_TRACE("head " + std::to_string(head));
            // (N, 9): the reference weights this view reads
            const auto expected = head == kMeanOfHeads ? weights.mean(0) : weights[head];
            const auto view = dominant_regions(maps, int(head));
            ASSERT_EQ(view.grid, grid);
            ASSERT_EQ(view.region.size(), size_t(grid) * grid);
            std::set<int> regions_seen;
            for (int cell = 0; cell < grid * grid; ++cell) {
                const auto row = expected[first_patch + cell];  // (9,)
                const int argmax = int(row.argmax().item<int64_t>());
                const float top = row.max().item<float>();
                // A near-tie may go either way in float; the weight must match.
                if (view.region[size_t(cell)] != argmax) {
                    EXPECT_NEAR(row[view.region[size_t(cell)]].item<float>(), top, 1e-6)
                        << "patch " << cell;
                }
                EXPECT_NEAR(view.strength[size_t(cell)], top, 1e-6) << "patch " << cell;
                regions_seen.insert(argmax);
            }
            if (head == kMeanOfHeads) {
                // Unlike the sum of the nine maps (1 everywhere), the default
                // view varies across the face.
                EXPECT_GT(regions_seen.size(), 1u);
            }
        }
        EXPECT_THROW(dominant_regions(maps, int(heads)), facellava::Error);
        auto eight = maps;
        eight.pop_back();
        EXPECT_THROW(dominant_regions(eight), facellava::Error);
    }
}

TEST(FrgcaAttentionViews, OpacityGrowsFromUniformToCertain) {
    EXPECT_FLOAT_EQ(dominance_opacity(1.0f / kNumFaceRegions), 0.0f);  // no preference: clear
    EXPECT_FLOAT_EQ(dominance_opacity(1.0f), 1.0f);                    // one region only: solid
    EXPECT_NEAR(dominance_opacity(0.5f), (0.5f - 1.0f / 9) / (8.0f / 9), 1e-6);
    EXPECT_FLOAT_EQ(dominance_opacity(0.0f), 0.0f);  // clamped
}

TEST(FrgcaAttentionMaps, RejectNonGridTokens) {
    EXPECT_THROW(region_attention_maps(torch::zeros({8, 15, kNumFaceRegions})), facellava::Error);
    EXPECT_THROW(region_attention_maps(torch::zeros({8, 16, 4})), facellava::Error);
}

TEST(FrgcaRegions, CoverAll68LandmarksInOrder) {
    int next = 0;
    for (const auto& region : kFaceRegions) {
        EXPECT_EQ(region.first, next) << region.name;
        EXPECT_GE(region.last, region.first) << region.name;
        next = region.last + 1;
    }
    EXPECT_EQ(next, kNumLandmarks);
}

}  // namespace
}  // namespace facellava::model
