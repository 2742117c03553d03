// Draws the analysis of the displayed frame over it, in image pixels: face
// boxes with ids, 68 landmarks coloured by FRGCA region, the attention
// heatmap over the face crop, head-pose axes, labels, and the optional
// outputs when measured: the face mesh's points and a gaze arrow per eye. Draws nothing unless
// the analysis belongs to exactly the frame shown (setDisplayedFrame).
//
// With landmark editing on, a landmark can be dragged; the move is reported
// (not applied) so the owner can make it an undoable command.
#pragma once

#include <QGraphicsObject>
#include <QHash>
#include <QStringList>
#include <optional>

#include "models/frame_analysis.h"
#include "widgets/overlay_options.h"

namespace facellava::ui {

class OverlayItem : public QGraphicsObject {
    Q_OBJECT
  public:
    explicit OverlayItem(QGraphicsItem* parent = nullptr);

    void setImageSize(QSize size);
    void setDisplayedFrame(const FrameKey& key);
    void setAnalysis(const FrameAnalysis& analysis);
    void clearAnalysis();
    void setAttention(const FaceAttention& attention);
    void clearAttention();
    void setFaceLabels(const QHash<int, QStringList>& labels);
    void setOptions(const OverlayOptions& options);
    void setSelectedFace(int face_id);
    void setLandmarkEditing(bool on) { editing_ = on; }

    const OverlayOptions& options() const { return options_; }
    const FrameAnalysis& analysis() const { return analysis_; }
    // True when the analysis is of the frame on screen (and so is drawn).
    bool analysisMatchesFrame() const;
    bool attentionShown() const;
    // The heatmap image drawn over the crop, one pixel per patch (null when none).
    const QImage& heatImage() const { return heat_; }
    int selectedFace() const { return selected_face_; }

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

  signals:
    void faceClicked(int face_id);
    void landmarkMoved(int face_id, int landmark, QPointF from, QPointF to);

  protected:
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent* event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent* event) override;

  private:
    void paintBoxes(QPainter* painter, double pixel) const;
    void paintLandmarks(QPainter* painter, double pixel) const;
    void paintHeatmap(QPainter* painter) const;
    void paintPose(QPainter* painter, double pixel) const;
    void paintLabels(QPainter* painter, double pixel) const;
    void paintMesh(QPainter* painter) const;
    void paintGaze(QPainter* painter, double pixel) const;
    QPointF landmarkAt(const FaceResult& face, int index) const;
    double scenePixel() const;  // one screen pixel in image pixels

    QSize image_size_;
    FrameKey displayed_;
    FrameAnalysis analysis_;
    std::optional<FaceAttention> attention_;
    QImage heat_;                  // cached for the current attention, region and head
    bool heat_is_regions_ = true;  // the dominant-region view (else one region's weights)
    QHash<int, QStringList> labels_;
    OverlayOptions options_;
    int selected_face_ = -1;
    bool editing_ = false;
    struct Drag {
        int face_id = -1;
        int landmark = -1;
        QPointF from, to;
    };
    std::optional<Drag> drag_;
};

}  // namespace facellava::ui
