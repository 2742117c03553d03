// Face-LLaVA's answers in the batch pipeline (pipeline/face_answers.h) with
// the Nano demo checkpoint on the demo photos and the generated video: the
// batched path (every face of a photo, or of a group of video frames, in one
// ask_faces call) writes the answer and label columns the sequential path
// (one chat() per face and task) writes, row for row, and both are chat()'s
// answers for each face's crop, computed apart; a file cancelled after
// its first face leaves no rows behind and a rerun gives the uninterrupted
// CSV; metadata.json records how the questions were put; a face the engine
// cannot answer fails its file (errors.csv) while the others complete.
#include <gtest/gtest.h>

#if defined(FACELLAVA_HAVE_MEDIA) && defined(FACELLAVA_HAVE_SPM)

#include <atomic>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/json_text.h"
#include "facellava/core/media.h"
#include "facellava/core/paths.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/face_answers.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/media_analyzer.h"
#include "facellava/pipeline/model_tasks.h"
#include "pipeline_test_data.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;
using test_data::batch_input_dir;

std::string nano_dir() {
    return test::source_dir() + "/resources/models/facellava-nano";
}

// Nano's own tasks (expression, age), short answers: enough to tell paths apart.
AnalysisOptions nano_options(bool sequential) {
    AnalysisOptions options;
    options.tasks = supported_model_task_names(model::read_trained_tasks(nano_dir()));
    options.max_new_tokens = 24;
    options.sequential_answers = sequential;
    return options;
}

const AnalysisModels& nano_models() {
    static const AnalysisModels models =
        load_analysis_models(nano_options(false), AssetLocator::from_environment(), nano_dir());
    return models;
}

// Nano with a KV budget under what one face's answers need.
AnalysisModels starved_nano_models() {
    model::EngineOptions engine;
    engine.kv_budget_mb = 0.001;
    return load_analysis_models(nano_options(false), AssetLocator::from_environment(), nano_dir(),
                                engine);
}

BatchOptions batch_options(const std::string& output_dir, bool sequential) {
    BatchOptions options;
    options.input = batch_input_dir();
    options.output_dir = output_dir;
    options.analysis = nano_options(sequential);
    return options;
}

// A whole run of the input folder, by one path or the other, done once.
struct AnswersRun {
    std::string dir;
    BatchResult result;
    std::string faces_csv;
};

const AnswersRun& full_run(bool sequential) {
    static const auto run = [](bool seq) {
        AnswersRun r;
        r.dir = test::make_temp_dir(seq ? "answers-seq" : "answers-batched");
        r.result = run_batch(batch_options(r.dir, seq), nano_models());
        r.faces_csv = read_file(r.dir + "/faces.csv");
        return r;
    };
    static const AnswersRun batched = run(false);
    static const AnswersRun one_by_one = run(true);
    return sequential ? one_by_one : batched;
}

// The reference, computed apart from the pipeline's answer code: every face
// the analysis without tasks finds in `name` (a photo or the video), cropped
// the authors' way (FACELLAVA_SPEC §6) and asked each task by engine.chat().
// Keyed "input/frame/face_id".
void add_chat_answers(const std::string& name,
                      std::map<std::string, std::vector<std::string>>& out) {
    AnalysisOptions perception_only = nano_options(false);
    perception_only.tasks.clear();
    MediaAnalyzer analyzer(nano_models(), perception_only);
    std::vector<FaceRecord> faces;
    AnalysisCallbacks callbacks;
    callbacks.on_face = [&](const FaceRecord& r) { faces.push_back(r); };
    const std::string path = batch_input_dir() + "/" + name;
    analyzer.analyze_file(path, callbacks);
    std::map<int64_t, ImageRGB> frames;
    if (name == "video.mp4") {
        VideoReader reader(path);
        ImageRGB frame;
        int64_t index = 0;
        double timestamp_s = 0;
        while (reader.next(frame, index, timestamp_s))
            frames[index] = frame;
    } else {
        frames[0] = load_image(path);
    }
    const AnalysisOptions options = nano_options(false);
    for (const auto& face : faces) {
        if (!face.success)
            continue;
        const FaceCrop crop = crop_face_square(frames.at(face.frame), face.box, 256);
        model::ChatRequest request;
        request.frames = {{crop.image, landmarks_in_crop_normalised(face.landmarks, crop)}};
        request.settings.max_new_tokens = options.max_new_tokens;
        auto& answers =
            out[name + "/" + std::to_string(face.frame) + "/" + std::to_string(face.face_id)];
        for (const auto& task : options.tasks) {
            request.turns = {{model::ChatTurn::Role::User, find_model_task(task).question}};
            answers.push_back(nano_models().engine->chat(request).text);
        }
    }
}

TEST(PipelineAnswers, BatchedAndSequentialAnswersAreEachFacesChatAnswers) {
    const AnswersRun& batched = full_run(false);
    const AnswersRun& sequential = full_run(true);
    ASSERT_FALSE(batched.result.cancelled);
    ASSERT_FALSE(sequential.result.cancelled);
    const CsvTable a = parse_csv(batched.faces_csv, batched.dir);
    const CsvTable b = parse_csv(sequential.faces_csv, sequential.dir);
    ASSERT_EQ(a.header, b.header);
    ASSERT_EQ(a.rows.size(), b.rows.size());
    const std::vector<std::string> tasks = nano_options(false).tasks;
    ASSERT_EQ(tasks, (std::vector<std::string>{"expression", "age"}));
    std::vector<int> answer_columns;
    for (const auto& task : tasks) {
        answer_columns.push_back(a.column("llava_" + task));
        answer_columns.push_back(a.column("llava_" + task + "_label"));
    }
    const int input = a.column("input"), frame = a.column("frame"), id = a.column("face_id"),
              success = a.column("success");
    std::map<std::string, std::vector<std::string>> reference;
    // The demo photos (whatever the package holds) and the generated video.
    for (const auto& photo : AssetLocator::from_environment().demo_photos())
        add_chat_answers(fs::path(photo).filename().string(), reference);
    add_chat_answers("video.mp4", reference);
    int64_t answered = 0, videos = 0;
    for (size_t r = 0; r < a.rows.size(); ++r) {
        const auto& x = a.rows[r];
        const auto& y = b.rows[r];
        ASSERT_EQ(x[size_t(input)], y[size_t(input)]) << "row " << r;
        ASSERT_EQ(x[size_t(frame)], y[size_t(frame)]) << "row " << r;
        ASSERT_EQ(x[size_t(id)], y[size_t(id)]) << "row " << r;
        for (const int c : answer_columns)
            EXPECT_EQ(x[size_t(c)], y[size_t(c)]) << "row " << r << " " << a.header[size_t(c)];
        if (x[size_t(success)] == "1") {
            // The face's own answers: chat()'s for its crop.
            const std::string key = x[size_t(input)] + "/" + x[size_t(frame)] + "/" + x[size_t(id)];
            ASSERT_EQ(reference.count(key), 1u) << key;
            for (size_t t = 0; t < tasks.size(); ++t) {
                const std::string& expected = reference.at(key)[t];
                EXPECT_FALSE(expected.empty()) << key;
                EXPECT_EQ(x[size_t(answer_columns[2 * t])], expected) << key << " " << tasks[t];
                // The parser's label, in faces.csv's (default, face-api's) expression names.
                const std::string label = find_model_task(tasks[t]).label(expected);
                EXPECT_EQ(x[size_t(answer_columns[2 * t + 1])],
                          tasks[t] == "expression"
                              ? expression_label_as(label, ExpressionNames::FaceApi)
                              : label)
                    << key << " " << tasks[t];
            }
            ++answered;
            videos += x[size_t(input)] == "video.mp4" ? 1 : 0;
        }
    }
    // Every face chat() was asked about has its row, the video's too.
    int64_t video_faces = 0;
    for (const auto& item : reference)
        video_faces += item.first.rfind("video.mp4/", 0) == 0 ? 1 : 0;
    EXPECT_EQ(answered, int64_t(reference.size()));
    EXPECT_EQ(videos, video_faces);
    // Nothing else differs either: the same file.
    EXPECT_EQ(batched.faces_csv, sequential.faces_csv);
}

TEST(PipelineAnswers, MetadataRecordsHowTheQuestionsWerePut) {
    for (const bool sequential : {false, true}) {
        const AnswersRun& run = full_run(sequential);
        const auto meta = nlohmann::json::parse(read_file(run.dir + "/metadata.json"));
        ASSERT_TRUE(meta.contains("answering")) << meta.dump();
        const auto& answering = meta["answering"];
        EXPECT_EQ(answering["answer_batch"], model::EngineOptions{}.answer_batch);
        EXPECT_EQ(answering["kv_budget_mb"], 0.0);
        EXPECT_EQ(answering["sequential_answers"], sequential);
        // Speed only: not part of the settings a resumed job must match.
        EXPECT_FALSE(meta["settings"].contains("sequential_answers"));
        EXPECT_FALSE(meta["settings"].contains("answer_batch"));
    }
    const std::string dir = test::make_temp_dir("answers-none");
    BatchOptions options = batch_options(dir, false);
    options.analysis.tasks.clear();
    run_batch(options, test_data::default_models());
    EXPECT_TRUE(nlohmann::json::parse(read_file(dir + "/metadata.json"))["answering"].is_null());
}

TEST(PipelineAnswers, AVideoCancelledAfterItsFirstFaceStopsThereWithWholeAnswers) {
    MediaAnalyzer analyzer(nano_models(), nano_options(false));
    std::atomic<bool> cancel{false};
    std::vector<FaceRecord> rows;
    AnalysisCallbacks callbacks;
    callbacks.cancel = &cancel;
    callbacks.on_face = [&](const FaceRecord& record) {
        rows.push_back(record);
        cancel = true;
    };
    const MediaSummary summary = analyzer.analyze_file(batch_input_dir() + "/video.mp4", callbacks);
    EXPECT_TRUE(summary.cancelled);
    ASSERT_FALSE(rows.empty());
    // The frame under way is given whole (its answers were in before the
    // flag); no later frame is.
    for (const auto& row : rows) {
        EXPECT_EQ(row.frame, 0);
        ASSERT_EQ(row.answers.size(), 2u);
        EXPECT_FALSE(row.answers[0].answer.empty());
    }
    EXPECT_EQ(summary.frames_analysed, 1);
}

TEST(PipelineAnswers, ACancelledFileLeavesNoRowsAndARerunGivesTheWholeCsv) {
    const std::string dir = test::make_temp_dir("answers-cancel");
    std::atomic<bool> cancel{false};
    BatchCallbacks callbacks;
    callbacks.cancel = &cancel;
    int64_t frames_before_video = -1;
    callbacks.on_progress = [&](const BatchProgress& p) {
        if (p.current != "video.mp4")
            return;
        if (frames_before_video < 0)
            frames_before_video = p.frames_analysed;  // the video has started
        else if (p.frames_analysed > frames_before_video)
            cancel = true;  // after the video's first frame, its faces on faces.csv's way
    };
    const BatchResult cut = run_batch(batch_options(dir, false), nano_models(), callbacks);
    ASSERT_TRUE(cut.cancelled);
    EXPECT_FALSE(fs::exists(dir + "/faces.csv"));
    for (const auto& file : cut.files)
        if (file.input.relative == "video.mp4") {
            EXPECT_EQ(file.status, FileStatus::NotDone);
        }

    const BatchResult rest = run_batch(batch_options(dir, false), nano_models());
    EXPECT_FALSE(rest.cancelled);
    EXPECT_EQ(rest.analysed, 1u);  // the video alone
    EXPECT_EQ(read_file(dir + "/faces.csv"), full_run(false).faces_csv);
}

TEST(PipelineAnswers, AFaceTheEngineCannotAnswerFailsItsFileAndTheOthersComplete) {
    // A real way to get there: a KV budget under what one face needs
    // (--kv-budget-mb); a photo without faces asks nothing and completes.
    // A demo photo in which the detector finds a face (chat() answered it).
    std::string photo;
    for (const auto& path : AssetLocator::from_environment().demo_photos()) {
        std::map<std::string, std::vector<std::string>> answers;
        add_chat_answers(fs::path(path).filename().string(), answers);
        if (!answers.empty()) {
            photo = fs::path(path).filename().string();
            break;
        }
    }
    ASSERT_FALSE(photo.empty()) << "no demo photo shows a face";
    const std::string in = test::make_temp_dir("answers-kv-in");
    fs::copy_file(batch_input_dir() + "/" + photo, in + "/" + photo);
    ImageRGB blank;
    blank.width = 320;
    blank.height = 240;
    blank.pixels.assign(size_t(blank.width) * size_t(blank.height) * 3, 128);
    save_image_png(blank, in + "/blank.png");
    const std::string out = test::make_temp_dir("answers-kv-out");
    BatchOptions options = batch_options(out, false);
    options.input = in;
    const BatchResult result = run_batch(options, starved_nano_models());
    EXPECT_FALSE(result.cancelled);
    ASSERT_EQ(result.files.size(), 2u);
    // In the job's (sorted) order, whichever name comes first.
    const bool blank_first = result.files[0].input.relative == "blank.png";
    const auto& blank_file = result.files[blank_first ? 0 : 1];
    const auto& face_file = result.files[blank_first ? 1 : 0];
    EXPECT_EQ(blank_file.input.relative, "blank.png");
    EXPECT_EQ(blank_file.status, FileStatus::Analysed);
    EXPECT_EQ(blank_file.rows, 1);
    EXPECT_EQ(face_file.input.relative, photo);
    EXPECT_EQ(face_file.status, FileStatus::Failed);
    EXPECT_NE(face_file.error.find("Face-LLaVA could not answer the questions about face "),
              std::string::npos)
        << face_file.error;
    EXPECT_NE(face_file.error.find("KV cache"), std::string::npos) << face_file.error;
    EXPECT_NE(face_file.hint.find("--kv-budget-mb"), std::string::npos);
    const CsvTable errors = read_csv_file(out + "/errors.csv");
    ASSERT_EQ(errors.rows.size(), 1u);
    EXPECT_EQ(errors.rows[0][size_t(errors.column("file"))], photo);
    EXPECT_EQ(errors.rows[0][size_t(errors.column("error"))], face_file.error);
    const CsvTable faces = read_csv_file(out + "/faces.csv");
    ASSERT_EQ(faces.rows.size(), 1u);
    EXPECT_EQ(faces.rows[0][size_t(faces.column("input"))], "blank.png");
}

TEST(PipelineAnswers, ACropTheEngineCannotEncodeIsNamedWithTheEnginesMessage) {
    // No real file gives a crop that does not encode (crop_face_square always
    // gives a whole image), so this one is made by hand: fewer bytes than
    // its size says.
    model::FaceFrame good;
    good.crop.width = good.crop.height = 64;
    good.crop.pixels.assign(size_t(64 * 64 * 3), 90);
    model::FaceFrame broken = good;
    broken.crop.pixels.resize(10);
    const auto& engine = *nano_models().engine;
    model::FaceQuestions direct;
    direct.frames = {broken};
    direct.questions = {find_model_task("expression").question};
    const auto expected = engine.ask_faces({direct});
    ASSERT_TRUE(expected.at(0).error.has_value());
    try {
        answer_model_tasks(engine, {good, broken}, nano_options(false), nullptr,
                           [](size_t i) { return "the face #" + std::to_string(i); });
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.brief(), "Face-LLaVA could not answer the questions about the face #1: " +
                                 expected[0].error->brief());
        EXPECT_EQ(e.hint(), expected[0].error->hint());
    }
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA && FACELLAVA_HAVE_SPM
