// FaceLLaVA-Nano's "faceapi_features" image tower: its two halves are the
// face-api nets' maps before their pools (checked against the nets and the
// TF.js reference of fixtures/faceapi), its config contract, and a checkpoint
// folder that uses it loading strictly through FaceLlavaModel and the engine.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/checkpoint_paths.h"
#include "engine/facellava_hparams.h"
#include "engine/facellava_model.h"
#include "engine/image_preprocess.h"
#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/engine.h"
#include "io/json_config.h"
#include "nano_checkpoint.h"
#include "perception/age_gender_net.h"
#include "perception/dense_feature_extractor.h"
#include "perception/expression_net.h"
#include "perception/face_preprocess.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "vision/faceapi_feature_tower.h"
#include "vision/image_tower.h"

namespace facellava::model {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using perception::AgeGenderNet;
using perception::DenseFeatureExtractor;
using perception::ExpressionNet;
using test::tensors_close;

// ------------------------------------------------------------ fixtures

const Json& reference() {
    static const Json json = Json::parse(read_file(test::fixture("faceapi/reference.json")));
    return json;
}

// Every face of reference.json with a preprocessed 112 input: face-api's
// toBatchTensor pixels (0…255, NHWC float32 on disk) as [1,3,112,112].
struct RefFace {
    torch::Tensor pixels;  // [1,3,112,112], 0…255
    const Json* det = nullptr;
    std::string label;
};

std::vector<RefFace> reference_faces() {
    std::vector<RefFace> faces;
    for (const auto& [name, im] : reference().at("images").items()) {
        for (size_t k = 0; k < im.at("dets").size(); ++k) {
            const std::string file = name + ".f" + std::to_string(k) + ".in112.f32";
            if (!fs::exists(test::fixtures_dir() + "/faceapi/" + file))
                continue;
            const std::string bytes = read_file(test::fixture("faceapi/" + file));
            if (bytes.size() != size_t(112 * 112 * 3 * 4)) {
                ADD_FAILURE() << file << " has " << bytes.size() << " bytes";
                continue;
            }
            auto t = torch::empty({1, 112, 112, 3}, torch::kFloat32);
            std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
            faces.push_back({t.permute({0, 3, 1, 2}).contiguous(), &im.at("dets")[k],
                             name + " face " + std::to_string(k)});
        }
    }
    return faces;
}

torch::Tensor to_tensor(const Json& values) {
    return torch::tensor(values.get<std::vector<double>>(), torch::kFloat64);
}

std::string manifest(const char* relative) {
    return AssetLocator::from_environment().faceapi_file(relative);
}

ImageTowerHParams nano_tower_hparams() {
    return ImageTowerHParams::from_json(
        io::JsonConfig(test::nano_config().at("image_tower_config"), "nano#image_tower_config"));
}

std::unique_ptr<ImageTower> loaded_faceapi_tower() {
    auto tower = make_image_tower(nano_tower_hparams());
    tower->load({});  // face-api package from the environment
    return tower;
}

FaceLlavaHParams nano_hparams(const Json& json) {
    return FaceLlavaHParams::from_json(io::JsonConfig(json, "nano config.json"));
}

// ------------------------------------------------------------ the tower

TEST(FaceApiFeatureTower, HalvesAreTheNetsPrePoolGridsAndPoolToTheirOutputs) {
    const auto faces = reference_faces();
    ASSERT_FALSE(faces.empty()) << "no faceapi/*.in112.f32 fixtures";
    std::vector<torch::Tensor> inputs;
    for (const auto& f : faces)
        inputs.push_back(perception::normalize_input(f.pixels, perception::kFaceMeanRgb));
    const auto batch = torch::cat(inputs);  // [M,3,112,112]
    const int64_t M = batch.size(0);

    auto tower = loaded_faceapi_tower();
    const auto features = tower->features(batch, VisionFeatureSelect{});
    ASSERT_EQ(features.sizes(), torch::IntArrayRef({M, 49, 768}));
    EXPECT_FALSE(features.requires_grad());

    const auto expression = ExpressionNet::load(manifest(ExpressionNet::kManifest));
    const auto age_gender = AgeGenderNet::load(manifest(AgeGenderNet::kManifest));
    torch::NoGradGuard no_grad;

    // Token r·7 + c = [expression grid | age/gender grid] at cell (r, c).
    const auto expr_tokens = features.slice(2, 0, 256);  // (M, 49, 256)
    const auto ag_tokens = features.slice(2, 256, 768);  // (M, 49, 512)
    EXPECT_TRUE(torch::equal(expr_tokens, expression.grid(batch).flatten(2).transpose(1, 2)));
    EXPECT_TRUE(torch::equal(ag_tokens, age_gender.grid(batch).flatten(2).transpose(1, 2)));
    // (M, 49, C) → (M, C, 7, 7): the grid back, for the nets' own pool.
    const auto expr_grid = expr_tokens.transpose(1, 2).reshape({M, 256, 7, 7});
    const auto ag_grid = ag_tokens.transpose(1, 2).reshape({M, 512, 7, 7});

    // The mean over the 49 cells is the nets' bottleneck features …
    EXPECT_TRUE(tensors_close(expr_tokens.mean(1), DenseFeatureExtractor::pool(expr_grid), 1e-5));
    EXPECT_TRUE(tensors_close(ag_tokens.mean(1), AgeGenderNet::pool(ag_grid), 1e-5));
    // … and their heads on it give forward()'s outputs, bit for bit.
    const auto logits = expression.logits(DenseFeatureExtractor::pool(expr_grid));
    EXPECT_TRUE(torch::equal(logits, expression.forward(batch)));
    const auto heads = age_gender.heads(AgeGenderNet::pool(ag_grid));
    const auto forward = age_gender.forward(batch);
    EXPECT_TRUE(torch::equal(heads.age, forward.age));
    EXPECT_TRUE(torch::equal(heads.gender_logits, forward.gender_logits));
    // The pooled cell means through the heads match face-api's TF.js outputs.
    const auto mean_logits = expression.logits(expr_tokens.mean(1));
    const auto mean_heads = age_gender.heads(ag_tokens.mean(1));
    for (int64_t i = 0; i < M; ++i) {
        SCOPED_TRACE(faces[size_t(i)].label);
        const Json& det = *faces[size_t(i)].det;
        EXPECT_TRUE(tensors_close(mean_logits[i], to_tensor(det.at("exprLogits")), 1e-4));
        EXPECT_NEAR(mean_heads.age[i].item<double>(), det.at("ageRaw").get<double>(), 1e-3);
        EXPECT_TRUE(
            tensors_close(mean_heads.gender_logits[i], to_tensor(det.at("genderLogits")), 1e-4));
    }
}

TEST(FaceApiFeatureTower, ConfigNormalisationIsFaceApisOwn) {
    const auto hp = nano_tower_hparams();
    ASSERT_TRUE(hp.is_faceapi());
    EXPECT_EQ(hp.image_size(), 112);
    EXPECT_EQ(hp.hidden_size(), 768);
    EXPECT_EQ(hp.tokens_per_image(VisionFeatureSelect{}), 49);
    for (int c = 0; c < 3; ++c) {
        EXPECT_FLOAT_EQ(hp.normalisation().mean[size_t(c)], perception::kFaceMeanRgb[c] / 255.0f);
        EXPECT_EQ(hp.normalisation().std[size_t(c)], 1.0f);
    }
    // The engine's preprocessing of a 112 face with the tower's values gives
    // the nets' own input, (pixel − mean) / 255.
    const auto faces = reference_faces();
    ASSERT_FALSE(faces.empty());
    const auto pixels = faces.front().pixels.round().clamp(0, 255);  // [1,3,112,112]
    ImageRGB image;
    image.width = image.height = 112;
    const auto hwc = pixels[0].permute({1, 2, 0}).to(torch::kUInt8).contiguous();
    image.pixels.assign(hwc.data_ptr<uint8_t>(), hwc.data_ptr<uint8_t>() + hwc.numel());
    const auto ours = preprocess_image(image, 112, /*pad_to_square=*/true, hp.normalisation());
    const auto theirs = perception::normalize_input(pixels, perception::kFaceMeanRgb)[0];
    EXPECT_TRUE(tensors_close(ours, theirs, 1e-6));
    // A CLIP tower keeps CLIP's values unless its config names others.
    const auto clip = ImageTowerHParams::from_json(
        io::JsonConfig(io::read_json_file(test::fixture("clip_image_tower.config.json")), "clip"));
    EXPECT_FALSE(clip.is_faceapi());
    EXPECT_EQ(clip.normalisation().mean, PixelNormalisation{}.mean);
    EXPECT_EQ(clip.normalisation().std, PixelNormalisation{}.std);
}

TEST(FaceApiFeatureTower, RejectsWrongInputsAndSettings) {
    auto tower = loaded_faceapi_tower();
    EXPECT_THROW(tower->features(torch::zeros({1, 3, 224, 224}), {}), Error);
    VisionFeatureSelect cls;
    cls.keep_cls = true;
    EXPECT_THROW(tower->features(torch::zeros({1, 3, 112, 112}), cls), Error);
    // Weights are the package's, never the checkpoint's.
    ImageTowerWeights with_dict;
    with_dict.dict["vision_model.x"] = torch::zeros({1});
    EXPECT_THROW(make_image_tower(nano_tower_hparams())->load(with_dict), Error);
    // Unloaded towers refuse to run.
    EXPECT_THROW(
        make_image_tower(nano_tower_hparams())->features(torch::zeros({1, 3, 112, 112}), {}),
        Error);
    // The nets' geometry is fixed.
    auto json = test::nano_config();
    json["image_tower_config"]["image_size"] = 224;
    EXPECT_THROW(nano_hparams(json), Error);
    json = test::nano_config();
    json["image_tower_config"]["hidden_size"] = 256;
    EXPECT_THROW(nano_hparams(json), Error);
    json = test::nano_config();
    json["image_tower_config"]["image_std"] = {1.0, 0.0, 1.0};
    EXPECT_THROW(nano_hparams(json), Error);
}

TEST(FaceApiFeatureTower, MissingPackageNamesTheFileAndTheFix) {
    const std::string empty = test::make_temp_dir("no_faceapi");
    ImageTowerWeights weights;
    weights.assets = AssetLocator(empty, empty, empty);
    auto tower = make_image_tower(nano_tower_hparams());
    try {
        tower->load(weights);
        FAIL() << "loaded without the face-api package";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("faceapi_features"), std::string::npos) << e.what();
        EXPECT_NE(e.path().find(ExpressionNet::kManifest), std::string::npos) << e.path();
        EXPECT_NE(e.hint().find(kBootstrapCommand), std::string::npos) << e.hint();
    }
}

// ------------------------------------------------------------ the checkpoint

TEST(FaceLlavaNano, ConfigContractAndWrongMmHiddenSize) {
    const auto hp = nano_hparams(test::nano_config());
    ASSERT_TRUE(hp.image_tower);
    EXPECT_TRUE(hp.image_tower->is_faceapi());
    EXPECT_FALSE(hp.video_tower);
    EXPECT_EQ(hp.projector.mm_hidden_size, 768);

    auto json = test::nano_config();
    json["mm_hidden_size"] = 64;
    try {
        nano_hparams(json);
        FAIL() << "mm_hidden_size 64 accepted for the 768-wide face-api tower";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("mm_hidden_size"), std::string::npos) << what;
        EXPECT_NE(what.find("768"), std::string::npos) << what;
    }
    // "mm_image_tower": "faceapi" without the embedded config says what to add.
    json = test::nano_config();
    json.erase("image_tower_config");
    try {
        nano_hparams(json);
        FAIL() << "mm_image_tower faceapi accepted without image_tower_config";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("faceapi_features"), std::string::npos) << e.what();
    }
    // A CLIP tower whose width differs from mm_hidden_size is caught the same way.
    auto tiny = io::read_json_file(test::fixture("facellava_tiny.config.json"));
    tiny["mm_hidden_size"] =
        2 * tiny.at("image_tower_config").at("hidden_size").get<int64_t>();  // never the width
    EXPECT_THROW(nano_hparams(tiny), Error);
}

TEST(FaceLlavaNano, CheckpointLoadsStrictlyWithoutTowerFolderAndEncodesImages) {
    const std::string dir = test::make_nano_checkpoint(test::make_temp_dir("nano"));
    const Json config = io::read_json_file(dir + "/config.json");
    const CheckpointPaths paths = resolve_checkpoint(dir, config);
    EXPECT_TRUE(paths.image_tower.empty());
    EXPECT_TRUE(paths.video_tower.empty());

    const auto hp = nano_hparams(config);
    FaceLlavaModel model(hp, torch::kFloat32);
    FaceLlavaWeights weights;
    weights.main_source = dir;
    weights.main = io::open_state_dict(dir);
    model.load(weights);  // strict: every LLM/adapter key used, no tower keys expected
    EXPECT_TRUE(model.has_image_tower());
    EXPECT_FALSE(model.has_video_tower());

    torch::NoGradGuard no_grad;
    const auto pixels = torch::randn({2, 3, 112, 112}, torch::kFloat32) * 0.3;
    const auto plain = model.encode_images(pixels, torch::Tensor());
    EXPECT_EQ(plain.features.sizes(), torch::IntArrayRef({2, 49, 768}));
    EXPECT_EQ(plain.tokens.sizes(), torch::IntArrayRef({2, 49, hp.llm.hidden_size}));
    EXPECT_FALSE(plain.attention.defined());
    const auto landmarks = torch::rand({2, 136});
    const auto frgca = model.encode_images(pixels, landmarks);
    EXPECT_EQ(frgca.tokens.sizes(), torch::IntArrayRef({2, 49, hp.llm.hidden_size}));
    ASSERT_TRUE(frgca.attention.defined());
    EXPECT_EQ(frgca.attention.size(2), 49);
    EXPECT_EQ(frgca.attention.size(3), 9);
    // The features are the tower's own.
    auto tower = loaded_faceapi_tower();
    EXPECT_TRUE(torch::equal(plain.features, tower->features(pixels, {})));

    // The fixture's projector (as wide as its CLIP tower) does not fit: strict
    // loading says so.
    FaceLlavaModel wrong(hp, torch::kFloat32);
    FaceLlavaWeights tiny;
    tiny.main_source = test::fixture("facellava_tiny.weights.safetensors");
    tiny.main = io::open_state_dict(tiny.main_source);
    try {
        wrong.load(tiny);
        FAIL() << "a 64-wide projector loaded for 768-wide features";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("mm_projector.0.weight"), std::string::npos)
            << e.what();
    }
}

#ifdef FACELLAVA_HAVE_SPM  // the engine needs the tokenizer shim
TEST(FaceLlavaNano, EngineChatsAboutAFace) {
    const std::string dir = test::make_nano_checkpoint(test::make_temp_dir("nano_engine"));
    auto engine = FaceLlavaEngine::load(dir, {});
    const auto& info = engine->info();
    EXPECT_TRUE(info.has_image_tower);
    EXPECT_FALSE(info.has_video_tower);
    EXPECT_EQ(info.image_size, 112);

    FaceFrame frame;  // 90 × 120: padded to square, then resized to 112
    frame.crop.width = 90;
    frame.crop.height = 120;
    frame.crop.pixels.resize(size_t(90) * 120 * 3);
    for (size_t i = 0; i < frame.crop.pixels.size(); ++i)
        frame.crop.pixels[i] = uint8_t((i * 13 + 7) % 251);
    std::array<float, 136> landmarks{};
    for (int i = 0; i < 68; ++i) {
        landmarks[size_t(2 * i)] = 0.2f + 0.6f * float(i % 17) / 16.0f;
        landmarks[size_t(2 * i + 1)] = 0.2f + 0.6f * float(i / 17) / 4.0f;
    }
    frame.landmarks = landmarks;
    ChatRequest request;
    request.frames = {frame};
    request.turns = {{ChatTurn::Role::User, "How old is this person?"}};
    request.settings.max_new_tokens = 4;
    const auto reply = engine->chat(request);
    EXPECT_FALSE(reply.token_ids.empty());
    EXPECT_GT(reply.prompt_tokens, 49);  // 49 visual tokens replace the sentinel
    ASSERT_EQ(reply.attention.size(), 9u);
    EXPECT_EQ(reply.attention[0].grid, 7);

    // A video to a checkpoint without a video tower: refused by chat() and
    // by ask_faces() alike with what to ask instead, before its absent tower
    // config is read (it once gave a garbage tensor size here).
    ChatRequest video = request;
    video.frames = {frame, frame};
    video.is_video = true;
    try {
        engine->chat(video);
        FAIL() << "a video was answered without a video tower";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no video tower"), std::string::npos) << e.what();
    }
    FaceQuestions questions;
    questions.frames = video.frames;
    questions.is_video = true;
    questions.questions = {"How old is this person?"};
    questions.settings.max_new_tokens = 4;
    FaceQuestions image_questions = questions;
    image_questions.frames = {frame};
    image_questions.is_video = false;
    const auto answers = engine->ask_faces({questions, image_questions});
    ASSERT_EQ(answers.size(), 2u);
    ASSERT_TRUE(answers[0].error.has_value());
    EXPECT_NE(std::string(answers[0].error->what()).find("no video tower"), std::string::npos);
    EXPECT_FALSE(answers[1].error.has_value());  // the image is answered all the same
    ASSERT_EQ(answers[1].replies.size(), 1u);
    EXPECT_EQ(answers[1].replies[0].token_ids, reply.token_ids);
}
#endif

}  // namespace
}  // namespace facellava::model
