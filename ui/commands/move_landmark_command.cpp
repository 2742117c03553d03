#include "commands/move_landmark_command.h"

#include <QCoreApplication>

#include "facellava/core/store/session_store.h"
#include "models/analysis_state.h"
#include "models/session_context.h"

namespace facellava::ui {

MoveLandmarkCommand::MoveLandmarkCommand(AnalysisState& state, SessionContext& session,
                                         const FrameKey& key, double timestamp_s, int face_id,
                                         int landmark, QPointF from, QPointF to)
    : state_(state),
      session_(session),
      key_(key),
      timestamp_s_(timestamp_s),
      face_id_(face_id),
      landmark_(landmark),
      from_(from),
      to_(to) {
    setText(QCoreApplication::translate("facellava::ui::Commands", "Move landmark %1 of face %2")
                .arg(landmark)
                .arg(face_id));
}

void MoveLandmarkCommand::redo() {
    apply(to_);
}
void MoveLandmarkCommand::undo() {
    apply(from_);
}

bool MoveLandmarkCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const MoveLandmarkCommand*>(other);
    if (next->key_ != key_ || next->face_id_ != face_id_ || next->landmark_ != landmark_)
        return false;
    to_ = next->to_;
    return true;
}

void MoveLandmarkCommand::apply(QPointF position) {
    const auto points = state_.setLandmark(key_, face_id_, landmark_, position);
    if (!points)
        return;  // that frame's analysis is not on screen: kept as a pending correction
    const FaceResult* face = state_.analysis().face(face_id_);
    if (!face)
        return;
    store::FaceObservation observation;
    observation.frame = key_.frame;
    observation.timestamp = timestamp_s_;
    observation.box = FaceBox{float(face->box.x()), float(face->box.y()), float(face->box.width()),
                              float(face->box.height()), face->score};
    Landmarks68 landmarks;
    for (int i = 0; i < 68; ++i) {
        landmarks.xy[size_t(2 * i)] = float((*points)[size_t(i)].x());
        landmarks.xy[size_t(2 * i + 1)] = float((*points)[size_t(i)].y());
    }
    observation.landmarks = landmarks;
    observation.detector = "manual";
    session_.run([observation, media = key_.media, face_id = face_id_](store::SessionStore& store,
                                                                       WriterState& state) mutable {
        const store::Id media_id = state.media_id(media);
        if (media_id == 0)
            return;  // media not in the session (no session open)
        observation.track_id = store.faces().track_for(media_id, face_id);
        store.faces().add_observation(observation);
    });
}

}  // namespace facellava::ui
