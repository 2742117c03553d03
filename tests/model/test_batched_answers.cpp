// FaceLlavaEngine::ask_faces (engine/answer_scheduler.h): every face's task
// questions answered in batches over shared prefixes give chat()'s greedy
// answers for the same one-turn questions, on the tiny fixture checkpoint
// and on the project's Nano demo model; faces that cannot be encoded are
// reported on their own while the others are answered; cancelling stops
// only the caller's answers; a KV budget makes faces wait, not fail.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/model/engine.h"
#include "facellava/pipeline/model_tasks.h"
#include "test_support.h"
#include "tiny_checkpoint.h"
#include "tiny_fixture_sizes.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

#ifdef FACELLAVA_HAVE_SPM

FaceFrame synthetic_face(int side, uint8_t shade, bool landmarks = true) {
    FaceFrame frame;
    frame.crop.width = frame.crop.height = side;
    frame.crop.pixels.resize(size_t(side) * side * 3);
    for (size_t i = 0; i < frame.crop.pixels.size(); ++i)
        frame.crop.pixels[i] = uint8_t((i * 7 + shade) % 251);
    if (landmarks) {
        std::array<float, 136> points{};
        for (int i = 0; i < 68; ++i) {
            points[2 * i] = 0.2f + 0.6f * float(i % 17) / 16.0f + 0.01f * float(shade % 5);
            points[2 * i + 1] = 0.2f + 0.6f * float(i / 17) / 4.0f;
        }
        frame.landmarks = points;
    }
    return frame;
}

std::vector<std::string> task_questions(const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const auto& name : names)
        out.push_back(pipeline::find_model_task(name).question);
    return out;
}

FaceQuestions face_questions(std::vector<FaceFrame> frames, bool video,
                             const std::vector<std::string>& questions, int max_tokens) {
    FaceQuestions f;
    f.frames = std::move(frames);
    f.is_video = video;
    f.questions = questions;
    f.settings.max_new_tokens = max_tokens;
    return f;
}

// chat()'s reply to one question about one face: the sequential path.
ChatReply sequential(const FaceLlavaEngine& engine, const FaceQuestions& face, size_t question) {
    ChatRequest request;
    request.frames = face.frames;
    request.is_video = face.is_video;
    request.turns = {{ChatTurn::Role::User, face.questions[question]}};
    request.settings = face.settings;
    return engine.chat(request);
}

void expect_same_answers(const FaceLlavaEngine& engine, const std::vector<FaceQuestions>& faces,
                         const std::vector<FaceAnswers>& got) {
    ASSERT_EQ(got.size(), faces.size());
    for (size_t f = 0; f < faces.size(); ++f) {
        ASSERT_FALSE(got[f].error) << "face " << f << ": " << got[f].error->what();
        ASSERT_EQ(got[f].replies.size(), faces[f].questions.size());
        for (size_t q = 0; q < faces[f].questions.size(); ++q) {
            const ChatReply expected = sequential(engine, faces[f], q);
            EXPECT_EQ(got[f].replies[q].token_ids, expected.token_ids)
                << "face " << f << " q " << q;
            EXPECT_EQ(got[f].replies[q].text, expected.text);
            EXPECT_EQ(got[f].replies[q].stop_reason, expected.stop_reason);
            EXPECT_EQ(got[f].replies[q].prompt_tokens, expected.prompt_tokens);
            EXPECT_EQ(got[f].replies[q].attention.size(), expected.attention.size());
        }
    }
}

TEST(BatchedAnswers, TinyCheckpointGivesChatsGreedyAnswersForEveryFaceAndTask) {
    EngineOptions options;
    options.answer_batch = 4;  // fewer than the sequences: most join mid-flight
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
    const auto& sizes = tiny::fixture_sizes();
    const auto questions =
        task_questions(pipeline::supported_model_task_names(engine->info().tasks));
    ASSERT_GE(questions.size(), 2u);
    std::vector<FaceQuestions> faces;
    for (uint8_t shade : {3, 40, 77})
        faces.push_back(face_questions({synthetic_face(48, shade)}, false, questions, 10));
    faces.push_back(face_questions({synthetic_face(int(sizes.image_size), 9, false)}, false,
                                   questions, 6));  // the plain projector path
    std::vector<FaceFrame> frames;
    for (int64_t t = 0; t < sizes.num_frames; ++t)
        frames.push_back(synthetic_face(40, uint8_t(t * 20)));
    faces.push_back(face_questions(frames, true, {questions.front()}, 8));

    const auto got = engine->ask_faces(faces);
    expect_same_answers(*engine, faces, got);
    const AnswerStats stats = engine->answer_stats();
    EXPECT_EQ(stats.faces, int64_t(faces.size()));  // each face encoded once
    EXPECT_EQ(stats.sequences, int64_t(4 * questions.size() + 1));
    EXPECT_GT(stats.mean_batch, 1.0);
    EXPECT_LE(stats.mean_batch, 4.0);
    EXPECT_GT(stats.peak_kv_bytes, 0);
}

TEST(BatchedAnswers, ConcurrentCallersShareTheBatchAndEachGetsItsOwnAnswers) {
    EngineOptions options;
    options.answer_batch = 8;
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
    const auto questions =
        task_questions(pipeline::supported_model_task_names(engine->info().tasks));
    std::vector<std::vector<FaceQuestions>> calls(3);
    for (size_t c = 0; c < calls.size(); ++c)
        for (int f = 0; f < 2; ++f)
            calls[c].push_back(
                face_questions({synthetic_face(48, uint8_t(10 * c + f))}, false, questions, 8));
    std::vector<std::vector<FaceAnswers>> got(calls.size());
    std::vector<std::thread> threads;
    for (size_t c = 0; c < calls.size(); ++c)
        threads.emplace_back([&, c] { got[c] = engine->ask_faces(calls[c]); });
    for (auto& t : threads)
        t.join();
    for (size_t c = 0; c < calls.size(); ++c)
        expect_same_answers(*engine, calls[c], got[c]);
}

TEST(BatchedAnswers, AFaceThatCannotBeEncodedFailsAloneAndTheOthersAreAnswered) {
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), {});
    const auto questions =
        task_questions(pipeline::supported_model_task_names(engine->info().tasks));
    std::vector<FaceQuestions> faces;
    faces.push_back(face_questions({synthetic_face(48, 1)}, false, questions, 6));
    FaceFrame broken = synthetic_face(48, 2);
    broken.crop.pixels.resize(10);  // fewer bytes than its size says
    faces.push_back(face_questions({broken}, false, questions, 6));
    faces.push_back(face_questions({synthetic_face(48, 3)}, false, questions, 6));
    const auto got = engine->ask_faces(faces);
    ASSERT_EQ(got.size(), 3u);
    ASSERT_TRUE(got[1].error.has_value());
    EXPECT_FALSE(std::string(got[1].error->what()).empty());
    for (const auto& reply : got[1].replies)
        EXPECT_TRUE(reply.token_ids.empty());
    expect_same_answers(*engine, {faces[0], faces[2]}, {got[0], got[2]});
}

TEST(BatchedAnswers, CancelStopsTheCallersAnswersOnly) {
    EngineOptions options;
    options.answer_batch = 2;
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
    const auto questions =
        task_questions(pipeline::supported_model_task_names(engine->info().tasks));
    std::vector<FaceQuestions> faces;
    for (uint8_t shade = 0; shade < 6; ++shade)
        faces.push_back(face_questions({synthetic_face(48, shade)}, false, questions, 12));
    std::atomic<bool> cancel{true};  // set before: nothing of this call is answered
    const auto none = engine->ask_faces(faces, &cancel);
    for (const auto& face : none)
        for (const auto& reply : face.replies) {
            EXPECT_EQ(reply.stop_reason, "cancelled");
            EXPECT_TRUE(reply.text.empty());
        }
    // Another caller's call is unaffected.
    const std::vector<FaceQuestions> one = {faces.front()};
    expect_same_answers(*engine, one, engine->ask_faces(one));
}

TEST(BatchedAnswers, AKvBudgetMakesFacesWaitAndATooSmallOneIsReported) {
    const auto questions = task_questions({pipeline::model_tasks().front().name});
    std::vector<FaceQuestions> faces;
    for (uint8_t shade = 0; shade < 4; ++shade)
        faces.push_back(face_questions({synthetic_face(48, shade)}, false, questions, 6));
    // One face's KV footprint (its prefix and the batch's suffix slots) with
    // no budget; all four faces at once need more.
    EngineOptions options;
    options.answer_batch = 4;
    int64_t one_face = 0, all_faces = 0;
    {
        auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
        engine->ask_faces({faces.front()});
        one_face = engine->answer_stats().peak_kv_bytes;
        ASSERT_GT(one_face, 0);
    }
    {
        auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
        engine->ask_faces(faces);
        all_faces = engine->answer_stats().peak_kv_bytes;
        ASSERT_GT(all_faces, one_face);
    }
    // A budget between the two: the faces take turns and all are answered.
    options.kv_budget_mb = double(one_face + all_faces) / 2.0 / 1048576.0;
    auto engine = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
    const auto got = engine->ask_faces(faces);
    expect_same_answers(*engine, faces, got);
    EXPECT_LE(engine->answer_stats().peak_kv_bytes, (one_face + all_faces) / 2);
    EXPECT_LT(engine->answer_stats().peak_kv_bytes, all_faces);
    EXPECT_DOUBLE_EQ(engine->info().kv_budget_mb, options.kv_budget_mb);
    EXPECT_EQ(engine->info().answer_batch, 4);

    // Under one face's need: each face is refused with the fix, none hangs.
    options.kv_budget_mb = double(one_face) / 2.0 / 1048576.0;
    auto starved = FaceLlavaEngine::load(test::tiny_checkpoint_dir(), options);
    for (const auto& face : starved->ask_faces(faces)) {
        ASSERT_TRUE(face.error.has_value());
        EXPECT_NE(face.error->hint().find("--kv-budget-mb"), std::string::npos);
    }

    EngineOptions bad;
    bad.answer_batch = 0;
    EXPECT_THROW(FaceLlavaEngine::load(test::tiny_checkpoint_dir(), bad), Error);
    bad.answer_batch = 4;
    bad.kv_budget_mb = -1;
    EXPECT_THROW(FaceLlavaEngine::load(test::tiny_checkpoint_dir(), bad), Error);
}

TEST(BatchedAnswers, NanoDemoModelGivesChatsAnswersOnTheDemoPhotos) {
    const std::string nano = test::source_dir() + "/resources/models/facellava-nano";
    const auto photos = AssetLocator::from_environment().demo_photos();
    ASSERT_FALSE(photos.empty());
    auto engine = FaceLlavaEngine::load(nano, {});
    const auto questions =
        task_questions(pipeline::supported_model_task_names(engine->info().tasks));
    ASSERT_FALSE(questions.empty());
    std::vector<FaceQuestions> faces;
    for (const auto& path : photos) {
        FaceFrame frame;
        const ImageRGB image = load_image(path);
        const int side = std::min(image.width, image.height);
        frame.crop.width = frame.crop.height = side;  // the centre square
        frame.crop.pixels.resize(size_t(side) * size_t(side) * 3);
        const int x0 = (image.width - side) / 2, y0 = (image.height - side) / 2;
        for (int y = 0; y < side; ++y)
            std::copy_n(
                image.pixels.begin() + (size_t(y0 + y) * size_t(image.width) + size_t(x0)) * 3,
                size_t(side) * 3, frame.crop.pixels.begin() + size_t(y) * size_t(side) * 3);
        frame.landmarks = synthetic_face(8, 0).landmarks;
        faces.push_back(face_questions({frame}, false, questions, 24));
    }
    expect_same_answers(*engine, faces, engine->ask_faces(faces));
}

#endif  // FACELLAVA_HAVE_SPM

}  // namespace
}  // namespace facellava::model
