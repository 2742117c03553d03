#if defined(FACELLAVA_HAVE_SQLITE) && defined(FACELLAVA_HAVE_MEDIA)
#include "session_faces_csv.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/store/analysis_tasks.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/pipeline/face_csv.h"

namespace facellava::cli {
namespace {

// What the workbench saves per face and frame (store/analysis_tasks.h).
using store::kAgeTask;
using store::kExpressionTask;
using store::kFaceCountTask;
using store::kGenderTask;
const std::string kAnswerPrefix = store::kTaskAnswerPrefix;

nlohmann::json details_of(const store::Prediction& p) {
    return nlohmann::json::parse(p.probabilities_json, nullptr, false);
}

// The predictions of one media by (track, frame).
using PredictionIndex = std::map<std::pair<store::Id, int64_t>, std::vector<store::Prediction>>;

// One face at one frame as the record the analysis would have made: the box,
// confidence and landmarks in force (a manual correction replaces the
// detector's), pose and geometry measured from them as the pipeline does
// (frame_faces.cpp), expression, age, gender and answers from the predictions.
pipeline::FaceRecord record_of(const store::FaceObservation& o, int face_id,
                               const store::MediaRecord& media,
                               const std::vector<store::Prediction>& predictions,
                               const std::vector<std::string>& tasks) {
    pipeline::FaceRecord r;
    r.frame = o.frame;
    r.timestamp_s = o.timestamp;
    r.face_id = face_id;
    r.success = true;
    r.confidence = o.box.score;  // the workbench keeps the confidence (0–1) as the score
    r.box = o.box;
    r.landmarks = *o.landmarks;
    try {
        r.pose = estimate_head_pose(r.landmarks, media.width, media.height);
    } catch (const Error&) {
    }
    try {
        r.geometry = measure_face_geometry(r.landmarks);
    } catch (const Error&) {
    }
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    r.answers.resize(tasks.size());
    for (const auto& p : predictions) {
        const nlohmann::json details = details_of(p);
        if (!details.is_object())
            continue;
        if (p.task == kExpressionTask) {
            for (size_t i = 0; i < labels.size(); ++i)
                r.expression[i] = details.value(labels[i], 0.0f);
        } else if (p.task == kAgeTask) {
            r.age = details.value("years", 0.0f);
        } else if (p.task == kGenderTask) {
            r.gender = p.value;
            r.gender_probability = details.value("probability", 0.0f);
        } else if (p.task.rfind(kAnswerPrefix, 0) == 0) {
            const auto task =
                std::find(tasks.begin(), tasks.end(), p.task.substr(kAnswerPrefix.size()));
            if (task != tasks.end())
                r.answers[size_t(task - tasks.begin())] = {p.value, details.value("label", "")};
        }
    }
    return r;
}

}  // namespace

int64_t export_session_faces_csv(store::SessionStore& store, const std::string& path,
                                 std::optional<store::Id> media_id,
                                 const pipeline::OutputConventions& conventions) {
    std::vector<store::MediaRecord> media;
    if (media_id) {
        const auto found = store.media().find(*media_id);
        if (!found)
            throw Error("media " + std::to_string(*media_id) + " is not in the session",
                        store.path(), "list the media with `facellava session show`");
        media.push_back(*found);
    } else {
        media = store.media().list_all();
    }
    // Answer columns: every Face-LLaVA task the session holds, by name.
    std::set<std::string> task_set;
    for (const auto& m : media)
        for (const auto& p : store.predictions().list(m.id))
            if (p.task.rfind(kAnswerPrefix, 0) == 0)
                task_set.insert(p.task.substr(kAnswerPrefix.size()));
    const std::vector<std::string> tasks(task_set.begin(), task_set.end());

    std::string out = pipeline::face_csv_header(tasks, conventions);
    int64_t rows = 0;
    auto faces = store.faces();
    for (const auto& m : media) {
        std::map<store::Id, int> face_of_track;
        for (const auto& track : faces.tracks(m.id))
            face_of_track[track.id] = track.face_index;
        PredictionIndex predictions;
        std::map<int64_t, double> empty_frames;  // analysed, no face: frame → seconds
        for (const auto& p : store.predictions().list(m.id)) {
            if (p.task == kFaceCountTask && p.frame && p.value == "0")
                empty_frames.emplace(*p.frame, 0.0);
            if (p.track_id && p.frame)
                predictions[{*p.track_id, *p.frame}].push_back(p);
        }
        // (frame, face id) → the observation in force.
        std::map<std::pair<int64_t, int>, store::FaceObservation> in_force;
        for (const auto& o : faces.observations_of_media(m.id)) {
            if (!o.landmarks || !face_of_track.count(o.track_id))
                continue;
            const auto key = std::make_pair(o.frame, face_of_track.at(o.track_id));
            if (o.detector == store::kManualDetector || !in_force.count(key))
                in_force[key] = o;
        }
        for (auto& [frame, time] : empty_frames)  // no observation keeps its time: frame / fps
            time = m.fps > 0 ? double(frame) / m.fps : 0.0;
        auto empty = empty_frames.begin();
        const auto flush_empty_until = [&](int64_t frame) {
            for (; empty != empty_frames.end() && empty->first < frame; ++empty) {
                pipeline::FaceRecord none;
                none.frame = empty->first;
                none.timestamp_s = empty->second;
                pipeline::append_face_csv_row(out, none, tasks, conventions, m.path);
                ++rows;
            }
        };
        for (const auto& [key, o] : in_force) {
            flush_empty_until(key.first);
            const auto found = predictions.find({o.track_id, o.frame});
            const std::vector<store::Prediction> none;
            pipeline::append_face_csv_row(
                out,
                record_of(o, key.second, m, found == predictions.end() ? none : found->second,
                          tasks),
                tasks, conventions, m.path);
            ++rows;
        }
        flush_empty_until(INT64_MAX);
    }
    write_file_atomically(path, out);
    return rows;
}

}  // namespace facellava::cli
#endif
