// The public engine facade on a checkpoint folder assembled from the tiny
// fixture: loading, chat with streaming, stop strings, cancellation, attention
// maps, and the errors a user meets with a broken folder.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/attention_views.h"
#include "facellava/model/engine.h"
#include "io/json_config.h"
#include "test_support.h"
#include "tiny_checkpoint.h"
#include "tiny_fixture_sizes.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

#ifdef FACELLAVA_HAVE_SPM  // the engine needs the tokenizer shim

FaceFrame synthetic_face(int side, uint8_t shade) {
    FaceFrame frame;
    frame.crop.width = frame.crop.height = side;
    frame.crop.pixels.resize(size_t(side) * side * 3);
    for (size_t i = 0; i < frame.crop.pixels.size(); ++i)
        frame.crop.pixels[i] = uint8_t((i * 7 + shade) % 251);
    std::array<float, 136> landmarks{};
    for (int i = 0; i < 68; ++i) {
        landmarks[2 * i] = 0.2f + 0.6f * float(i % 17) / 16.0f;
        landmarks[2 * i + 1] = 0.2f + 0.6f * float(i / 17) / 4.0f;
    }
    frame.landmarks = landmarks;
    return frame;
}

ChatRequest question(std::vector<FaceFrame> frames, bool video, int max_tokens) {
    ChatRequest request;
    request.frames = std::move(frames);
    request.is_video = video;
    request.turns = {{ChatTurn::Role::User, "What emotion is shown?"}};
    request.settings.max_new_tokens = max_tokens;
    return request;
}

TEST(Engine, LoadsTheFolderLayoutAndReportsWhatItHas) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    const auto& info = engine->info();
    EXPECT_EQ(info.device, "cpu");
    EXPECT_EQ(info.dtype, "float32");
    EXPECT_TRUE(info.has_image_tower);
    EXPECT_TRUE(info.has_video_tower);
    EXPECT_TRUE(info.has_landmark_modules);
    const auto& sizes = tiny::fixture_sizes();
    EXPECT_EQ(info.num_frames, sizes.num_frames);
    EXPECT_EQ(info.image_size, sizes.image_size);
    // Every tensor of the main file (LLM, projectors, FRGCA) is a parameter; the
    // towers add theirs, and nothing exceeds what the three files hold.
    EXPECT_GE(info.parameters, tiny::fixture_numel("facellava_tiny.weights.safetensors"));
    EXPECT_LE(info.parameters, tiny::fixture_numel("facellava_tiny.weights.safetensors") +
                                   tiny::fixture_numel("clip_image_tower.weights.safetensors") +
                                   tiny::fixture_numel("facellava_tiny.video_tower.safetensors"));
    EXPECT_FALSE(info.is_demo);
}

TEST(Engine, StreamedPiecesAddUpToTheAnswerAndGreedyIsDeterministic) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    std::string streamed;
    ChatCallbacks callbacks;
    callbacks.on_text = [&](const std::string& piece) {
        streamed += piece;
        return true;
    };
    const auto reply = engine->chat(question({synthetic_face(48, 3)}, false, 12), callbacks);
    EXPECT_FALSE(reply.token_ids.empty());
    EXPECT_LE(reply.token_ids.size(), 12u);
    EXPECT_EQ(streamed, reply.text);
    EXPECT_TRUE(reply.stop_reason == "max_tokens" || reply.stop_reason == "eos")
        << reply.stop_reason;
    // The prompt is the text plus the image's visual tokens in place of one sentinel.
    const auto& sizes = tiny::fixture_sizes();
    EXPECT_GT(reply.prompt_tokens, sizes.tokens_per_image);
    EXPECT_GT(reply.total_ms, 0.0);
    ASSERT_EQ(reply.attention.size(), 9u);  // FRGCA's nine face regions (spec), not a fixture size
    EXPECT_EQ(reply.attention[0].region, "face");
    EXPECT_EQ(reply.attention[0].grid, sizes.patch_grid);
    const auto again = engine->chat(question({synthetic_face(48, 3)}, false, 12));
    EXPECT_EQ(again.token_ids, reply.token_ids);
}

TEST(Engine, LandmarksChangeTheAnswerPathAndVideoWorks) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    const auto& sizes = tiny::fixture_sizes();
    auto plain_frame = synthetic_face(int(sizes.image_size), 9);
    plain_frame.landmarks.reset();
    const auto plain = engine->chat(question({plain_frame}, false, 4));
    EXPECT_TRUE(plain.attention.empty());  // no FRGCA without landmarks

    std::vector<FaceFrame> frames;
    for (int64_t t = 0; t < sizes.num_frames; ++t)
        frames.push_back(synthetic_face(40, uint8_t(t * 20)));
    const auto video = engine->chat(question(frames, true, 4));
    EXPECT_FALSE(video.token_ids.empty());
    EXPECT_EQ(video.attention.size(), 9u);
    // num_frames × tokens_per_frame visual tokens replace num_frames sentinels.
    EXPECT_GT(video.prompt_tokens, sizes.num_frames * sizes.tokens_per_frame);

    // More frames than the tower takes: num_frames of them are sampled
    // (linspace, as the authors' loader), so the prompt has the same length.
    frames.push_back(synthetic_face(40, 1));
    const auto longer = engine->chat(question(frames, true, 4));
    EXPECT_EQ(longer.prompt_tokens, video.prompt_tokens);
}

TEST(Engine, AnswerStopsAtTheContextEndInsteadOfRefusing) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    // Far more new tokens than the model's context (max_position_embeddings) holds.
    const int64_t context = tiny::fixture_sizes().max_positions;
    auto request = question({synthetic_face(32, 5)}, false, int(context) * 20);
    request.settings.temperature = 1.0f;
    request.settings.seed = 3;
    const auto reply = engine->chat(request);
    EXPECT_LE(reply.prompt_tokens + int64_t(reply.token_ids.size()), context);
    if (reply.stop_reason != "eos") {
        EXPECT_EQ(reply.prompt_tokens + int64_t(reply.token_ids.size()), context);
    }
}

TEST(Engine, CancelFromAnotherThreadStopsGeneration) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    std::atomic<bool> cancel{false};
    ChatCallbacks callbacks;
    callbacks.cancel = &cancel;
    int pieces = 0;
    callbacks.on_text = [&](const std::string&) {
        if (++pieces == 2) {
            std::thread([&] { cancel = true; }).join();
        }
        return true;
    };
    // As many new tokens as fit the context after the prompt, so only the
    // cancel (or EOS) can end the answer early.
    auto request = question({synthetic_face(32, 5)}, false, 1);
    const int64_t prompt = engine->chat(request).prompt_tokens;
    const int64_t room = tiny::fixture_sizes().max_positions - prompt;
    ASSERT_GT(room, 2) << "the fixture's context has no room after a " << prompt << "-token prompt";
    request.settings.max_new_tokens = int(room);
    request.settings.temperature = 1.0f;  // sampling keeps it talking past EOS-prone greedy paths
    request.settings.seed = 7;
    const auto reply = engine->chat(request, callbacks);
    if (reply.stop_reason != "eos") {
        EXPECT_EQ(reply.stop_reason, "cancelled");
        EXPECT_LT(int64_t(reply.token_ids.size()), room);
    }
}

TEST(Engine, AttentionMapsPerHeadAndMean) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    const auto face = synthetic_face(32, 2);
    const auto mean = engine->attention_maps(face);
    ASSERT_EQ(mean.size(), 9u);
    // Every patch's weights over the 9 regions sum to one, for the mean too.
    for (size_t cell = 0; cell < mean[0].values.size(); ++cell) {
        float sum = 0;
        for (const auto& map : mean)
            sum += map.values[cell];
        EXPECT_NEAR(sum, 1.0f, 1e-4);
    }
    // One map cell per patch.
    const int64_t grid = tiny::fixture_sizes().patch_grid;
    EXPECT_EQ(int64_t(mean[0].values.size()), grid * grid);
    // The last head is valid, the one after it is not (FRGCA's heads from the config).
    const int heads = int(tiny::fixture_sizes().frgca_heads);
    const auto last_head = engine->attention_maps(face, heads - 1);
    EXPECT_EQ(last_head.size(), 9u);
    // Every head rides along; the default map is their mean, one head's map that head.
    ASSERT_EQ(attention_head_count(mean), heads);
    for (size_t r = 0; r < mean.size(); ++r) {
        for (size_t cell = 0; cell < mean[r].values.size(); ++cell) {
            float sum = 0;
            for (const auto& head : mean[r].heads)
                sum += head[cell];
            EXPECT_NEAR(mean[r].values[cell], sum / float(heads), 1e-6);
            EXPECT_EQ(last_head[r].values[cell], mean[r].heads[size_t(heads - 1)][cell]);
        }
    }
    // The GUI's default view on the tiny model: per patch the argmax over the
    // nine mean maps, and not one region everywhere (the sum of the nine maps,
    // the old view, is 1 everywhere).
    const auto dominant = dominant_regions(mean);
    std::set<int> regions_seen;
    for (size_t cell = 0; cell < mean[0].values.size(); ++cell) {
        int argmax = 0;
        for (int r = 1; r < 9; ++r)
            if (mean[size_t(r)].values[cell] > mean[size_t(argmax)].values[cell])
                argmax = r;
        EXPECT_EQ(dominant.region[cell], argmax) << "patch " << cell;
        EXPECT_EQ(dominant.strength[cell], mean[size_t(argmax)].values[cell]);
        regions_seen.insert(argmax);
    }
    EXPECT_GT(regions_seen.size(), 1u);
    EXPECT_THROW(engine->attention_maps(face, heads), Error);
    EXPECT_THROW(engine->attention_maps(face, 99), Error);
    auto no_landmarks = face;
    no_landmarks.landmarks.reset();
    EXPECT_THROW(engine->attention_maps(no_landmarks), Error);
}

TEST(Engine, BrokenFoldersGiveErrorsNamingTheFile) {
    EXPECT_THROW(FaceLlavaEngine::load("/no/such/checkpoint", {}), Error);
    const std::string dir = test::make_temp_dir("broken");
    for (const auto& entry : fs::directory_iterator(test::tiny_checkpoint_dir())) {
        fs::copy(entry.path(), dir + "/" + entry.path().filename().string(),
                 fs::copy_options::recursive);
    }
    fs::remove(dir + "/tokenizer.model");
    try {
        FaceLlavaEngine::load(dir, {});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(e.path().find("tokenizer.model"), std::string::npos) << e.what();
    }
    fs::copy_file(test::tiny_checkpoint_dir() + "/tokenizer.model", dir + "/tokenizer.model");
    ASSERT_GT(remove_tree(dir + "/video_tower"), 0);
    EXPECT_THROW(FaceLlavaEngine::load(dir, {}), Error);
    fs::copy(test::tiny_checkpoint_dir() + "/video_tower", dir + "/video_tower",
             fs::copy_options::recursive);
    std::ofstream(dir + "/config.json") << "{ \"hidden_size\": 64, ";  // truncated JSON
    try {
        FaceLlavaEngine::load(dir, {});
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(e.path().find("config.json"), std::string::npos) << e.what();
    }
    EXPECT_THROW(
        FaceLlavaEngine::load(test::tiny_checkpoint_dir(), EngineOptions{"tpu", "auto", 0, {}}),
        Error);
}

#endif

}  // namespace
}  // namespace facellava::model
