#include "models/analysis_state.h"

#include "jobs/face_analysis.h"

namespace facellava::ui {

AnalysisState::AnalysisState(QObject* parent) : QObject(parent) {}

void AnalysisState::setAnalysis(FrameAnalysis analysis) {
    applyCorrections(analysis);
    analysis_ = std::move(analysis);
    emit analysisChanged(analysis_);
    // Keep the selection when that face is still there; else the first face.
    if (!analysis_.face(selected_))
        setSelectedFace(analysis_.faces.empty() ? -1 : analysis_.faces.front().face_id);
}

void AnalysisState::clear() {
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

std::optional<std::array<QPointF, 68>> AnalysisState::setLandmark(const FrameKey& key, int face_id,
                                                                  int index, QPointF position) {
    if (index < 0 || index >= 68)
        return std::nullopt;
    corrections_[FaceKey{key.media, key.frame, face_id}][index] = position;
    if (analysis_.key != key)
        return std::nullopt;
    FaceResult* face = analysis_.face(face_id);
    if (!face)
        return std::nullopt;
    face->landmarks[size_t(index)] = position;
    face->pose = estimate_pose(face->landmarks, analysis_.image_size);  // pose follows the points
    emit analysisChanged(analysis_);
    emit landmarksEdited(key, face_id);
    return face->landmarks;
}

int AnalysisState::correctionCount() const {
    int n = 0;
    for (const auto& entry : corrections_)
        n += int(entry.second.size());
    return n;
}

void AnalysisState::applyCorrections(FrameAnalysis& analysis) const {
    for (auto& face : analysis.faces) {
        auto it = corrections_.find(FaceKey{analysis.key.media, analysis.key.frame, face.face_id});
        if (it == corrections_.end())
            continue;
        for (const auto& [index, position] : it->second)
            face.landmarks[size_t(index)] = position;
        face.pose = estimate_pose(face.landmarks, analysis.image_size);
    }
}

}  // namespace facellava::ui
