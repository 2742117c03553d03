#include "models/analysis_records.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <map>

#include "facellava/core/store/analysis_tasks.h"
#include "facellava/model/face_analyzer.h"
#include "models/face_records.h"

namespace facellava::ui {
namespace {

using store::kAgeTask;
using store::kExpressionTask;
using store::kFaceCountTask;
using store::kGenderTask;
using store::kHeadPoseTask;
using store::kTaskAnswerPrefix;

std::array<QPointF, 68> to_points(const Landmarks68& landmarks) {
    std::array<QPointF, 68> points;
    for (int i = 0; i < 68; ++i)
        points[size_t(i)] = QPointF(landmarks.x(i), landmarks.y(i));
    return points;
}

std::string to_json(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

QJsonObject from_json(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

void add_prediction(store::SessionStore& store, store::Id media_id, store::Id track_id,
                    int64_t frame, const std::string& task, const QString& value,
                    const QJsonObject& details, const std::string& model_id) {
    store::Prediction p;
    p.media_id = media_id;
    p.track_id = track_id;
    p.frame = frame;
    p.task = task;
    p.value = value.toStdString();
    p.probabilities_json = to_json(details);
    p.model_id = model_id;
    store.predictions().add(p);
}

void save_pose(store::SessionStore& store, store::Id media_id, store::Id track_id, int64_t frame,
               const std::optional<PoseResult>& pose) {
    store.predictions().remove_of_track(track_id, frame, kHeadPoseTask);
    if (!pose)
        return;  // the landmarks fit no head: nothing to record
    add_prediction(store, media_id, track_id, frame, kHeadPoseTask,
                   QStringLiteral("%1 %2 %3")
                       .arg(pose->yaw, 0, 'f', 1)
                       .arg(pose->pitch, 0, 'f', 1)
                       .arg(pose->roll, 0, 'f', 1),
                   {{"yaw", pose->yaw},
                    {"pitch", pose->pitch},
                    {"roll", pose->roll},
                    {"reprojection_error", pose->reprojection_error}},
                   kHeadPoseModelId);
}

// Writes (or, without corrections, removes) the manual row of the face seen
// in `detected` and records the head pose of the landmarks in force.
void save_correction(store::SessionStore& store, store::Id media_id,
                     const store::FaceObservation& detected, const LandmarkCorrections& corrections,
                     QSize image_size) {
    store.faces().remove_observations(detected.track_id, detected.frame, store::kManualDetector);
    std::array<QPointF, 68> points = to_points(*detected.landmarks);
    for (const auto& [index, position] : corrections)
        points[size_t(index)] = position;
    if (!corrections.empty()) {
        store::FaceObservation manual = detected;
        manual.id = 0;
        manual.landmarks = to_landmarks(points);
        manual.detector = store::kManualDetector;
        store.faces().add_observation(manual);
    }
    save_pose(store, media_id, detected.track_id, detected.frame,
              estimate_pose(points, image_size));
}

}  // namespace

void save_frame_analysis(store::SessionStore& store, store::Id media_id,
                         const FrameAnalysis& detected, const FrameCorrections& corrections,
                         double timestamp_s) {
    const int64_t frame = detected.key.frame;
    auto faces = store.faces();
    faces.remove_observations_at(media_id, frame);
    store.predictions().remove_at(
        media_id, frame, {kExpressionTask, kAgeTask, kGenderTask, kHeadPoseTask, kFaceCountTask});
    // The frame's own row says it was analysed, also when no face was found.
    store::Prediction count;
    count.media_id = media_id;
    count.frame = frame;
    count.task = kFaceCountTask;
    count.value = std::to_string(detected.faces.size());
    count.probabilities_json = to_json({{"detector", detected.detector}});
    count.model_id = kPerceptionModelId;
    store.predictions().add(count);
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    for (const FaceResult& face : detected.faces) {
        store::FaceObservation o;
        o.track_id = faces.track_for(media_id, face.face_id);
        o.frame = frame;
        o.timestamp = timestamp_s;
        o.box = FaceBox{float(face.box.x()), float(face.box.y()), float(face.box.width()),
                        float(face.box.height()), face.score};
        o.landmarks = to_landmarks(face.landmarks);
        o.detector = detected.detector.toStdString();
        o.id = faces.add_observation(o);

        QJsonObject probabilities;
        for (size_t i = 0; i < labels.size(); ++i)
            probabilities.insert(QString::fromUtf8(labels[i]), double(face.expression[i]));
        add_prediction(store, media_id, o.track_id, frame, kExpressionTask,
                       QString::fromUtf8(labels[size_t(face.dominantExpression())]), probabilities,
                       kPerceptionModelId);
        add_prediction(store, media_id, o.track_id, frame, kAgeTask,
                       QString::number(face.age, 'f', 1), {{"years", double(face.age)}},
                       kPerceptionModelId);
        add_prediction(store, media_id, o.track_id, frame, kGenderTask, face.gender,
                       {{"probability", double(face.gender_probability)}}, kPerceptionModelId);

        auto corrected = corrections.find(face.face_id);
        if (corrected != corrections.end() && !corrected->second.empty())
            save_correction(store, media_id, o, corrected->second, detected.image_size);
        else
            save_pose(store, media_id, o.track_id, frame, face.pose);
    }
}

bool save_landmark_corrections(store::SessionStore& store, store::Id media_id, int64_t frame,
                               int face_id, const LandmarkCorrections& corrections,
                               QSize image_size) {
    auto faces = store.faces();
    const store::Id track_id = faces.track_for(media_id, face_id);
    for (const auto& o : faces.observations_at(media_id, frame)) {
        if (o.track_id == track_id && o.detector != store::kManualDetector && o.landmarks) {
            save_correction(store, media_id, o, corrections, image_size);
            return true;
        }
    }
    return false;
}

void save_task_answer(store::SessionStore& store, store::Id media_id, int64_t frame, int face_id,
                      const TaskAnswer& answer, const std::string& model_id) {
    const store::Id track_id = store.faces().track_for(media_id, face_id);
    const std::string task = kTaskAnswerPrefix + answer.task.toStdString();
    store.predictions().remove_of_track(track_id, frame, task);
    add_prediction(store, media_id, track_id, frame, task, answer.answer, {{"label", answer.label}},
                   model_id);
}

std::optional<StoredAnalysis> load_frame_analysis(store::SessionStore& store, store::Id media_id,
                                                  const FrameKey& key, QSize image_size) {
    const auto count = store.predictions().latest(media_id, kFaceCountTask, key.frame);
    if (!count || count->model_id != kPerceptionModelId)
        return std::nullopt;  // never analysed here
    auto faces = store.faces();
    const auto observations = faces.observations_at(media_id, key.frame);
    std::map<store::Id, int> face_of_track;
    for (const auto& track : faces.tracks(media_id))
        face_of_track[track.id] = track.face_index;

    StoredAnalysis stored;
    FrameAnalysis& analysis = stored.detected;
    analysis.key = key;
    analysis.image_size = image_size;
    analysis.detector = from_json(count->probabilities_json).value("detector").toString();
    std::map<int, Landmarks68> manual;
    for (const auto& o : observations) {
        if (!o.landmarks)
            return std::nullopt;  // not a workbench analysis: analyse the frame afresh
        const int face_id = face_of_track.at(o.track_id);
        if (o.detector == store::kManualDetector) {
            manual[face_id] = *o.landmarks;
            continue;
        }
        FaceResult face;
        face.face_id = face_id;
        face.box = QRectF(o.box.x, o.box.y, o.box.w, o.box.h);
        face.score = o.box.score;
        face.landmarks = to_points(*o.landmarks);
        analysis.faces.push_back(std::move(face));
    }
    std::sort(analysis.faces.begin(), analysis.faces.end(),
              [](const FaceResult& a, const FaceResult& b) { return a.face_id < b.face_id; });

    const auto& labels = perception::FaceAnalyzer::expression_labels();
    std::map<int, bool> has_expression;
    for (const auto& p : store.predictions().at_frame(media_id, key.frame)) {
        if (!p.track_id || !face_of_track.count(*p.track_id))
            continue;
        FaceResult* face = analysis.face(face_of_track.at(*p.track_id));
        if (!face)
            continue;
        const QJsonObject details = from_json(p.probabilities_json);
        if (p.task == kExpressionTask && p.model_id == kPerceptionModelId) {
            for (size_t i = 0; i < labels.size(); ++i)
                face->expression[i] = float(details.value(QString::fromUtf8(labels[i])).toDouble());
            has_expression[face->face_id] = true;
        } else if (p.task == kAgeTask && p.model_id == kPerceptionModelId) {
            face->age = float(details.value("years").toDouble());
        } else if (p.task == kGenderTask && p.model_id == kPerceptionModelId) {
            face->gender = QString::fromStdString(p.value);
            face->gender_probability = float(details.value("probability").toDouble());
        } else if (p.task.rfind(kTaskAnswerPrefix, 0) == 0) {
            face->answers.push_back(
                {QString::fromStdString(p.task.substr(std::string(kTaskAnswerPrefix).size())),
                 QString::fromStdString(p.value), details.value("label").toString()});
        }
    }
    for (FaceResult& face : analysis.faces) {
        if (!has_expression[face.face_id])
            return std::nullopt;  // faces from another tool: analyse the frame afresh
        face.pose = estimate_pose(face.landmarks, image_size);
        auto corrected = manual.find(face.face_id);
        if (corrected == manual.end())
            continue;
        // Exact float comparison (QPointF's == is fuzzy): every point moved is a correction.
        const Landmarks68& points = corrected->second;
        for (int i = 0; i < 68; ++i) {
            const QPointF detected_point = face.landmarks[size_t(i)];
            if (points.x(i) != float(detected_point.x()) ||
                points.y(i) != float(detected_point.y()))
                stored.corrections[face.face_id][i] = QPointF(points.x(i), points.y(i));
        }
    }
    return stored;
}

}  // namespace facellava::ui
