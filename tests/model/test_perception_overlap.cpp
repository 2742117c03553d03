// The overlapped perception pipeline (frames decoded ahead on their own
// thread, faces of several frames batched through face-api's nets, frames
// analysed at once on worker threads) against
// the serial detect-then-nets path: the same faces, ids and timestamps, the
// numbers within float rounding; cancellation, progress and decode errors as
// before; and the frame prefetcher's queue on its own.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <fstream>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>

#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "facellava/pipeline/media_analyzer.h"
#include "frame_faces.h"
#include "frame_prefetch.h"
#include "parallel_frame_faces.h"
#include "pipeline_test_data.h"

namespace facellava::pipeline {
namespace {
using test_data::default_models;

// Float rounding of batched kernels (another summation order): far below a
// pixel, a year or a percent.
constexpr double kPixelTolerance = 0.05;
constexpr double kProbabilityTolerance = 1e-3;
constexpr double kAgeTolerance = 0.05;

AnalysisOptions serial_options() {
    AnalysisOptions options;
    options.prefetch_frames = 0;
    options.batch_frames = 1;
    options.frame_workers = 1;
    return options;
}

// Decoding ahead, 2 workers of 4 frames per batch (23 frames: a short last
// group, a short last batch). Fixed counts, not auto, so every machine runs
// the same split.
AnalysisOptions overlapped_options() {
    AnalysisOptions options;
    options.prefetch_frames = 4;
    options.batch_frames = 4;
    options.frame_workers = 2;
    return options;
}

void expect_same_face(const FaceRecord& a, const FaceRecord& b, const std::string& where) {
    SCOPED_TRACE(where);
    ASSERT_EQ(a.success, b.success);
    EXPECT_EQ(a.frame, b.frame);
    EXPECT_EQ(a.timestamp_s, b.timestamp_s);
    EXPECT_EQ(a.face_id, b.face_id);
    if (!a.success)
        return;
    EXPECT_NEAR(a.box.x, b.box.x, kPixelTolerance);
    EXPECT_NEAR(a.box.y, b.box.y, kPixelTolerance);
    EXPECT_NEAR(a.box.w, b.box.w, kPixelTolerance);
    EXPECT_NEAR(a.box.h, b.box.h, kPixelTolerance);
    EXPECT_NEAR(a.confidence, b.confidence, kProbabilityTolerance);
    for (size_t k = 0; k < a.landmarks.xy.size(); ++k)
        EXPECT_NEAR(a.landmarks.xy[k], b.landmarks.xy[k], kPixelTolerance) << "landmark " << k;
    for (size_t k = 0; k < a.expression.size(); ++k)
        EXPECT_NEAR(a.expression[k], b.expression[k], kProbabilityTolerance) << "expression " << k;
    EXPECT_NEAR(a.age, b.age, kAgeTolerance);
    EXPECT_EQ(a.gender, b.gender);
    EXPECT_NEAR(a.gender_probability, b.gender_probability, kProbabilityTolerance);
    EXPECT_EQ(a.pose.has_value(), b.pose.has_value());
    EXPECT_EQ(a.geometry.has_value(), b.geometry.has_value());
}

struct Analysed {
    std::vector<FaceRecord> records;
    std::vector<int64_t> progress;
    MediaSummary summary;
};

Analysed analyse(const AnalysisOptions& options, const std::string& path,
                 const std::atomic<bool>* cancel = nullptr,
                 const std::function<void(int64_t)>& after_frame = {}) {
    MediaAnalyzer analyzer(default_models(), options);
    Analysed out;
    AnalysisCallbacks callbacks;
    callbacks.on_face = [&](const FaceRecord& r) { out.records.push_back(r); };
    callbacks.on_frame = [&](int64_t done, int64_t total) {
        out.progress.push_back(done);
        EXPECT_GE(total, done);
        if (after_frame)
            after_frame(done);
    };
    callbacks.cancel = cancel;
    out.summary = analyzer.analyze_file(path, callbacks);
    return out;
}

const std::string& pan_video() {
    static const std::string path = [] {
        const std::string p = facellava::test::make_temp_dir("overlap") + "/pan.mp4";
        test_data::write_pan_video(p, 23);  // not a multiple of the batch: a short last group
        return p;
    }();
    return path;
}

// The demo photos, decoded, and pointers to them as run_batch() takes them.
struct DemoPhotos {
    std::vector<ImageRGB> images;
    std::vector<const ImageRGB*> frames;
    DemoPhotos() {
        for (const auto& path : AssetLocator::from_environment().demo_photos())
            images.push_back(load_image(path));
        for (const auto& image : images)
            frames.push_back(&image);
    }
};

// `found` (faces per photo) against `faces.run()` on each photo alone; returns
// the number of faces.
size_t expect_same_as_one_by_one(const std::vector<std::vector<FaceRecord>>& found,
                                 FrameFaces& faces, const DemoPhotos& photos) {
    EXPECT_EQ(found.size(), photos.images.size());
    size_t total = 0;
    for (size_t i = 0; i < photos.images.size() && i < found.size(); ++i) {
        const auto single = faces.run(photos.images[i]);
        EXPECT_EQ(found[i].size(), single.size()) << "photo " << i;
        for (size_t f = 0; f < single.size() && f < found[i].size(); ++f)
            expect_same_face(found[i][f], single[f],
                             "photo " + std::to_string(i) + " face " + std::to_string(f));
        total += single.size();
    }
    return total;
}

TEST(PerceptionOverlap, BatchedPhotosEqualOneByOne) {
    const AnalysisOptions options = overlapped_options();
    FrameFaces faces(default_models(), options);
    const DemoPhotos photos;
    const size_t total = expect_same_as_one_by_one(faces.run_batch(photos.frames), faces, photos);
    EXPECT_GE(total, photos.images.size());  // every demo photo shows at least one face
}

TEST(PerceptionOverlap, PhotosOnWorkersEqualOneByOne) {
    AnalysisOptions options = serial_options();
    options.frame_workers = 3;
    ParallelFrameFaces parallel(default_models(), options);
    ASSERT_EQ(parallel.workers(), 3);
    const AnalysisOptions serial = serial_options();  // FrameFaces keeps a reference
    FrameFaces faces(default_models(), serial);
    const DemoPhotos photos;
    const size_t total =
        expect_same_as_one_by_one(parallel.run_batch(photos.frames), faces, photos);
    EXPECT_GE(total, photos.images.size());
}

TEST(PerceptionOverlap, PhotosDecodedByTheWorkersEqualOneByOne) {
    AnalysisOptions options = serial_options();
    options.frame_workers = 2;
    ParallelFrameFaces parallel(default_models(), options);
    const AnalysisOptions serial = serial_options();  // FrameFaces keeps a reference
    FrameFaces faces(default_models(), serial);
    const DemoPhotos photos;
    std::vector<std::atomic<int>> loads(photos.images.size());
    std::mutex mutex;
    std::condition_variable both_loading;
    std::set<std::thread::id> loaders;
    const auto found = parallel.run_each(photos.images.size(), [&](size_t i) {
        ++loads[i];
        std::unique_lock<std::mutex> lock(mutex);
        loaders.insert(std::this_thread::get_id());
        both_loading.notify_all();
        // The first load waits for the other worker to load one too, so the
        // check below does not depend on how the threads are scheduled.
        both_loading.wait_for(lock, std::chrono::seconds(20), [&] { return loaders.size() >= 2; });
        return photos.images[i];
    });
    for (size_t i = 0; i < loads.size(); ++i)
        EXPECT_EQ(loads[i].load(), 1) << "photo " << i;
    EXPECT_EQ(loaders.size(), 2u);  // decoding is spread over the workers
    EXPECT_GE(expect_same_as_one_by_one(found, faces, photos), photos.images.size());
    // An error in a load reaches the caller.
    EXPECT_THROW(parallel.run_each(3,
                                   [](size_t i) -> ImageRGB {
                                       if (i == 1)
                                           throw Error("cannot decode", "b.jpg", "re-export it");
                                       return ImageRGB{};
                                   }),
                 Error);
}

TEST(PerceptionOverlap, AutoWorkersFollowTheCoresPerTorchThread) {
    AnalysisOptions options;
    options.frame_workers = 3;
    EXPECT_EQ(resolved_frame_workers(options), 3);
    options.frame_workers = 0;
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    const int threads = std::max(1, facellava::model::cpu_threads());
    EXPECT_EQ(resolved_frame_workers(options), std::clamp(cores / threads, 1, 4));
    options.frame_workers = -1;
    EXPECT_THROW(options.validate(), Error);
    options.frame_workers = 65;
    EXPECT_THROW(options.validate(), Error);
}

TEST(PerceptionOverlap, ThreeWorkersOfOneFrameEqualSerial) {
    AnalysisOptions workers;
    workers.batch_frames = 1;
    workers.frame_workers = 3;  // 23 frames: 7 groups of 3 and one of 2
    const Analysed serial = analyse(serial_options(), pan_video());
    const Analysed parallel = analyse(workers, pan_video());
    ASSERT_EQ(parallel.summary.frames_analysed, 23);
    EXPECT_EQ(parallel.summary.face_ids, serial.summary.face_ids);
    ASSERT_EQ(parallel.records.size(), serial.records.size());
    for (size_t i = 0; i < serial.records.size(); ++i)
        expect_same_face(parallel.records[i], serial.records[i], "record " + std::to_string(i));
}

TEST(PerceptionOverlap, OverlappedVideoEqualsSerial) {
    const Analysed serial = analyse(serial_options(), pan_video());
    const Analysed overlapped = analyse(overlapped_options(), pan_video());
    ASSERT_EQ(serial.summary.frames_analysed, 23);
    EXPECT_EQ(overlapped.summary.frames_analysed, serial.summary.frames_analysed);
    EXPECT_EQ(overlapped.summary.faces, serial.summary.faces);
    EXPECT_EQ(overlapped.summary.face_ids, serial.summary.face_ids);
    EXPECT_TRUE(overlapped.summary.warning.empty()) << overlapped.summary.warning;
    ASSERT_EQ(overlapped.records.size(), serial.records.size());
    for (size_t i = 0; i < serial.records.size(); ++i)
        expect_same_face(overlapped.records[i], serial.records[i], "record " + std::to_string(i));
    // Progress after every frame, in order, in both.
    std::vector<int64_t> expected(23);
    std::iota(expected.begin(), expected.end(), int64_t(1));
    EXPECT_EQ(serial.progress, expected);
    EXPECT_EQ(overlapped.progress, expected);
}

TEST(PerceptionOverlap, SampledFramesEqualSerial) {
    AnalysisOptions every_third = serial_options();
    every_third.every_nth_frame = 3;
    AnalysisOptions overlapped;
    overlapped.every_nth_frame = 3;
    overlapped.batch_frames = 3;
    const Analysed serial = analyse(every_third, pan_video());
    const Analysed fast = analyse(overlapped, pan_video());
    ASSERT_EQ(serial.summary.frames_analysed, 8);  // frames 0, 3, …, 21
    ASSERT_EQ(fast.records.size(), serial.records.size());
    for (size_t i = 0; i < serial.records.size(); ++i)
        expect_same_face(fast.records[i], serial.records[i], "record " + std::to_string(i));
}

TEST(PerceptionOverlap, CancelStopsAfterTheFrameInFlight) {
    std::atomic<bool> cancel{false};
    const Analysed out = analyse(overlapped_options(), pan_video(), &cancel, [&](int64_t done) {
        if (done == 6)
            cancel = true;
    });
    EXPECT_TRUE(out.summary.cancelled);
    EXPECT_EQ(out.summary.frames_analysed, 6);  // mid-batch: the rest of the batch is dropped
    ASSERT_FALSE(out.records.empty());
    EXPECT_EQ(out.records.back().frame, 5);
}

TEST(PerceptionOverlap, TruncatedVideoKeepsTheSameRowsAndWarning) {
    // Index at the front (faststart), so the cut file still opens.
    const std::string dir = facellava::test::make_temp_dir("overlap-cut");
    {
        const auto photos = AssetLocator::from_environment().demo_photos();
        const ImageRGB small =
            resize_image(load_image(photos.at(0)), 320, 228, Interpolation::Area);
        VideoWriterOptions options;
        options.format_options = {{"movflags", "+faststart"}};
        VideoWriter writer(dir + "/whole.mp4", 320, 228, options);
        for (int i = 0; i < 23; ++i)
            writer.write(small);
        writer.finish();
    }
    const std::string whole = read_file(dir + "/whole.mp4");
    const std::string path = dir + "/cut.mp4";
    std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() * 3 / 5);
    const Analysed serial = analyse(serial_options(), path);
    const Analysed overlapped = analyse(overlapped_options(), path);
    ASSERT_GT(serial.summary.frames_analysed, 0);
    EXPECT_LT(serial.summary.frames_analysed, 23);
    EXPECT_FALSE(serial.summary.warning.empty());
    EXPECT_EQ(overlapped.summary.warning, serial.summary.warning);
    EXPECT_EQ(overlapped.summary.frames_analysed, serial.summary.frames_analysed);
    ASSERT_EQ(overlapped.records.size(), serial.records.size());
    for (size_t i = 0; i < serial.records.size(); ++i)
        expect_same_face(overlapped.records[i], serial.records[i], "record " + std::to_string(i));
}

// A producer of `count` small frames that throws `error` instead of frame `fail_at`.
FramePrefetcher::Producer counting(int count, int fail_at, std::function<void()> error) {
    auto next = std::make_shared<int>(0);
    return [=](DecodedFrame& f) {
        if (*next == fail_at)
            error();
        if (*next >= count)
            return false;
        f.image.width = f.image.height = 2;
        f.image.pixels.assign(12, uint8_t(*next));
        f.index = (*next)++;
        return true;
    };
}

TEST(PerceptionOverlap, PrefetcherKeepsOrderOnBothPaths) {
    for (size_t capacity : {size_t(0), size_t(1), size_t(3)}) {
        FramePrefetcher prefetch(counting(10, -1, {}), capacity, "clip.mp4");
        DecodedFrame frame;
        for (int i = 0; i < 10; ++i) {
            ASSERT_TRUE(prefetch.next(frame)) << "capacity " << capacity;
            EXPECT_EQ(frame.index, i);
            EXPECT_EQ(frame.image.pixels.at(0), uint8_t(i));
        }
        EXPECT_FALSE(prefetch.next(frame));
        EXPECT_FALSE(prefetch.next(frame));
    }
}

TEST(PerceptionOverlap, PrefetcherErrorsReachTheCallerWithTheFileName) {
    for (size_t capacity : {size_t(0), size_t(2)}) {
        FramePrefetcher prefetch(counting(10, 3, [] { throw std::runtime_error("bad packet"); }),
                                 capacity, "clip.mp4");
        DecodedFrame frame;
        for (int i = 0; i < 3; ++i)  // the frames before the error arrive first
            ASSERT_TRUE(prefetch.next(frame));
        try {
            prefetch.next(frame);
            FAIL() << "no error at capacity " << capacity;
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), "clip.mp4");
            EXPECT_NE(std::string(e.what()).find("bad packet"), std::string::npos) << e.what();
        }
        EXPECT_FALSE(prefetch.next(frame));  // thrown once, then the end
    }
    FramePrefetcher ours(counting(10, 1, [] { throw Error("frame 1 is damaged", "v.mp4", "fix"); }),
                         2, "other.mp4");
    DecodedFrame frame;
    ASSERT_TRUE(ours.next(frame));
    try {
        ours.next(frame);
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), "v.mp4");  // facellava::Error passes through as it is
        EXPECT_EQ(e.hint(), "fix");
    }
}

TEST(PerceptionOverlap, PrefetcherStopsWhenAbandoned) {
    // The consumer leaves while the producer waits on a full queue: no hang.
    for (int taken = 0; taken < 3; ++taken) {
        FramePrefetcher prefetch(counting(1000, -1, {}), 2, "clip.mp4");
        DecodedFrame frame;
        for (int i = 0; i < taken; ++i)
            ASSERT_TRUE(prefetch.next(frame));
    }
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
