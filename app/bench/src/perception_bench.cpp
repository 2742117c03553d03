#include "perception_bench.h"

#include "facellava/core/error.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "bench_media.h"
#include "facellava/core/assets.h"
#include "facellava/core/media.h"
#include "facellava/model/runtime.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/media_analyzer.h"
#include "frame_faces.h"
#include "keyframe_tracking.h"
#include "parallel_frame_faces.h"

namespace facellava::model::bench {
namespace {

void log(const MediaBenchSettings& s, const std::string& line) {
    if (s.log)
        s.log(line);
}

pipeline::AnalysisOptions serial_options() {
    pipeline::AnalysisOptions options;
    options.prefetch_frames = 0;
    options.batch_frames = 1;
    options.frame_workers = 1;
    return options;
}

// Faces found on the photos: decode, detect, nets one photo at a time.
int64_t photos_serial(const pipeline::AnalysisModels& models,
                      const std::vector<std::string>& photos) {
    const pipeline::AnalysisOptions options = serial_options();
    pipeline::FrameFaces faces(models, options);
    int64_t found = 0;
    for (const auto& photo : photos)
        found += int64_t(faces.run(load_image(photo)).size());
    return found;
}

// The same with the photos spread over the frame workers, each decoding and
// analysing its own (as `facellava batch` does with a folder of photos).
int64_t photos_overlapped(const pipeline::AnalysisModels& models,
                          const std::vector<std::string>& photos) {
    const pipeline::AnalysisOptions options;
    pipeline::ParallelFrameFaces faces(models, options);
    int64_t found = 0;
    for (const auto& photo_faces :
         faces.run_each(photos.size(), [&](size_t i) { return load_image(photos[i]); }))
        found += int64_t(photo_faces.size());
    return found;
}

// How this machine scales this work to `workers` threads: that many serial
// photo pipelines side by side, each over every photo, against one alone
// (shared caches, memory bandwidth and a VM's cores set it, not our code).
// The overlapped rows are read against it: 2 cores give no 2× here.
double independent_serial_speedup(const pipeline::AnalysisModels& models,
                                  const std::vector<std::string>& photos, int workers) {
    const ScopedSingleThreadedBlas one_blas_thread_each;
    auto start = Clock::now();
    photos_serial(models, photos);
    const double alone = seconds_since(start);
    start = Clock::now();
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w)
        threads.emplace_back([&] { photos_serial(models, photos); });
    for (auto& thread : threads)
        thread.join();
    return double(workers) * alone / seconds_since(start);
}

struct VideoRun {
    double seconds = 0;
    int64_t frames = 0;
    int64_t faces = 0;
};

VideoRun analyse_video(const pipeline::AnalysisModels& models,
                       const pipeline::AnalysisOptions& options, const std::string& path,
                       const std::atomic<bool>* cancel) {
    pipeline::MediaAnalyzer analyzer(models, options);
    pipeline::AnalysisCallbacks callbacks;
    callbacks.on_face = [](const pipeline::FaceRecord&) {};
    callbacks.cancel = cancel;
    const auto start = Clock::now();
    const auto summary = analyzer.analyze_file(path, callbacks);
    return {seconds_since(start), summary.frames_analysed, summary.faces};
}

// Key frames KeyframeTracking picks on the video at `interval` (the
// decisions analyze_file() makes with keyframe_interval = interval: the same
// frames through the same code), and the faces it finds.
std::pair<int64_t, int64_t> count_key_frames(const pipeline::AnalysisModels& models,
                                             const std::string& path, int interval) {
    pipeline::AnalysisOptions options;
    options.keyframe_interval = interval;
    pipeline::ParallelFrameFaces faces(models, options);
    pipeline::KeyframeTracking tracking(faces, options);
    VideoReader reader(path);
    // In groups of the analyser's size: how many frames one prediction covers
    // depends on where a group ends.
    std::vector<ImageRGB> group(faces.group_size());
    int64_t index = 0, found = 0;
    double timestamp = 0;
    for (bool more = true; more;) {
        std::vector<const ImageRGB*> images;
        while (images.size() < group.size() &&
               (more = reader.next(group[images.size()], index, timestamp)))
            images.push_back(&group[images.size()]);
        for (const auto& faces_of_frame : tracking.run_batch(images))
            found += int64_t(faces_of_frame.size());
    }
    return {tracking.key_frames(), found};
}

// Detection on every frame against key-frame tracking (keyframe_interval),
// both with the default (overlapped) settings, alternating, same run.
io::Json keyframe_tracking_rows(const MediaBenchSettings& s, const pipeline::AnalysisModels& models,
                                const std::string& video, int interval) {
    pipeline::AnalysisOptions every, tracked;
    tracked.keyframe_interval = interval;
    std::vector<double> every_s, tracked_s;
    VideoRun ve, vt;
    for (int r = 0; r < std::max(1, s.repeats) + 1; ++r) {  // run 0 warms up
        check_cancel(s.cancel);
        ve = analyse_video(models, every, video, s.cancel);
        vt = analyse_video(models, tracked, video, s.cancel);
        if (r > 0) {
            every_s.push_back(ve.seconds);
            tracked_s.push_back(vt.seconds);
        }
    }
    const auto [key_frames, key_faces] = count_key_frames(models, video, interval);
    const double e = median(every_s), t = median(tracked_s);
    return {{"keyframe_interval", interval},
            {"frames", ve.frames},
            {"detect_every_frame",
             {{"faces", ve.faces},
              {"frames_per_s", double(ve.frames) / e},
              {"faces_per_s", double(ve.faces) / e}}},
            {"tracking",
             {{"faces", vt.faces},
              {"key_frames", key_frames},
              {"faces_in_key_frame_count", key_faces},  // the counting pass: equals faces
              {"frames_per_s", double(vt.frames) / t},
              {"faces_per_s", double(vt.faces) / t}}},
            {"speedup", e / t}};
}

// The optional outputs' cost (--outputs mesh,gaze,identity): detection on
// every frame without them (the baseline), then with them, with and without
// key-frame tracking; alternating, same run.
io::Json optional_outputs_rows(const MediaBenchSettings& s, const pipeline::AnalysisModels& plain,
                               const std::string& video, int interval) {
    pipeline::AnalysisOptions base, every, tracked;
    every.output.outputs = pipeline::parse_optional_outputs("mesh,gaze,identity");
    tracked.output.outputs = every.output.outputs;
    tracked.keyframe_interval = interval;
    const auto models = pipeline::load_analysis_models(every, AssetLocator::from_environment());
    std::vector<double> base_s, every_s, tracked_s;
    VideoRun vb, ve, vt;
    for (int r = 0; r < std::max(1, s.repeats) + 1; ++r) {  // run 0 warms up
        check_cancel(s.cancel);
        vb = analyse_video(plain, base, video, s.cancel);
        ve = analyse_video(models, every, video, s.cancel);
        vt = analyse_video(models, tracked, video, s.cancel);
        if (r > 0) {
            base_s.push_back(vb.seconds);
            every_s.push_back(ve.seconds);
            tracked_s.push_back(vt.seconds);
        }
    }
    const double b = median(base_s), e = median(every_s), t = median(tracked_s);
    const auto row = [](const VideoRun& v, double seconds) {
        return io::Json{{"faces", v.faces},
                        {"frames_per_s", double(v.frames) / seconds},
                        {"faces_per_s", double(v.faces) / seconds}};
    };
    return {{"outputs", to_string(every.output.outputs)},
            {"keyframe_interval", interval},
            {"frames", vb.frames},
            {"baseline_detect_every_frame", row(vb, b)},
            {"with_outputs_detect_every_frame", row(ve, e)},
            {"with_outputs_tracking", row(vt, t)},
            {"cost_every_frame", e / b},
            {"tracking_with_outputs_against_baseline", b / t}};
}

}  // namespace

io::Json run_perception_bench(const MediaBenchSettings& s) {
    // Its serial baseline runs OpenBLAS at one thread: the suites after it
    // get OpenBLAS as it was (the batch suite's one-file row uses its pool).
    const ScopedCpuThreads restore_threads;
    const auto models = pipeline::load_analysis_models(pipeline::AnalysisOptions{},
                                                       AssetLocator::from_environment());
    const auto photos = bench_photos();
    TempFolder temp("perception-bench");
    const std::string video = temp.path() + "/pan720p.mp4";
    log(s, "perception: writing a " + std::to_string(s.video_frames) + "-frame 720p video");
    write_pan_video(video, 1280, 720, s.video_frames);
    const int default_threads = cpu_threads();
    std::vector<int> thread_counts = s.torch_threads;
    if (thread_counts.empty())
        thread_counts.push_back(default_threads);
    const pipeline::AnalysisOptions overlapped_options;

    io::Json out;
    out["inputs"] = {{"photos", photos.size()},
                     {"video", "1280x720 mpeg4, " + std::to_string(s.video_frames) + " frames"}};
    out["overlapped_settings"] = {
        {"prefetch_frames", overlapped_options.prefetch_frames},
        {"batch_frames", overlapped_options.batch_frames},
        {"frame_workers", pipeline::resolved_frame_workers(overlapped_options)}};

    // What keeping freed heap memory (configure_cpu_runtime) is worth: the
    // serial photo path under glibc's fixed defaults against it, same run.
    {
        std::vector<double> glibc_default, reused;
        int64_t faces = 0;
        for (int r = 0; r < std::max(1, s.repeats) + 1; ++r) {  // run 0 warms up
            check_cancel(s.cancel);
            model::set_heap_reuse(false);
            auto start = Clock::now();
            faces = photos_serial(models, photos);
            const double plain = seconds_since(start);
            model::set_heap_reuse(true);
            start = Clock::now();
            photos_serial(models, photos);
            if (r > 0) {
                glibc_default.push_back(plain);
                reused.push_back(seconds_since(start));
            }
        }
        out["heap_reuse"] = {{"path", "serial, photos"},
                             {"glibc_default_faces_per_s", double(faces) / median(glibc_default)},
                             {"reused_faces_per_s", double(faces) / median(reused)},
                             {"speedup", median(glibc_default) / median(reused)}};
        log(s, "perception: heap reuse ×" + std::to_string(median(glibc_default) / median(reused)));
    }

    // Where the serial path's time goes, per photo (median of the repeats).
    {
        set_cpu_threads(default_threads);
        pipeline::AnalysisOptions options = serial_options();
        std::vector<double> decode, detect, nets;
        int64_t faces = 0;
        for (int r = 0; r < std::max(1, s.repeats); ++r) {
            check_cancel(s.cancel);
            double d = 0, t = 0, n = 0;
            faces = 0;
            for (const auto& photo : photos) {
                auto start = Clock::now();
                const ImageRGB image = load_image(photo);
                d += seconds_since(start);
                start = Clock::now();
                const auto found = models.faceapi->detect(image, options.min_confidence);
                t += seconds_since(start);
                std::vector<perception::FaceBox> boxes;
                for (const auto& f : found)
                    boxes.push_back(f.box);
                start = Clock::now();
                models.faceapi->analyze_faces(image, boxes);
                n += seconds_since(start);
                faces += int64_t(boxes.size());
            }
            decode.push_back(d);
            detect.push_back(t);
            nets.push_back(n);
        }
        const double total = median(decode) + median(detect) + median(nets);
        out["serial_profile_photos"] = {
            {"torch_threads", default_threads},
            {"faces", faces},
            {"decode_ms_per_photo", median(decode) * 1e3 / double(photos.size())},
            {"detect_ms_per_photo", median(detect) * 1e3 / double(photos.size())},
            {"nets_ms_per_face", faces > 0 ? median(nets) * 1e3 / double(faces) : 0.0},
            {"decode_share", median(decode) / total},
            {"detect_share", median(detect) / total},
            {"nets_share", median(nets) / total}};
    }

    // Serial at LibTorch's default thread count is the baseline of every row.
    // At least 2, so a 1-core machine shows that it gains nothing either.
    const int workers = std::max(2, pipeline::resolved_frame_workers(overlapped_options));
    std::vector<double> side_by_side;
    io::Json rows = io::Json::array();
    for (int threads : thread_counts) {
        std::vector<double> photo_serial, photo_overlapped, video_serial, video_overlapped;
        int64_t photo_faces = 0, video_frames = 0, video_faces = 0;
        for (int r = 0; r < std::max(1, s.repeats) + 1; ++r) {  // run 0 warms up
            check_cancel(s.cancel);
            set_cpu_threads(default_threads);
            auto start = Clock::now();
            photo_faces = photos_serial(models, photos);
            const double ps = seconds_since(start);
            const VideoRun vs = analyse_video(models, serial_options(), video, s.cancel);
            set_cpu_threads(threads);
            start = Clock::now();
            const int64_t overlapped_faces = photos_overlapped(models, photos);
            const double po = seconds_since(start);
            const VideoRun vo = analyse_video(models, overlapped_options, video, s.cancel);
            if (overlapped_faces != photo_faces || vo.faces != vs.faces || vo.frames != vs.frames)
                throw Error("the overlapped pipeline found " + std::to_string(overlapped_faces) +
                                " photo faces and " + std::to_string(vo.faces) +
                                " video faces, the serial one " + std::to_string(photo_faces) +
                                " and " + std::to_string(vs.faces),
                            "", "a bug in the perception pipeline: please report it");
            video_frames = vs.frames;
            video_faces = vs.faces;
            if (r == 0)
                continue;
            if (threads == thread_counts.front())
                side_by_side.push_back(independent_serial_speedup(models, photos, workers));
            photo_serial.push_back(ps);
            photo_overlapped.push_back(po);
            video_serial.push_back(vs.seconds);
            video_overlapped.push_back(vo.seconds);
        }
        set_cpu_threads(default_threads);
        const double ps = median(photo_serial), po = median(photo_overlapped);
        const double vs = median(video_serial), vo = median(video_overlapped);
        rows.push_back({{"torch_threads_overlapped", threads},
                        {"torch_threads_serial", default_threads},
                        {"photos",
                         {{"faces", photo_faces},
                          {"serial_faces_per_s", double(photo_faces) / ps},
                          {"overlapped_faces_per_s", double(photo_faces) / po},
                          {"speedup", ps / po}}},
                        {"video_720p",
                         {{"frames", video_frames},
                          {"faces", video_faces},
                          {"serial_frames_per_s", double(video_frames) / vs},
                          {"overlapped_frames_per_s", double(video_frames) / vo},
                          {"serial_faces_per_s", double(video_faces) / vs},
                          {"overlapped_faces_per_s", double(video_faces) / vo},
                          {"speedup", vs / vo}}}});
        log(s, "perception: overlapped at " + std::to_string(threads) + " torch threads: photos ×" +
                   std::to_string(ps / po) + ", video ×" + std::to_string(vs / vo));
    }
    out["runs"] = rows;
    if (!side_by_side.empty()) {
        const double scaling = median(side_by_side);
        const auto against = [&](const char* path) {
            return rows[0][path]["speedup"].get<double>() / scaling;
        };
        out["side_by_side"] = {
            {"what", std::to_string(workers) +
                         " serial photo pipelines side by side against one alone (throughput)"},
            {"workers", workers},
            {"speedup", scaling},
            {"photos_overlapped_against_it", against("photos")},
            {"video_overlapped_against_it", against("video_720p")}};
        log(s, "perception: " + std::to_string(workers) + " serial runs side by side ×" +
                   std::to_string(scaling));
    }
    {
        set_cpu_threads(default_threads);
        const int interval = 10;
        out["keyframe_tracking"] = keyframe_tracking_rows(s, models, video, interval);
        log(s, "perception: key-frame tracking every " + std::to_string(interval) + " frames ×" +
                   std::to_string(out["keyframe_tracking"]["speedup"].get<double>()));
        out["optional_outputs"] = optional_outputs_rows(s, models, video, interval);
        log(s, "perception: mesh, gaze and identity cost ×" +
                   std::to_string(out["optional_outputs"]["cost_every_frame"].get<double>()));
    }
    out["peak_rss_mb"] = peak_rss_bytes() / 1e6;
    return out;
}

}  // namespace facellava::model::bench
