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

// Landmark index → where the user put it (image pixels).
using LandmarkCorrections = std::map<int, QPointF>;
// face_id → that face's corrections, for one frame.
using FrameCorrections = std::map<int, LandmarkCorrections>;

class AnalysisState : public QObject {
    Q_OBJECT
  public:
    explicit AnalysisState(QObject* parent = nullptr);

    // The analysis as shown: detected values with the corrections applied.
    const FrameAnalysis& analysis() const { return analysis_; }
    // The same frame as the detector found it (no corrections).
    const FrameAnalysis& detected() const { return detected_; }
    bool hasAnalysis() const { return analysis_.key.isValid(); }
    // A fresh analysis (as detected). Answers already known for the same
    // frame and face are kept.
    void setAnalysis(FrameAnalysis analysis);
    // An analysis read back from the session: its corrections replace any
    // known for that frame.
    void restore(FrameAnalysis detected, const FrameCorrections& corrections);
    void clear();

    int selectedFace() const { return selected_; }
    const FaceResult* selected() const { return analysis_.face(selected_); }
    void setSelectedFace(int face_id);

    // Sets landmark `index` of a face at a frame (rounded to the float
    // precision the session stores); applies at once when that frame's
    // analysis is the current one.
    void setLandmark(const FrameKey& key, int face_id, int index, QPointF position);
    // Drops the correction of one landmark: it goes back to where the
    // detector put it.
    void clearLandmark(const FrameKey& key, int face_id, int index);
    std::optional<QPointF> correction(const FrameKey& key, int face_id, int index) const;
    LandmarkCorrections corrections(const FrameKey& key, int face_id) const;
    FrameCorrections corrections(const FrameKey& key) const;
    int correctionCount() const;

    // Records Face-LLaVA's answer about a face of the current frame (an
    // answer to the same task replaces the older one). The answers panel
    // shows answers as they come; this keeps them for the next time the face
    // is selected.
    void setAnswer(const FrameKey& key, int face_id, const TaskAnswer& answer);

  signals:
    void analysisChanged(const facellava::ui::FrameAnalysis& analysis);
    void selectionChanged(int face_id);
    void landmarksEdited(const facellava::ui::FrameKey& key, int face_id);

  private:
    struct FaceKey {
        QString media;
        int64_t frame;
        int face_id;
        bool operator<(const FaceKey& o) const {
            return std::tie(media, frame, face_id) < std::tie(o.media, o.frame, o.face_id);
        }
    };
    void show(FrameAnalysis detected);
    void refreshFace(const FrameKey& key, int face_id);

    FrameAnalysis detected_;
    FrameAnalysis analysis_;
    int selected_ = -1;
    std::map<FaceKey, LandmarkCorrections> corrections_;
};

}  // namespace facellava::ui
