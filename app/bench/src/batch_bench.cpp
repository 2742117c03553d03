#include "facellava/core/error.h"
#include "perception_bench.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "bench_media.h"
#include "facellava/core/assets.h"
#include "facellava/core/media.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/batch.h"
#include "parallel_frame_faces.h"

namespace facellava::model::bench {
namespace {

constexpr int kPhotoCopies = 4;  // the demo photos, each this many times

// Seconds to decode every input of the folder alone (what the job cannot beat
// on one thread): the photos, or the video's frames in order.
double decode_seconds(const std::vector<std::string>& photos, const std::string& video) {
    const auto start = Clock::now();
    for (const auto& photo : photos)
        load_image(photo);
    if (!video.empty()) {
        VideoReader reader(video);
        ImageRGB frame;
        int64_t index = 0;
        double timestamp_s = 0;
        while (reader.next(frame, index, timestamp_s)) {
        }
    }
    return seconds_since(start);
}

// Seconds face-api's detector and nets take on the photos, decoded first
// (untimed), on the calling thread: with decode_seconds() what the job's own
// code is measured against.
struct NetSeconds {
    double detect = 0;
    double nets = 0;
};
NetSeconds net_seconds(const std::vector<std::string>& photos,
                       const pipeline::AnalysisModels& models) {
    const float min_confidence = pipeline::AnalysisOptions{}.min_confidence;
    NetSeconds spent;
    for (const auto& photo : photos) {
        const ImageRGB image = load_image(photo);
        auto start = Clock::now();
        std::vector<perception::FaceBox> boxes;
        for (const auto& found : models.faceapi->detect(image, min_confidence))
            boxes.push_back(found.box);
        spent.detect += seconds_since(start);
        start = Clock::now();
        models.faceapi->analyze_faces(image, boxes);
        spent.nets += seconds_since(start);
    }
    return spent;
}

struct JobRun {
    double wall_s = 0;
    int64_t rows = 0;
    size_t failed = 0;
};

JobRun run_job(const std::string& input, const std::string& output,
               const pipeline::AnalysisOptions& analysis, int threads,
               const pipeline::AnalysisModels& models, const MediaBenchSettings& s) {
    pipeline::BatchOptions options;
    options.input = input;
    options.output_dir = output;
    options.analysis = analysis;
    options.threads = threads;
    options.restart = true;  // every repeat analyses everything again
    pipeline::BatchCallbacks callbacks;
    callbacks.cancel = s.cancel;
    const auto result = pipeline::run_batch(options, models, callbacks);
    if (result.cancelled)
        throw Error("benchmark cancelled", "", "");
    if (result.failed > 0)
        throw Error(std::to_string(result.failed) + " generated inputs failed in the batch job",
                    result.errors_csv, "see errors.csv there");
    return {result.wall_s, result.rows, result.failed};
}

}  // namespace

io::Json run_batch_bench(const MediaBenchSettings& s) {
    const auto models = pipeline::load_analysis_models(pipeline::AnalysisOptions{},
                                                       AssetLocator::from_environment());
    TempFolder temp("batch-bench");
    const std::string images_dir = temp.path() + "/images";
    const std::string video_dir = temp.path() + "/video";
    std::filesystem::create_directories(images_dir);
    std::filesystem::create_directories(video_dir);
    std::vector<std::string> images;
    for (int copy = 0; copy < kPhotoCopies; ++copy)
        for (const auto& photo : bench_photos()) {
            images.push_back(images_dir + "/" + std::to_string(copy) + "_" +
                             std::filesystem::path(photo).filename().string());
            std::filesystem::copy_file(photo, images.back());
        }
    const std::string video = video_dir + "/pan720p.mp4";
    if (s.log)
        s.log("batch: writing " + std::to_string(images.size()) + " photos and a " +
              std::to_string(s.video_frames) + "-frame 720p video");
    write_pan_video(video, 1280, 720, s.video_frames);

    pipeline::AnalysisOptions serial;
    serial.prefetch_frames = 0;
    serial.batch_frames = 1;
    serial.frame_workers = 1;
    const pipeline::AnalysisOptions overlapped;

    std::vector<double> image_detect, image_nets;
    std::vector<double> image_decode, image_job1, image_job2, image_auto, video_decode,
        video_serial, video_overlapped;
    JobRun images1, images2, video1;
    for (int r = 0; r < std::max(1, s.repeats) + 1; ++r) {  // run 0 warms up
        check_cancel(s.cancel);
        const double id = decode_seconds(images, "");
        const NetSeconds nets = net_seconds(images, models);
        images1 = run_job(images_dir, temp.path() + "/out-images-1", overlapped, 1, models, s);
        images2 = run_job(images_dir, temp.path() + "/out-images-2", overlapped, 2, models, s);
        // `facellava batch`'s default: as many photos at once as frame workers.
        const JobRun images_auto =
            run_job(images_dir, temp.path() + "/out-images-auto", overlapped, 0, models, s);
        check_cancel(s.cancel);
        const double vd = decode_seconds({}, video);
        video1 = run_job(video_dir, temp.path() + "/out-video-serial", serial, 1, models, s);
        const JobRun vo =
            run_job(video_dir, temp.path() + "/out-video-overlapped", overlapped, 1, models, s);
        if (vo.rows != video1.rows)
            throw Error("the overlapped batch job wrote " + std::to_string(vo.rows) +
                            " rows, the serial one " + std::to_string(video1.rows),
                        "", "a bug in the perception pipeline: please report it");
        if (r == 0)
            continue;
        image_decode.push_back(id);
        image_detect.push_back(nets.detect);
        image_nets.push_back(nets.nets);
        image_job1.push_back(images1.wall_s);
        image_job2.push_back(images2.wall_s);
        image_auto.push_back(images_auto.wall_s);
        video_decode.push_back(vd);
        video_serial.push_back(video1.wall_s);
        video_overlapped.push_back(vo.wall_s);
    }
    const double n_images = double(images.size()), n_frames = double(s.video_frames);
    const double id = median(image_decode), vd = median(video_decode);
    const double i1 = median(image_job1), i2 = median(image_job2), ia = median(image_auto);
    const double vs = median(video_serial), vo = median(video_overlapped);
    io::Json out;
    out["pipeline"] = "run_batch (facellava batch), perception only (no Face-LLaVA checkpoint)";
    out["images"] = {{"files", images.size()},
                     {"rows", images1.rows},
                     {"decode_only_images_per_s", n_images / id},
                     {"workers_1", {{"images_per_s", n_images / i1}, {"decode_share", id / i1}}},
                     {"workers_2", {{"images_per_s", n_images / i2}, {"decode_share", id / i2}}},
                     {"auto",
                      {{"workers", pipeline::resolved_frame_workers(overlapped)},
                       {"images_per_s", n_images / ia},
                       {"decode_share", id / ia},
                       {"speedup_over_1", i1 / ia}}}};
    // Where one worker's time goes, per photo: decoding and face-api's nets
    // measured alone on the same photos, the rest being the job's own code
    // (discovery, crops, head pose, CSV parts and their merge, metadata).
    const double detect = median(image_detect), nets = median(image_nets);
    const double rest = std::max(0.0, i1 - id - detect - nets);
    const auto ms_per_image = [&](double seconds) { return seconds * 1e3 / n_images; };
    out["images"]["profile_workers_1"] = {
        {"decode_ms", ms_per_image(id)}, {"detect_ms", ms_per_image(detect)},
        {"nets_ms", ms_per_image(nets)}, {"job_rest_ms", ms_per_image(rest)},
        {"decode_share", id / i1},       {"detect_share", detect / i1},
        {"nets_share", nets / i1},       {"job_rest_share", rest / i1}};
    out["video_720p"] = {
        {"frames", s.video_frames},
        {"rows", video1.rows},
        {"decode_only_frames_per_s", n_frames / vd},
        {"serial", {{"frames_per_s", n_frames / vs}, {"decode_share", vd / vs}}},
        {"overlapped", {{"frames_per_s", n_frames / vo}, {"decode_share", vd / vo}}},
        {"speedup", vs / vo}};
    out["peak_rss_mb"] = peak_rss_bytes() / 1e6;
    return out;
}

}  // namespace facellava::model::bench
