#include "commands/move_landmark_command.h"

#include <QCoreApplication>

#include "facellava/core/store/session_store.h"
#include "models/analysis_records.h"
#include "models/analysis_state.h"
#include "models/session_context.h"

namespace facellava::ui {

MoveLandmarkCommand::MoveLandmarkCommand(AnalysisState& state, SessionContext& session,
                                         const FrameKey& key, int face_id, int landmark, QPointF to)
    : state_(state),
      session_(session),
      key_(key),
      image_size_(state.analysis().image_size),
      face_id_(face_id),
      landmark_(landmark),
      to_(to),
      before_(state.correction(key, face_id, landmark)) {
    setText(QCoreApplication::translate("facellava::ui::Commands", "Move landmark %1 of face %2")
                .arg(landmark)
                .arg(face_id));
}

void MoveLandmarkCommand::redo() {
    state_.setLandmark(key_, face_id_, landmark_, to_);
    save();
}

void MoveLandmarkCommand::undo() {
    if (before_)
        state_.setLandmark(key_, face_id_, landmark_, *before_);
    else
        state_.clearLandmark(key_, face_id_, landmark_);
    save();
}

bool MoveLandmarkCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = static_cast<const MoveLandmarkCommand*>(other);
    if (next->key_ != key_ || next->face_id_ != face_id_ || next->landmark_ != landmark_)
        return false;
    to_ = next->to_;  // before_ stays: undo goes back to before the first drag
    return true;
}

void MoveLandmarkCommand::save() {
    session_.run([media = key_.media, frame = key_.frame, face_id = face_id_,
                  corrections = state_.corrections(key_, face_id_),
                  size = image_size_](store::SessionStore& store, WriterState& state) {
        const store::Id media_id = state.media_id(media);
        if (media_id == 0)
            return;  // the file is not in the session (none open, or it could not be read)
        save_landmark_corrections(store, media_id, frame, face_id, corrections, size);
    });
}

}  // namespace facellava::ui
