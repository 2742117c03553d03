// The central image/video view: a QGraphicsView with the frame, the overlay
// item on top, wheel zoom around the cursor, drag to pan, and fit-to-window
// that follows resizes until the user zooms.
#pragma once

#include <QGraphicsView>

#include "models/frame_analysis.h"

class QGraphicsPixmapItem;

namespace facellava::ui {

class OverlayItem;

class MediaView : public QGraphicsView {
    Q_OBJECT
  public:
    explicit MediaView(QWidget* parent = nullptr);

    void showFrame(const QImage& image, const FrameKey& key);
    void clear();
    OverlayItem* overlay() const { return overlay_; }
    bool hasImage() const;
    QSize imageSize() const { return image_size_; }
    double zoomFactor() const { return transform().m11(); }
    bool fitsWindow() const { return fit_; }

  public slots:
    void zoomIn();
    void zoomOut();
    void zoomTo(double factor);
    void fitToWindow();
    void actualSize();

  signals:
    void zoomChanged(double factor);
    void filesDropped(const QStringList& paths);

  protected:
    void wheelEvent(QWheelEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    QGraphicsPixmapItem* pixmap_ = nullptr;
    OverlayItem* overlay_ = nullptr;
    QSize image_size_;
    bool fit_ = true;
};

}  // namespace facellava::ui
