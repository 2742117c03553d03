#include "demo_data/demo_writer.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/face_analyzer.h"

namespace facellava::training::demo {
namespace fs = std::filesystem;
namespace {

// Outputs of a run; a folder with only these, or with a manifest naming our
// generator, may be replaced.
const char* const kOutputs[] = {"images", "landmarks", "train.json", "eval.json", "manifest.json"};

bool is_our_manifest(const fs::path& path) {
    try {
        std::ifstream in(path);
        const auto json = nlohmann::json::parse(in);
        return json.is_object() && json.value("generator", "") == kGeneratorName;
    } catch (const std::exception&) {
        return false;
    }
}

const char* kind_name(DemoSourceKind kind) {
    switch (kind) {
        case DemoSourceKind::FaceApiDemo:
            return "face-api demo photos";
        case DemoSourceKind::Folder:
            return "folder";
        case DemoSourceKind::File:
            return "file";
    }
    return "?";
}

nlohmann::ordered_json counts_json(const DemoSplitCounts& c) {
    return {{"samples", c.samples},     {"crops", c.crops},
            {"by_task", c.by_task},     {"by_expression", c.by_expression},
            {"by_gender", c.by_gender}, {"by_age_band", c.by_age_band}};
}

}  // namespace

void prepare_output_dir(const std::string& dir) {
    std::error_code ec;
    if (fs::exists(dir, ec)) {
        if (!fs::is_directory(dir, ec))
            throw Error("the output path is a file, not a folder", dir, "give a folder");
        // Ours: an earlier run's manifest, or only the names a run writes
        // (a run that failed or was cancelled before its manifest).
        bool only_outputs = true;
        bool empty = true;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            empty = false;
            const std::string name = it->path().filename().string();
            only_outputs &= std::any_of(std::begin(kOutputs), std::end(kOutputs),
                                        [&](const char* output) { return name == output; });
        }
        if (!empty) {
            if (!only_outputs && !is_our_manifest(fs::path(dir) / "manifest.json"))
                throw Error("the output folder is not empty and holds no earlier demo data", dir,
                            "give an empty or new folder");
            for (const char* name : kOutputs) {
                std::string problem;
                if (remove_tree((fs::path(dir) / name).string(), &problem) < 0)
                    throw Error("cannot remove the earlier " + std::string(name) + ": " + problem,
                                (fs::path(dir) / name).string());
            }
        }
    }
    for (const char* sub : {"images", "landmarks"}) {
        fs::create_directories(fs::path(dir) / sub, ec);
        if (ec)
            throw Error("cannot create the output folder: " + ec.message(),
                        (fs::path(dir) / sub).string(), "check the path and its permissions");
    }
}

std::string age_band(float age) {
    const int low = std::clamp(int(std::floor(double(age) / 10.0)) * 10, 0, 90);
    return std::to_string(low) + "-" + std::to_string(low + 9);
}

nlohmann::ordered_json split_samples(const std::vector<CropRecord>& crops, bool eval,
                                     const DemoDataOptions& options, DemoSplitCounts& counts) {
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    nlohmann::ordered_json samples = nlohmann::ordered_json::array();
    for (const auto& crop : crops) {
        if (crop.eval != eval)
            continue;
        ++counts.crops;
        ++counts.by_expression[labels[size_t(crop.labels.expression_index)]];
        ++counts.by_gender[crop.labels.gender];
        ++counts.by_age_band[age_band(crop.labels.age)];
        for (const DemoTask task : kDemoTasks) {
            const std::string name = demo_task_name(task);
            const std::string& question = pick_demo_question(task, options.seed, crop.id);
            samples.push_back(
                {{"id", crop.id + "/" + name},
                 {"image", "images/" + crop.id + ".png"},
                 {"landmarks_2d", "landmarks/" + crop.id + ".npy"},
                 {"task", name},
                 {"conversations",
                  {{{"from", "human"}, {"value", "<image>\n" + question}},
                   {{"from", "gpt"},
                    {"value", demo_answer(task, crop.labels, crop.cues, options.thresholds)}}}}});
            ++counts.by_task[name];
            ++counts.samples;
        }
    }
    return samples;
}

nlohmann::ordered_json manifest_json(const DemoDataOptions& options,
                                     const std::vector<DemoSource>& sources,
                                     const std::vector<DemoPhoto>& photos,
                                     const std::vector<PhotoRecord>& photo_records,
                                     const DemoDataResult& result, bool dlib_landmarks) {
    nlohmann::ordered_json source_list = nlohmann::ordered_json::array();
    for (size_t s = 0; s < sources.size(); ++s) {
        nlohmann::ordered_json list = nlohmann::ordered_json::array();
        for (size_t p = 0; p < photos.size(); ++p) {
            if (photos[p].source != s)
                continue;
            const PhotoRecord& r = photo_records[p];
            nlohmann::ordered_json item{{"file", photos[p].name},
                                        {"sha256", r.sha256},
                                        {"split", photos[p].eval ? "eval" : "train"},
                                        {"faces", r.faces},
                                        {"crops_kept", r.crops_kept},
                                        {"crops_dropped", r.crops_dropped}};
            if (!r.error.empty())
                item["error"] = r.error;
            list.push_back(item);
        }
        source_list.push_back({{"path", sources[s].path},
                               {"kind", kind_name(sources[s].kind)},
                               {"default", sources[s].is_default},
                               {"found", s < result.sources.size() && result.sources[s].found},
                               {"photos", list}});
    }
    const CueThresholds& t = options.thresholds;
    return {
        {"generator", kGeneratorName},
        {"dataset", kDatasetName},
        {"program_version", FACELLAVA_VERSION},
        {"teacher", std::string("@vladmandic/face-api ") + kFaceApiVersion},
        {"landmarks", dlib_landmarks ? "dlib 68-point shape predictor" : "face-api 68-point net"},
        {"seed", options.seed},
        {"variants", options.variants},
        {"crop_size", options.crop_size},
        {"min_score", options.min_score},
        {"min_face_px", options.min_face_px},
        {"eval_photos", options.eval_photos},
        {"exclude", options.exclude},
        {"thresholds",
         {{"mouth_slightly_open", t.mouth_slightly_open},
          {"mouth_wide_open", t.mouth_wide_open},
          {"corners_raised", t.corners_raised},
          {"corners_lowered", t.corners_lowered},
          {"eyes_wide", t.eyes_wide},
          {"eyes_narrow", t.eyes_narrow},
          {"brows_raised", t.brows_raised},
          {"brows_lowered", t.brows_lowered},
          {"yaw_deg", t.yaw_deg},
          {"pitch_deg", t.pitch_deg},
          {"weak_expression", t.weak_expression},
          {"unsure_gender", t.unsure_gender}}},
        {"tasks", {"nano_expression", "nano_age", "nano_gender", "nano_describe"}},
        {"sources", source_list},
        {"skipped", result.skipped},
        {"counts", {{"train", counts_json(result.train)}, {"eval", counts_json(result.eval)}}},
    };
}

}  // namespace facellava::training::demo
