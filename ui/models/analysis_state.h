// The analysis of the frame on screen, the selected face and the user's
// landmark corrections (kept per frame, re-applied when an analysis of that
// frame arrives again). The one place the overlays, the analysis panel, the
// chat and the commands read and change it.
#pragma once

#include <QHash>
#include <QObject>
#include <map>
#include <optional>
#include <tuple>

#include "models/frame_analysis.h"

namespace facellava::ui {

class AnalysisState : public QObject {
    Q_OBJECT
  public:
    explicit AnalysisState(QObject* parent = nullptr);

    const FrameAnalysis& analysis() const { return analysis_; }
    bool hasAnalysis() const { return analysis_.key.isValid(); }
    void setAnalysis(FrameAnalysis analysis);
    void clear();

    int selectedFace() const { return selected_; }
    const FaceResult* selected() const { return analysis_.face(selected_); }
    void setSelectedFace(int face_id);

    // Sets landmark `index` of a face at a frame; applies at once when that
    // frame's analysis is the current one. Returns the 68 points after the
    // change when the face is known (for saving).
    std::optional<std::array<QPointF, 68>> setLandmark(const FrameKey& key, int face_id, int index,
                                                       QPointF position);
    int correctionCount() const;

  signals:
    void analysisChanged(const facellava::ui::FrameAnalysis& analysis);
    void selectionChanged(int face_id);
    void landmarksEdited(const facellava::ui::FrameKey& key, int face_id);

  private:
    using Corrections = std::map<int, QPointF>;  // landmark → position
    struct FaceKey {
        QString media;
        int64_t frame;
        int face_id;
        bool operator<(const FaceKey& o) const {
            return std::tie(media, frame, face_id) < std::tie(o.media, o.frame, o.face_id);
        }
    };
    void applyCorrections(FrameAnalysis& analysis) const;

    FrameAnalysis analysis_;
    int selected_ = -1;
    std::map<FaceKey, Corrections> corrections_;
};

}  // namespace facellava::ui
