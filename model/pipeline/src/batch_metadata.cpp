#include "batch_metadata.h"

#include <charconv>
#include <ctime>
#include <filesystem>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/core/sha256.h"
#include "facellava/model/runtime.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/face_csv.h"

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

const char* status_name(FileStatus status) {
    switch (status) {
        case FileStatus::Analysed:
            return "analysed";
        case FileStatus::Resumed:
            return "resumed";
        case FileStatus::Failed:
            return "failed";
        case FileStatus::NotDone:
            break;
    }
    return "not done";
}

nlohmann::ordered_json model_files(const AnalysisModels& models) {
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& file : models.files) {
        nlohmann::ordered_json item{{"role", file.role}, {"path", file.path}};
        if (!file.path.empty()) {
            std::error_code ec;
            item["bytes"] = uint64_t(fs::file_size(file.path, ec));
            try {
                item["sha256"] = sha256_file(file.path);
            } catch (const Error& e) {
                item["sha256"] = nullptr;
                item["problem"] = e.what();
            }
        }
        files.push_back(item);
    }
    return files;
}

nlohmann::ordered_json versions() {
    return {{"facellava", FACELLAVA_VERSION},     {"face-api", kFaceApiVersion},
            {"libtorch", model::torch_version()}, {"ffmpeg", ffmpeg_version()},
            {"opencv", opencv_version()},         {"dlib", dlib_version()}};
}

nlohmann::ordered_json file_entry(const BatchFileResult& file) {
    const MediaSummary& s = file.summary;
    nlohmann::ordered_json item{{"input", file.input.relative},
                                {"status", status_name(file.status)},
                                {"bytes", file.input.size}};
    if (file.status == FileStatus::Analysed || file.status == FileStatus::Resumed) {
        // The same fields as analyze's JSON summary (one writer), plus the CSV rows.
        item.update(media_summary_json(s));
        item["rows"] = file.rows;
    } else if (file.status == FileStatus::Failed) {
        item["error"] = file.error;
        item["hint"] = file.hint;
    }
    return item;
}

// A float as the double of its shortest decimal form, so 0.3f shows as 0.3
// in the JSON and not as 0.30000001192092896.
double float_for_json(float value) {
    char text[32];
    const auto printed = std::to_chars(text, text + sizeof text, value);
    double out = value;
    std::from_chars(text, printed.ptr, out);
    return out;
}

// What `batch merge` checks coverage with; null when the job was not sharded.
nlohmann::ordered_json shard_json(const BatchResult& result) {
    const ShardAssignment& shard = result.shard;
    if (!shard.spec.active())
        return nullptr;
    nlohmann::ordered_json inputs = nlohmann::ordered_json::array();
    for (const auto& file : result.files)
        inputs.push_back(file.input.relative);
    return {{"index", shard.spec.index},
            {"count", shard.spec.count},
            {"hash", kShardHashRule},
            {"rule",
             "shard = 1 + (first 8 bytes of SHA-256 of the UTF-8 relative path, "
             "big-endian) mod count"},
            {"inputs_found", shard.inputs_found},
            {"inputs_found_sha256", shard.inputs_sha256},
            {"inputs", inputs}};
}

// How Face-LLaVA's questions were put: speed and memory only (the answers
// are the same), so beside "device" and not in "settings", which a resumed
// job and `batch merge` compare. Null without a checkpoint.
nlohmann::ordered_json answering_json(const AnalysisOptions& options,
                                      const AnalysisModels& models) {
    if (!models.engine)
        return nullptr;
    const model::EngineInfo& info = models.engine->info();
    return {{"answer_batch", info.answer_batch},
            {"kv_budget_mb", info.kv_budget_mb},
            {"sequential_answers", options.sequential_answers}};
}

}  // namespace

std::string first_difference(const nlohmann::json& a, const nlohmann::json& b,
                             const std::string& prefix) {
    if (a.is_object() && b.is_object()) {
        for (auto it = a.begin(); it != a.end(); ++it) {
            const std::string key = prefix.empty() ? it.key() : prefix + "." + it.key();
            if (!b.contains(it.key()))
                return key;
            const std::string inner = first_difference(it.value(), b.at(it.key()), key);
            if (!inner.empty())
                return inner;
        }
        for (auto it = b.begin(); it != b.end(); ++it)
            if (!a.contains(it.key()))
                return prefix.empty() ? it.key() : prefix + "." + it.key();
        return {};
    }
    return a == b ? std::string() : (prefix.empty() ? std::string("(all)") : prefix);
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

nlohmann::ordered_json analysis_settings_json(const AnalysisOptions& options,
                                              const AnalysisModels& models) {
    const bool answers = models.engine != nullptr;
    nlohmann::ordered_json settings;
    settings["detector"] = to_string(options.detector);
    settings["landmarks"] = to_string(options.landmarks);
    settings["min_confidence"] = float_for_json(options.min_confidence);
    settings["dlib_adjust_threshold"] = options.dlib_adjust_threshold;
    settings["dlib_upsample"] = options.dlib_upsample;
    settings["max_faces"] = options.max_faces;
    settings["every_nth_frame"] = options.every_nth_frame;
    settings["target_fps"] = options.target_fps;
    // Tracking between key frames changes the rows; written only when on, so
    // the jobs from before the option still resume and merge.
    if (options.keyframe_interval != 1)
        settings["keyframe_interval"] = options.keyframe_interval;
    // The crop Face-LLaVA answers about (and --save-crops saves): written
    // only when not the detector's box, so jobs from before the option resume.
    if (options.crop_source != CropSource::Detector)
        settings["crop_from"] = to_string(options.crop_source);
    settings["tracker"] = {{"max_missed_frames", options.tracker.max_missed_frames},
                           {"iou_weight", options.tracker.iou_weight},
                           {"max_landmark_distance", options.tracker.max_landmark_distance},
                           {"velocity_smoothing", options.tracker.velocity_smoothing}};
    settings["checkpoint"] = answers ? nlohmann::ordered_json(models.checkpoint_dir) : nullptr;
    settings["tasks"] = answers ? options.tasks : std::vector<std::string>{};
    settings["max_new_tokens"] = answers ? options.max_new_tokens : 0;
    // The LLM's precision changes the answers (int8/int4 pick other tokens
    // now and then), so a resumed or merged job must use the same.
    settings["weights"] = answers ? nlohmann::ordered_json(models.engine->info().weights) : nullptr;
    // How faces.csv numbers frames and names expressions: parts written
    // otherwise do not fit the same file.
    settings["frame_base"] = options.output.frame_base;
    settings["expression_names"] = to_string(options.output.expression_names);
    if (options.output.outputs.any())
        settings["outputs"] = to_string(options.output.outputs);
    return settings;
}

nlohmann::ordered_json batch_metadata(const BatchOptions& options, const AnalysisModels& models,
                                      const BatchResult& result, const BatchTimes& times,
                                      const std::string& input_root) {
    int64_t images = 0;
    int64_t frames = 0;
    double image_s = 0;
    double video_s = 0;
    int64_t faces = 0;
    for (const auto& file : result.files) {
        if (file.status != FileStatus::Analysed && file.status != FileStatus::Resumed)
            continue;
        faces += file.summary.faces;
        if (file.status != FileStatus::Analysed)
            continue;  // timings are this run's
        if (file.summary.kind == MediaKind::Image) {
            ++images;
            image_s += file.summary.seconds;
        } else {
            frames += file.summary.frames_analysed;
            video_s += file.summary.seconds;
        }
    }
    nlohmann::ordered_json meta;
    meta["format"] = "facellava-batch/1";
    meta["status"] = result.cancelled ? "cancelled" : "complete";
    meta["input"] = input_root;
    meta["output"] = fs::absolute(options.output_dir).lexically_normal().string();
    meta["outputs"] = {{"faces_csv", result.cancelled ? "" : "faces.csv"},
                       {"errors_csv", result.cancelled ? "" : "errors.csv"},
                       {"columns_doc", "docs/CSV.md"}};
    meta["settings"] = analysis_settings_json(options.analysis, models);
    meta["discovery"] = {{"recursive", options.discovery.recursive},
                         {"globs", options.discovery.globs},
                         {"include_hidden", options.discovery.include_hidden}};
    meta["shard"] = shard_json(result);
    meta["threads"] = options.threads;
    meta["models"] = model_files(models);
    meta["device"] = models.engine ? models.engine->info().device : "cpu";
    meta["answering"] = answering_json(options.analysis, models);
    meta["versions"] = versions();
    meta["timings"] = {{"started", times.started_utc},
                       {"finished", times.finished_utc},
                       {"wall_s", times.wall_s},
                       {"model_load_s", models.load_seconds},
                       {"images_analysed", images},
                       {"image_seconds", image_s},
                       {"video_frames_analysed", frames},
                       {"video_seconds", video_s},
                       // Per worker: items over the time spent on them (several workers add up).
                       {"images_per_s", image_s > 0 ? double(images) / image_s : 0.0},
                       {"frames_per_s", video_s > 0 ? double(frames) / video_s : 0.0}};
    meta["counts"] = {{"inputs", result.files.size()}, {"analysed", result.analysed},
                      {"resumed", result.resumed},     {"failed", result.failed},
                      {"rows", result.rows},           {"faces", faces}};
    meta["columns"] = face_csv_columns(meta["settings"]["tasks"].get<std::vector<std::string>>(),
                                       options.analysis.output);
    nlohmann::ordered_json files = nlohmann::ordered_json::array();
    for (const auto& file : result.files)
        files.push_back(file_entry(file));
    meta["files"] = files;
    return meta;
}

}  // namespace facellava::pipeline
