// Dragging one landmark to where it belongs, as an undoable edit. Every
// change (redo, undo) saves that face's corrections at that frame to the
// session as its "manual" face observation (models/analysis_records.h); an
// undo that leaves the face without corrections removes the row, so the file
// always holds exactly what the stack shows. Successive drags of the same
// landmark merge into one undo step.
#pragma once

#include <QPointF>
#include <QSize>
#include <QUndoCommand>
#include <optional>

#include "models/frame_analysis.h"

namespace facellava::ui {

class AnalysisState;
class SessionContext;

class MoveLandmarkCommand : public QUndoCommand {
  public:
    // `key` is the frame of the analysis on screen (its image size is taken
    // from it). Undo puts the landmark back where it was before: the earlier
    // correction, or the detector's point.
    MoveLandmarkCommand(AnalysisState& state, SessionContext& session, const FrameKey& key,
                        int face_id, int landmark, QPointF to);

    void redo() override;
    void undo() override;
    int id() const override { return 0x1a4d; }
    bool mergeWith(const QUndoCommand* other) override;

  private:
    void save();

    AnalysisState& state_;
    SessionContext& session_;
    FrameKey key_;
    QSize image_size_;
    int face_id_;
    int landmark_;
    QPointF to_;
    std::optional<QPointF> before_;  // the correction in force before the move, if any
};

}  // namespace facellava::ui
