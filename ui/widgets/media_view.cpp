#include "widgets/media_view.h"

#include <QDragEnterEvent>
#include <QGraphicsPixmapItem>
#include <QMimeData>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "widgets/overlay_item.h"

namespace facellava::ui {
namespace {
constexpr double kZoomStep = 1.25;
constexpr double kMinZoom = 0.02;
constexpr double kMaxZoom = 40.0;
}  // namespace

MediaView::MediaView(QWidget* parent) : QGraphicsView(parent) {
    setObjectName("MediaView");
    setScene(new QGraphicsScene(this));
    pixmap_ = scene()->addPixmap(QPixmap());
    pixmap_->setTransformationMode(Qt::SmoothTransformation);
    overlay_ = new OverlayItem();
    scene()->addItem(overlay_);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setRenderHints(QPainter::Antialiasing | QPainter::SmoothPixmapTransform);
    setViewportUpdateMode(QGraphicsView::FullViewportUpdate);  // overlays move with zoom
    setBackgroundRole(QPalette::Dark);                         // follows the theme; no fixed colour
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
}

bool MediaView::hasImage() const {
    return !pixmap_->pixmap().isNull();
}

void MediaView::showFrame(const QImage& image, const FrameKey& key) {
    const bool new_size = image.size() != image_size_;
    pixmap_->setPixmap(QPixmap::fromImage(image));
    image_size_ = image.size();
    overlay_->setImageSize(image_size_);
    overlay_->setDisplayedFrame(key);
    if (new_size) {
        scene()->setSceneRect(QRectF(QPointF(0, 0), QSizeF(image_size_)));
        fit_ = true;
    }
    if (fit_)
        fitToWindow();
}

void MediaView::clear() {
    pixmap_->setPixmap(QPixmap());
    image_size_ = QSize();
    overlay_->clearAnalysis();
    overlay_->setDisplayedFrame(FrameKey{});
}

void MediaView::zoomTo(double factor) {
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    setTransform(QTransform::fromScale(factor, factor));
    fit_ = false;
    emit zoomChanged(factor);
}

void MediaView::zoomIn() {
    zoomTo(zoomFactor() * kZoomStep);
}
void MediaView::zoomOut() {
    zoomTo(zoomFactor() / kZoomStep);
}
void MediaView::actualSize() {
    zoomTo(1.0);
}

void MediaView::fitToWindow() {
    fit_ = true;
    if (!hasImage())
        return;
    fitInView(pixmap_, Qt::KeepAspectRatio);
    emit zoomChanged(zoomFactor());
}

void MediaView::wheelEvent(QWheelEvent* event) {
    if (!hasImage())
        return;
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0)
        return;
    zoomTo(zoomFactor() * std::pow(kZoomStep, steps));
    event->accept();
}

void MediaView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    if (fit_)
        fitToWindow();
}

void MediaView::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MediaView::dragMoveEvent(QDragMoveEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MediaView::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    emit filesDropped(paths);
}

}  // namespace facellava::ui
