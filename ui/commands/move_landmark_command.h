// Dragging one landmark to where it belongs, as an undoable edit. The
// corrected 68 points are saved to the session as a "manual" face
// observation of that frame (the newest manual observation is the
// correction in force, so undo saves the points as they were).
// Successive drags of the same landmark merge into one undo step.
#pragma once

#include <QPointF>
#include <QRectF>
#include <QUndoCommand>

#include "models/frame_analysis.h"

namespace facellava::ui {

class AnalysisState;
class SessionContext;

class MoveLandmarkCommand : public QUndoCommand {
  public:
    MoveLandmarkCommand(AnalysisState& state, SessionContext& session, const FrameKey& key,
                        double timestamp_s, int face_id, int landmark, QPointF from, QPointF to);

    void redo() override;
    void undo() override;
    int id() const override { return 0x1a4d; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    void apply(QPointF position);

    AnalysisState& state_;
    SessionContext& session_;
    FrameKey key_;
    double timestamp_s_;
    int face_id_;
    int landmark_;
    QPointF from_, to_;
};

}  // namespace facellava::ui
