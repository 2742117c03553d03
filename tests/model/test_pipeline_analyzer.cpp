// One file at a time: faces of a photo with every quantity filled, stable ids
// and exact timestamps across a generated video, frame skipping, dlib as
// detector and landmarker, max faces, cancellation, broken files, and
// Face-LLaVA's answers with the tiny fixture checkpoint.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <set>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/media_analyzer.h"
#include "pipeline_test_data.h"
#include "tiny_checkpoint.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;
using test_data::batch_input_dir;
using test_data::default_models;

std::vector<FaceRecord> analyze(MediaAnalyzer& analyzer, const std::string& path,
                                MediaSummary* summary = nullptr,
                                const std::atomic<bool>* cancel = nullptr,
                                std::function<void(int64_t, int64_t)> on_frame = {}) {
    std::vector<FaceRecord> records;
    AnalysisCallbacks callbacks;
    callbacks.on_face = [&](const FaceRecord& r) { records.push_back(r); };
    callbacks.on_frame = std::move(on_frame);
    callbacks.cancel = cancel;
    const MediaSummary s = analyzer.analyze_file(path, callbacks);
    if (summary)
        *summary = s;
    return records;
}

std::string input(const std::string& name) {
    return batch_input_dir() + "/" + name;
}

TEST(PipelineAnalyzer, PhotoFacesHaveEveryQuantity) {
    MediaAnalyzer analyzer(default_models(), {});
    MediaSummary summary;
    const auto faces = analyze(analyzer, input("sample1.jpg"), &summary);
    ASSERT_GE(faces.size(), 2u);
    EXPECT_EQ(summary.kind, MediaKind::Image);
    EXPECT_EQ(summary.frames_analysed, 1);
    EXPECT_EQ(summary.faces, int64_t(faces.size()));
    for (size_t i = 0; i < faces.size(); ++i) {
        const FaceRecord& f = faces[i];
        EXPECT_TRUE(f.success);
        EXPECT_EQ(f.face_id, int(i));  // sorted by id, ids 0 … n−1
        EXPECT_EQ(f.frame, 0);
        EXPECT_GT(f.confidence, 0.5f);
        EXPECT_LT(f.confidence, 1.0f);
        // The landmarks lie around the box (the jaw may reach a little past it).
        const float cx = f.landmarks.x(30), cy = f.landmarks.y(30);  // nose tip
        EXPECT_GT(cx, f.box.x);
        EXPECT_LT(cx, f.box.x + f.box.w);
        EXPECT_GT(cy, f.box.y);
        EXPECT_LT(cy, f.box.y + f.box.h);
        ASSERT_TRUE(f.pose.has_value());
        EXPECT_LT(std::abs(f.pose->yaw), 60.0);
        ASSERT_TRUE(f.geometry.has_value());
        EXPECT_GT(f.geometry->right_eye_aspect_ratio, 0.05);
        EXPECT_NEAR(std::accumulate(f.expression.begin(), f.expression.end(), 0.0), 1.0, 1e-4);
        EXPECT_GT(f.age, 5.0f);
        EXPECT_LT(f.age, 90.0f);
        EXPECT_TRUE(f.gender == "male" || f.gender == "female") << f.gender;
        EXPECT_GE(f.gender_probability, 0.5f);
        EXPECT_TRUE(f.answers.empty());
    }
    // A new face gets its id in box order (left to right): ids follow x.
    for (size_t i = 1; i < faces.size(); ++i)
        EXPECT_LE(faces[i - 1].box.x, faces[i].box.x);
}

TEST(PipelineAnalyzer, VideoKeepsFaceIdsAndExactTimestamps) {
    MediaAnalyzer analyzer(default_models(), {});
    MediaSummary summary;
    const auto records = analyze(analyzer, input("video.mp4"), &summary);
    EXPECT_EQ(summary.kind, MediaKind::Video);
    EXPECT_EQ(summary.frame_count, test_data::kBatchVideoFrames);
    EXPECT_EQ(summary.frames_analysed, test_data::kBatchVideoFrames);
    EXPECT_TRUE(summary.warning.empty()) << summary.warning;
    std::map<int64_t, std::set<int>> ids_by_frame;
    int64_t last_frame = -1;
    for (const auto& r : records) {
        ASSERT_GE(r.frame, last_frame);  // frame order
        last_frame = r.frame;
        EXPECT_DOUBLE_EQ(r.timestamp_s, double(r.frame) / test_data::kVideoFps);
        if (r.success)
            ids_by_frame[r.frame].insert(r.face_id);
    }
    ASSERT_EQ(ids_by_frame.size(), size_t(test_data::kBatchVideoFrames));
    const std::set<int>& first = ids_by_frame.begin()->second;
    EXPECT_GE(first.size(), 2u);
    // The faces drift 1 px a frame: the same ids from the first frame to the last.
    for (const auto& [frame, ids] : ids_by_frame)
        EXPECT_EQ(ids, first) << "frame " << frame;
    EXPECT_EQ(summary.face_ids, int(first.size()));
}

// analyze_frame() (the workbench's per-frame path) on frames the caller
// decodes, with one tracker, gives the rows analyze_file() gives the video:
// the same ids, frames and timestamps, and the same faces.
TEST(PipelineAnalyzer, FramesAnalysedOneByOneGetTheFileIds) {
    MediaAnalyzer analyzer(default_models(), {});
    const auto from_file = analyze(analyzer, input("video.mp4"));
    VideoReader reader(input("video.mp4"));
    FaceTracker tracker(analyzer.options().tracker);
    std::vector<FaceRecord> one_by_one;
    ImageRGB frame;
    int64_t index = 0;
    double timestamp_s = 0;
    while (reader.next(frame, index, timestamp_s))
        for (auto& record : analyzer.analyze_frame(frame, index, timestamp_s, tracker))
            one_by_one.push_back(std::move(record));
    ASSERT_EQ(one_by_one.size(), from_file.size());
    for (size_t i = 0; i < from_file.size(); ++i) {
        const FaceRecord& a = one_by_one[i];
        const FaceRecord& b = from_file[i];
        EXPECT_EQ(a.frame, b.frame) << "row " << i;
        EXPECT_EQ(a.face_id, b.face_id) << "row " << i;
        EXPECT_EQ(a.success, b.success) << "row " << i;
        EXPECT_DOUBLE_EQ(a.timestamp_s, b.timestamp_s) << "row " << i;
        // The file goes through the frame workers, equal within float rounding.
        EXPECT_NEAR(a.box.x, b.box.x, 1e-3) << "row " << i;
        EXPECT_NEAR(a.box.w, b.box.w, 1e-3) << "row " << i;
        EXPECT_NEAR(a.landmarks.x(30), b.landmarks.x(30), 1e-3) << "row " << i;
        EXPECT_NEAR(a.confidence, b.confidence, 1e-5) << "row " << i;
    }
    EXPECT_GE(tracker.next_id(), 2);
}

TEST(PipelineAnalyzer, EveryNthFrameAndTargetFps) {
    AnalysisOptions options;
    options.every_nth_frame = 3;
    MediaAnalyzer every_third(default_models(), options);
    std::set<int64_t> frames;
    for (const auto& r : analyze(every_third, input("video.mp4")))
        frames.insert(r.frame);
    EXPECT_EQ(frames, (std::set<int64_t>{0, 3, 6, 9}));

    options = {};
    options.target_fps = 5.0;  // 25 fps video: every fifth frame
    MediaAnalyzer five_fps(default_models(), options);
    frames.clear();
    std::vector<double> stamps;
    for (const auto& r : analyze(five_fps, input("video.mp4"))) {
        frames.insert(r.frame);
        stamps.push_back(r.timestamp_s);
    }
    EXPECT_EQ(frames, (std::set<int64_t>{0, 5}));
    EXPECT_DOUBLE_EQ(stamps.back(), 0.2);
}

TEST(PipelineAnalyzer, DlibDetectorAndLandmarks) {
    AnalysisOptions options;
    options.detector = DetectorKind::DlibHog;
    options.landmarks = LandmarkKind::Dlib68;
    const AnalysisModels models = load_analysis_models(options, AssetLocator::from_environment());
    bool has_predictor = false;
    for (const auto& file : models.files)
        has_predictor = has_predictor || file.role == "dlib 68-point shape predictor";
    EXPECT_TRUE(has_predictor);
    MediaAnalyzer analyzer(models, options);
    const auto faces = analyze(analyzer, input("sample2.jpg"));
    ASSERT_EQ(faces.size(), 1u);
    EXPECT_TRUE(faces[0].success);
    EXPECT_GT(faces[0].confidence, 0.5f);  // logistic of a positive SVM margin
    // dlib's points are whole pixels.
    EXPECT_EQ(faces[0].landmarks.x(8), std::round(faces[0].landmarks.x(8)));
}

TEST(PipelineAnalyzer, MaxFacesKeepsTheLargest) {
    MediaAnalyzer all(default_models(), {});
    const auto every_face = analyze(all, input("sample5.jpg"));
    ASSERT_GE(every_face.size(), 2u);
    AnalysisOptions options;
    options.max_faces = 1;
    MediaAnalyzer one(default_models(), options);
    const auto largest = analyze(one, input("sample5.jpg"));
    ASSERT_EQ(largest.size(), 1u);
    for (const auto& f : every_face)
        EXPECT_LE(f.box.w * f.box.h, largest[0].box.w * largest[0].box.h);
}

TEST(PipelineAnalyzer, CancelStopsAVideoAfterTheCurrentFrame) {
    MediaAnalyzer analyzer(default_models(), {});
    std::atomic<bool> cancel{false};
    MediaSummary summary;
    analyze(analyzer, input("video.mp4"), &summary, &cancel,
            [&](int64_t done, int64_t) { cancel = done >= 3; });
    EXPECT_TRUE(summary.cancelled);
    EXPECT_EQ(summary.frames_analysed, 3);
}

TEST(PipelineAnalyzer, BrokenFilesThrowErrorsNamingThem) {
    MediaAnalyzer analyzer(default_models(), {});
    for (const auto& name : test_data::broken_names()) {
        try {
            analyze(analyzer, input(name));
            ADD_FAILURE() << name << " was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), input(name)) << e.what();
            EXPECT_FALSE(e.hint().empty()) << e.what();
        }
    }
}

TEST(PipelineAnalyzer, TruncatedVideoKeepsItsFirstFramesAndWarns) {
    // Index at the front (faststart), so the cut file still opens.
    const std::string dir = test::make_temp_dir("truncated");
    const std::string whole = dir + "/whole.mp4";
    {
        const ImageRGB photo = load_image(input("sample2.jpg"));
        const ImageRGB small = resize_image(photo, 320, 228, Interpolation::Area);
        VideoWriterOptions options;
        options.format_options = {{"movflags", "+faststart"}};
        VideoWriter writer(whole, 320, 228, options);
        for (int i = 0; i < 20; ++i)
            writer.write(small);
        writer.finish();
    }
    const std::string bytes = read_file(whole);
    const std::string cut = dir + "/cut.mp4";
    std::ofstream(cut, std::ios::binary) << bytes.substr(0, bytes.size() * 3 / 5);

    MediaAnalyzer analyzer(default_models(), {});
    MediaSummary summary;
    const auto records = analyze(analyzer, cut, &summary);
    EXPECT_GT(summary.frames_analysed, 0);
    EXPECT_LT(summary.frames_analysed, 20);
    EXPECT_FALSE(summary.warning.empty());
    EXPECT_FALSE(records.empty());
}

TEST(PipelineAnalyzer, JsonCarriesTheCsvQuantities) {
    MediaAnalyzer analyzer(default_models(), {});
    const auto faces = analyze(analyzer, input("sample2.jpg"));
    ASSERT_FALSE(faces.empty());
    const auto json = face_record_json(faces[0], {});
    for (const char* key :
         {"frame", "timestamp", "face_id", "success", "confidence", "box", "landmarks", "pose",
          "geometry", "expression", "age", "gender", "gender_probability"})
        EXPECT_TRUE(json.contains(key)) << key;
    EXPECT_EQ(json["landmarks"].size(), 68u);
    EXPECT_EQ(json["expression"].size(), 7u);
    EXPECT_FALSE(json.contains("answers"));
    FaceRecord none;
    EXPECT_EQ(face_record_json(none, {}).dump(),
              "{\"frame\":0,\"timestamp\":0.0,\"face_id\":-1,\"success\":false}");
}

#ifdef FACELLAVA_HAVE_SPM  // the engine needs the tokenizer shim

TEST(PipelineAnalyzer, CheckpointAnswersEveryTaskForEveryFace) {
    AnalysisOptions options;
    options.tasks = {"expression", "age"};
    options.max_new_tokens = 6;
    const AnalysisModels models = load_analysis_models(options, AssetLocator::from_environment(),
                                                       test::tiny_checkpoint_dir());
    ASSERT_TRUE(models.engine);
    EXPECT_EQ(std::count_if(models.files.begin(), models.files.end(),
                            [](const ModelFile& f) { return f.role == "Face-LLaVA checkpoint"; }),
              5);
    MediaAnalyzer analyzer(models, options);
    const auto faces = analyze(analyzer, input("sample2.jpg"));
    ASSERT_EQ(faces.size(), 1u);
    ASSERT_EQ(faces[0].answers.size(), 2u);
    // Greedy decoding: the same answers again.
    const auto again = analyze(analyzer, input("sample2.jpg"));
    EXPECT_EQ(again[0].answers[0].answer, faces[0].answers[0].answer);
    EXPECT_EQ(again[0].answers[1].answer, faces[0].answers[1].answer);
    std::string row;
    append_face_csv_row(row, faces[0], options.tasks, options.output, "sample2.jpg");
    const std::string header = face_csv_header(options.tasks);
    const CsvTable table = parse_csv(header + row);
    ASSERT_EQ(table.rows.size(), 1u);
    EXPECT_EQ(table.rows[0][size_t(table.column("llava_age"))], faces[0].answers[1].answer);
    EXPECT_TRUE(face_record_json(faces[0], options.tasks)["answers"].contains("age"));
}

#endif  // FACELLAVA_HAVE_SPM

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
