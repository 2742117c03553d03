#include "facellava/pipeline/media_analyzer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>

#include "facellava/core/error.h"
#include "facellava/pipeline/face_answers.h"
#include "facellava/pipeline/inputs.h"
#include "frame_faces.h"
#include "frame_plan.h"
#include "frame_prefetch.h"
#include "keyframe_tracking.h"
#include "optional_outputs.h"
#include "parallel_frame_faces.h"

namespace facellava::pipeline {
namespace {

bool cancelled(const std::atomic<bool>* cancel) {
    return cancel && cancel->load();
}

FaceRecord no_face(int64_t frame, double timestamp_s) {
    FaceRecord record;
    record.frame = frame;
    record.timestamp_s = timestamp_s;
    return record;
}

}  // namespace

struct MediaAnalyzer::Impl {
    AnalysisModels models;
    AnalysisOptions options;
    ParallelFrameFaces faces;

    Impl(AnalysisModels m, AnalysisOptions o)
        : models(std::move(m)), options(std::move(o)), faces(models, options) {}

    // Faces of one frame with ids from `tracker`, sorted by id, answers added.
    // A frame on its own names its people afresh (person_1, … within it).
    std::vector<FaceRecord> frame_records(const ImageRGB& frame, int64_t index, double timestamp_s,
                                          FaceTracker& tracker, const std::atomic<bool>* cancel) {
        std::vector<std::vector<FaceRecord>> records(1);
        records[0] = faces.run(frame);
        IdentityNamer people;
        identify(records[0], index, timestamp_s, tracker, people);
        answer({&frame}, records, cancel);
        return with_no_face_record(std::move(records[0]), index, timestamp_s);
    }
    // Ids from `tracker` for the faces FrameFaces found in frame `index`
    // (their identity embeddings, when measured, let a face lost for long come
    // back under its id), then the faces sorted by id and, with embeddings,
    // named by `people`.
    static void identify(std::vector<FaceRecord>& records, int64_t index, double timestamp_s,
                         FaceTracker& tracker, IdentityNamer& people) {
        std::vector<FaceBox> boxes;
        std::vector<Landmarks68> points;
        std::vector<std::vector<float>> embeddings;
        const bool with_embeddings =
            !records.empty() &&
            std::all_of(records.begin(), records.end(),
                        [](const FaceRecord& r) { return !r.embedding.empty(); });
        for (const auto& r : records) {
            boxes.push_back(r.box);
            points.push_back(r.landmarks);
            if (with_embeddings)
                embeddings.push_back(r.embedding);
        }
        const std::vector<int> ids = tracker.update(boxes, points, embeddings);
        for (size_t i = 0; i < records.size(); ++i) {
            records[i].face_id = ids[i];
            records[i].frame = index;
            records[i].timestamp_s = timestamp_s;
        }
        std::sort(records.begin(), records.end(),
                  [](const FaceRecord& a, const FaceRecord& b) { return a.face_id < b.face_id; });
        for (auto& r : records)
            people.name(r);
    }
    // Face-LLaVA's answers for the faces of every frame given, in one call:
    // the more faces at once, the fuller the engine's batches.
    void answer(const std::vector<const ImageRGB*>& frames,
                std::vector<std::vector<FaceRecord>>& records, const std::atomic<bool>* cancel) {
        if (models.engine && !options.tasks.empty())
            ask_face_llava(*models.engine, frames, records, options, cancel);
    }
    static std::vector<FaceRecord> with_no_face_record(std::vector<FaceRecord> records,
                                                       int64_t index, double timestamp_s) {
        if (records.empty())
            records.push_back(no_face(index, timestamp_s));
        return records;
    }

    void analyze_video(const std::string& path, const AnalysisCallbacks& callbacks,
                       MediaSummary& summary);
};

MediaAnalyzer::MediaAnalyzer(AnalysisModels models, AnalysisOptions options) {
    options.validate();
    if (!options.tasks.empty() && !models.engine)
        options.tasks.clear();  // no checkpoint: the answer columns are not written
    impl_ = std::make_unique<Impl>(std::move(models), std::move(options));
}

MediaAnalyzer::~MediaAnalyzer() = default;

const AnalysisOptions& MediaAnalyzer::options() const {
    return impl_->options;
}

const AnalysisModels& MediaAnalyzer::models() const {
    return impl_->models;
}

std::vector<FaceRecord> MediaAnalyzer::analyze_image(const ImageRGB& image,
                                                     const std::atomic<bool>* cancel) {
    FaceTracker tracker(impl_->options.tracker);  // a fresh one: ids 0, 1, … left to right
    return analyze_frame(image, 0, 0.0, tracker, cancel);
}

std::vector<FaceRecord> MediaAnalyzer::analyze_frame(const ImageRGB& frame, int64_t index,
                                                     double timestamp_s, FaceTracker& tracker,
                                                     const std::atomic<bool>* cancel) {
    return impl_->frame_records(frame, index, timestamp_s, tracker, cancel);
}

void MediaAnalyzer::Impl::analyze_video(const std::string& path, const AnalysisCallbacks& callbacks,
                                        MediaSummary& summary) {
    VideoReader reader(path);
    const VideoInfo& info = reader.info();
    summary.width = info.width;
    summary.height = info.height;
    summary.fps = info.fps;
    summary.frame_count = info.frame_count;
    summary.duration_s = info.duration_s;
    FramePlan plan(options, info.frame_count, info.fps);
    FaceTracker tracker(options.tracker);
    IdentityNamer people;  // who is who within this video
    // keyframe_interval > 1: detection on key frames, landmark tracking
    // between them (frame t's boxes come from t - 1's landmarks, so the frame
    // workers take as many frames at once as one prediction covers, one
    // each); decoding still runs ahead.
    std::optional<KeyframeTracking> keyframes;
    if (options.keyframe_interval > 1)
        keyframes.emplace(faces, options);
    // Decoding runs ahead on its own thread (options.prefetch_frames) while
    // the frame workers detect and run the nets, options.batch_frames frames
    // each; ids, answers and callbacks then go frame by frame, in order.
    int64_t planned = -1;                 // plan mode: the index being read, for the warning
    int64_t decoded = 0;                  // frames handed out, against options.max_frames_per_video
    std::atomic<bool> over_limit{false};  // set by the decoding thread
    FramePrefetcher prefetch(
        [&](DecodedFrame& f) {
            // Counted here, not from the container's frame count, which a
            // stream may lack or misstate.
            if (decoded >= options.max_frames_per_video) {
                // Only when a frame is left does the limit, not the end, stop here.
                DecodedFrame extra;
                over_limit = plan.every_frame()
                                 ? reader.next(extra.image, extra.index, extra.timestamp_s)
                                 : plan.next() >= 0;
                return false;
            }
            ++decoded;
            if (plan.every_frame())  // sequential decoding, timestamps from the stream
                return reader.next(f.image, f.index, f.timestamp_s);
            planned = plan.next();
            if (planned < 0)
                return false;
            f.image = reader.frame_at(planned);  // decodes forward or seeks, whichever is cheaper
            f.index = planned;
            f.timestamp_s = reader.timestamp_of(planned);
            return true;
        },
        faces.prefetch_capacity(options.prefetch_frames), path);
    std::vector<DecodedFrame> group(faces.group_size());
    std::vector<const ImageRGB*> images;
    int64_t last_index = -1;
    bool more = true;
    while (more) {
        images.clear();
        while (more && images.size() < group.size()) {
            if (cancelled(callbacks.cancel)) {
                summary.cancelled = true;
                more = false;
                images.clear();  // not analysed: the rows of a cancelled file are dropped
                break;
            }
            DecodedFrame& frame = group[images.size()];
            try {
                more = prefetch.next(frame);
                if (!more && over_limit)
                    summary.warning =
                        "stopped after " + std::to_string(options.max_frames_per_video) +
                        " frames, the limit per video (frame " + std::to_string(last_index) +
                        " of " + std::to_string(info.frame_count) +
                        "); analyse fewer frames with --every or --fps to cover the whole video";
                else if (!more && reader.ended_early())
                    summary.warning = "the video ended after frame " + std::to_string(last_index) +
                                      " of " + std::to_string(info.frame_count) +
                                      " (truncated or damaged file); the rows up to there were "
                                      "kept";
            } catch (const Error& e) {
                // Damage after the first frame: keep what was read, say where it stopped.
                if (last_index < 0)
                    throw;
                const int64_t failed_at = plan.every_frame() ? last_index + 1 : planned;
                summary.warning = "frame " + std::to_string(failed_at) + " of " +
                                  std::to_string(info.frame_count) + " could not be read (" +
                                  e.brief() + "); the rows up to there were kept";
                more = false;
            }
            if (more) {
                last_index = frame.index;
                images.push_back(&frame.image);
            }
        }
        if (images.empty())
            break;
        auto found = keyframes ? keyframes->run_batch(images) : faces.run_batch(images);
        // Ids frame by frame, in order; then the faces of the whole group go
        // to Face-LLaVA at once; then the rows, frame by frame.
        for (size_t i = 0; i < images.size(); ++i)
            identify(found[i], group[i].index, group[i].timestamp_s, tracker, people);
        answer(images, found, callbacks.cancel);
        for (size_t i = 0; i < images.size(); ++i) {
            if (cancelled(callbacks.cancel)) {
                summary.cancelled = true;
                more = false;
                break;
            }
            const DecodedFrame& frame = group[i];
            const std::vector<FaceRecord> records =
                with_no_face_record(std::move(found[i]), frame.index, frame.timestamp_s);
            for (const auto& record : records) {
                summary.faces += record.success ? 1 : 0;
                callbacks.on_face(record);
            }
            if (callbacks.on_frame_image)
                callbacks.on_frame_image(frame.image, records);
            ++summary.frames_analysed;
            if (callbacks.on_frame)
                callbacks.on_frame(summary.frames_analysed, plan.total());
        }
    }
    summary.face_ids = tracker.next_id();
}

MediaSummary MediaAnalyzer::analyze_file(const std::string& path,
                                         const AnalysisCallbacks& callbacks) {
    if (!callbacks.on_face)
        throw Error("analyze_file needs an on_face callback");
    const auto start = std::chrono::steady_clock::now();
    MediaSummary summary;
    summary.kind = probe_media_kind(path);
    // FFmpeg's image2 demuxer goes by the extension, so a damaged or mislabelled
    // "photo.png" probes as a one-frame "video": say what the user sees instead.
    if (summary.kind != MediaKind::Image && has_image_extension(path))
        throw Error("the file is named like an image but its content is not an image we can read",
                    path,
                    "it may be damaged, truncated or mislabelled; re-export it as JPEG or PNG");
    if (summary.kind == MediaKind::Unknown)
        throw Error("not an image or video this program can read", path,
                    "the file may be empty, damaged or of another format; images: JPEG, PNG, BMP, "
                    "WebP, TIFF; videos: anything FFmpeg decodes (MP4, MKV, AVI, WebM…)");
    if (summary.kind == MediaKind::Image) {
        const ImageRGB image = load_image(path);
        summary.width = image.width;
        summary.height = image.height;
        summary.frame_count = 1;
        if (cancelled(callbacks.cancel)) {
            summary.cancelled = true;
        } else {
            const auto records = analyze_image(image, callbacks.cancel);
            for (const auto& record : records) {
                summary.faces += record.success ? 1 : 0;
                callbacks.on_face(record);
            }
            if (callbacks.on_frame_image)
                callbacks.on_frame_image(image, records);
            summary.face_ids = int(summary.faces);
            summary.frames_analysed = 1;
            summary.cancelled = cancelled(callbacks.cancel);
            if (callbacks.on_frame)
                callbacks.on_frame(1, 1);
        }
    } else {
        impl_->analyze_video(path, callbacks, summary);
    }
    summary.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return summary;
}

}  // namespace facellava::pipeline
