#include "models/analysis_state.h"

#include <algorithm>

#include "models/face_records.h"

namespace facellava::ui {
AnalysisState::AnalysisState(QObject* parent) : QObject(parent) {}

void AnalysisState::setAnalysis(FrameAnalysis analysis) {
    if (analysis.key == detected_.key) {
        for (auto& face : analysis.faces) {
            const FaceResult* before = detected_.face(face.face_id);
            if (before && face.answers.empty())
                face.answers = before->answers;
        }
    }
    show(std::move(analysis));
}

void AnalysisState::restore(FrameAnalysis detected, const FrameCorrections& corrections) {
    const FrameKey& key = detected.key;
    for (auto it = corrections_.begin(); it != corrections_.end();) {
        if (it->first.media == key.media && it->first.frame == key.frame)
            it = corrections_.erase(it);
        else
            ++it;
    }
    for (const auto& [face_id, points] : corrections)
        if (!points.empty())
            corrections_[FaceKey{key.media, key.frame, face_id}] = points;
    show(std::move(detected));
}

void AnalysisState::show(FrameAnalysis detected) {
    detected_ = std::move(detected);
    analysis_ = detected_;
    for (auto& face : analysis_.faces) {
        auto it =
            corrections_.find(FaceKey{analysis_.key.media, analysis_.key.frame, face.face_id});
        if (it == corrections_.end())
            continue;
        for (const auto& [index, position] : it->second)
            face.landmarks[size_t(index)] = position;
        face.pose = estimate_pose(face.landmarks, analysis_.image_size);
    }
    emit analysisChanged(analysis_);
    // Keep the selection when that face is still there; else the first face.
    if (!analysis_.face(selected_))
        setSelectedFace(analysis_.faces.empty() ? -1 : analysis_.faces.front().face_id);
}

void AnalysisState::clear() {
    detected_ = FrameAnalysis{};
    analysis_ = FrameAnalysis{};
    emit analysisChanged(analysis_);
    setSelectedFace(-1);
}

void AnalysisState::setSelectedFace(int face_id) {
    if (face_id == selected_)
        return;
    selected_ = face_id;
    emit selectionChanged(selected_);
}

void AnalysisState::setLandmark(const FrameKey& key, int face_id, int index, QPointF position) {
    if (index < 0 || index >= 68)
        return;
    // The session keeps float32 points: hold exactly what a reopened session will show.
    const QPointF stored(to_float32(position.x()), to_float32(position.y()));
    corrections_[FaceKey{key.media, key.frame, face_id}][index] = stored;
    refreshFace(key, face_id);
}

void AnalysisState::clearLandmark(const FrameKey& key, int face_id, int index) {
    auto it = corrections_.find(FaceKey{key.media, key.frame, face_id});
    if (it == corrections_.end())
        return;
    it->second.erase(index);
    if (it->second.empty())
        corrections_.erase(it);
    refreshFace(key, face_id);
}

void AnalysisState::refreshFace(const FrameKey& key, int face_id) {
    if (analysis_.key != key)
        return;  // another frame: applied when its analysis is shown again
    FaceResult* face = analysis_.face(face_id);
    const FaceResult* detected = detected_.face(face_id);
    if (!face || !detected)
        return;
    face->landmarks = detected->landmarks;
    for (const auto& [index, position] : corrections(key, face_id))
        face->landmarks[size_t(index)] = position;
    face->pose = estimate_pose(face->landmarks, analysis_.image_size);  // pose follows the points
    emit analysisChanged(analysis_);
    emit landmarksEdited(key, face_id);
}

std::optional<QPointF> AnalysisState::correction(const FrameKey& key, int face_id,
                                                 int index) const {
    const LandmarkCorrections points = corrections(key, face_id);
    auto it = points.find(index);
    return it == points.end() ? std::nullopt : std::optional<QPointF>(it->second);
}

LandmarkCorrections AnalysisState::corrections(const FrameKey& key, int face_id) const {
    auto it = corrections_.find(FaceKey{key.media, key.frame, face_id});
    return it == corrections_.end() ? LandmarkCorrections{} : it->second;
}

FrameCorrections AnalysisState::corrections(const FrameKey& key) const {
    FrameCorrections result;
    for (const auto& [face, points] : corrections_)
        if (face.media == key.media && face.frame == key.frame)
            result[face.face_id] = points;
    return result;
}

int AnalysisState::correctionCount() const {
    int n = 0;
    for (const auto& entry : corrections_)
        n += int(entry.second.size());
    return n;
}

void AnalysisState::setAnswer(const FrameKey& key, int face_id, const TaskAnswer& answer) {
    if (analysis_.key != key)
        return;
    for (FrameAnalysis* analysis : {&detected_, &analysis_}) {
        FaceResult* face = analysis->face(face_id);
        if (!face)
            return;
        auto same = std::find_if(face->answers.begin(), face->answers.end(),
                                 [&](const TaskAnswer& a) { return a.task == answer.task; });
        if (same != face->answers.end())
            *same = answer;
        else
            face->answers.push_back(answer);
    }
}

}  // namespace facellava::ui
