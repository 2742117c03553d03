#include "widgets/overlay_item.h"

#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>
#include <cmath>

#include "facellava/model/attention_views.h"
#include "facellava/model/face_regions.h"
#include "widgets/attention_images.h"
#include "widgets/region_colors.h"

namespace facellava::ui {
namespace {

constexpr double kGrabRadiusPx =
    9.0;  // how close (screen pixels) a press must be to grab a landmark

bool closed_region(int region) {
    // Eyes and lips are loops; the jaw, brows, nose bridge and nostril line are open.
    return region == 5 || region == 6 || region == 7 || region == 8;
}

const QColor kMeshColor(0, 230, 255);  // cyan: apart from the region colours
const QColor kGazeColor(255, 220, 0);  // yellow

QPen cosmetic_pen(const QColor& color, double width) {
    QPen pen(color, width);
    pen.setCosmetic(true);
    return pen;
}

}  // namespace

OverlayItem::OverlayItem(QGraphicsItem* parent) : QGraphicsObject(parent) {
    setAcceptedMouseButtons(Qt::LeftButton);
    setZValue(1);
}

void OverlayItem::setImageSize(QSize size) {
    prepareGeometryChange();
    image_size_ = size;
}

void OverlayItem::setDisplayedFrame(const FrameKey& key) {
    displayed_ = key;
    drag_.reset();
    update();
}

void OverlayItem::setAnalysis(const FrameAnalysis& analysis) {
    analysis_ = analysis;
    update();
}

void OverlayItem::clearAnalysis() {
    analysis_ = FrameAnalysis{};
    attention_.reset();
    drag_.reset();
    update();
}

void OverlayItem::setAttention(const FaceAttention& attention) {
    attention_ = attention;
    setOptions(options_);  // rebuilds the heat image
}

void OverlayItem::clearAttention() {
    attention_.reset();
    heat_ = QImage();
    update();
}

void OverlayItem::setFaceLabels(const QHash<int, QStringList>& labels) {
    labels_ = labels;
    update();
}

void OverlayItem::setOptions(const OverlayOptions& options) {
    options_ = options;
    heat_ = QImage();
    if (attention_ && !attention_->maps.empty()) {
        const auto& maps = attention_->maps;
        // A head this attention does not have (another checkpoint's choice): the mean.
        const int head =
            options_.heatmap_head >= 0 && options_.heatmap_head < model::attention_head_count(maps)
                ? options_.heatmap_head
                : model::kMeanOfHeads;
        const int region = options_.heatmap_region;
        heat_is_regions_ = !(region >= 0 && region < int(maps.size()));
        heat_ = heat_is_regions_ ? dominant_region_image(maps, head)
                                 : region_weight_image(maps[size_t(region)], head);
    }
    update();
}

void OverlayItem::setSelectedFace(int face_id) {
    selected_face_ = face_id;
    update();
}

bool OverlayItem::analysisMatchesFrame() const {
    return analysis_.key.isValid() && analysis_.key == displayed_;
}

bool OverlayItem::attentionShown() const {
    return attention_ && attention_->key == displayed_ && !heat_.isNull() &&
           options_[OverlayLayer::Heatmap].visible;
}

QRectF OverlayItem::boundingRect() const {
    // Generous margin: labels and pose axes may stick out of the image.
    return QRectF(QPointF(0, 0), QSizeF(image_size_)).adjusted(-400, -400, 400, 400);
}

double OverlayItem::scenePixel() const {
    if (!scene() || scene()->views().isEmpty())
        return 1.0;
    const double scale = scene()->views().first()->transform().m11();
    return scale > 0 ? 1.0 / scale : 1.0;
}

QPointF OverlayItem::landmarkAt(const FaceResult& face, int index) const {
    if (drag_ && drag_->face_id == face.face_id && drag_->landmark == index)
        return drag_->to;
    return face.landmarks[size_t(index)];
}

void OverlayItem::paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget*) {
    if (!analysisMatchesFrame())
        return;
    painter->setRenderHint(QPainter::Antialiasing);
    const double pixel =
        option ? 1.0 / std::max(1e-6, option->levelOfDetailFromTransform(painter->worldTransform()))
               : scenePixel();
    auto layer = [&](OverlayLayer which, auto&& draw) {
        const LayerStyle& style = options_[which];
        if (!style.visible || style.opacity <= 0)
            return;
        painter->save();
        painter->setOpacity(style.opacity);
        draw();
        painter->restore();
    };
    layer(OverlayLayer::Heatmap, [&] { paintHeatmap(painter); });
    layer(OverlayLayer::Boxes, [&] { paintBoxes(painter, pixel); });
    layer(OverlayLayer::Mesh, [&] { paintMesh(painter); });  // under the 68 landmarks
    layer(OverlayLayer::Landmarks, [&] { paintLandmarks(painter, pixel); });
    layer(OverlayLayer::Pose, [&] { paintPose(painter, pixel); });
    layer(OverlayLayer::Gaze, [&] { paintGaze(painter, pixel); });
    layer(OverlayLayer::Labels, [&] { paintLabels(painter, pixel); });
}

void OverlayItem::paintBoxes(QPainter* painter, double pixel) const {
    QFont font = painter->font();
    font.setPixelSize(std::max(1, int(std::lround(13 * pixel))));
    font.setBold(true);
    painter->setFont(font);
    for (const auto& face : analysis_.faces) {
        const QColor color = face_color(face.face_id);
        const bool selected = face.face_id == selected_face_;
        painter->setPen(cosmetic_pen(color, selected ? 3.0 : 1.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawRect(face.box);
        // The id on a filled tab above the box, readable on any background.
        const QString id = tr("Face %1").arg(face.face_id);
        const QFontMetricsF metrics(font);
        const QRectF tab(face.box.left(), face.box.top() - metrics.height() - 2 * pixel,
                         metrics.horizontalAdvance(id) + 8 * pixel, metrics.height() + 2 * pixel);
        painter->fillRect(tab, color);
        painter->setPen(Qt::black);
        painter->drawText(tab, Qt::AlignCenter, id);
    }
}

void OverlayItem::paintLandmarks(QPainter* painter, double pixel) const {
    for (const auto& face : analysis_.faces) {
        for (int r = 0; r < model::kNumFaceRegions; ++r) {
            const auto& region = model::kFaceRegions[r];
            const QColor color = region_color(r);
            QPolygonF line;
            for (int i = region.first; i <= region.last; ++i)
                line << landmarkAt(face, i);
            painter->setPen(cosmetic_pen(color, 1.2));
            painter->setBrush(Qt::NoBrush);
            if (closed_region(r))
                painter->drawPolygon(line);
            else
                painter->drawPolyline(line);
            painter->setPen(Qt::NoPen);
            painter->setBrush(color);
            const double radius = (editing_ ? 3.5 : 2.2) * pixel;
            for (const QPointF& p : line)
                painter->drawEllipse(p, radius, radius);
        }
    }
}

void OverlayItem::paintMesh(QPainter* painter) const {
    // 478 points per face: one drawPoints call each, a square cosmetic pen
    // (2 screen pixels at any zoom) and no antialiasing, the cheapest dots.
    painter->setRenderHint(QPainter::Antialiasing, false);
    QPen pen = cosmetic_pen(kMeshColor, 2.0);
    pen.setCapStyle(Qt::SquareCap);
    painter->setPen(pen);
    for (const auto& face : analysis_.faces)
        if (!face.mesh.empty())
            painter->drawPoints(face.mesh.data(), int(face.mesh.size()));
}

void OverlayItem::paintGaze(QPainter* painter, double pixel) const {
    painter->setPen(cosmetic_pen(kGazeColor, 2.5));
    painter->setBrush(Qt::NoBrush);
    for (const auto& face : analysis_.faces) {
        if (!face.gaze)
            continue;
        for (const GazeArrow& arrow : face.gaze->arrows) {
            painter->drawEllipse(arrow.from, 2.5 * pixel, 2.5 * pixel);
            const QPointF shaft = arrow.to - arrow.from;
            const double length = std::hypot(shaft.x(), shaft.y());
            if (length < pixel)
                continue;  // looking into the camera: the ring alone
            painter->drawLine(arrow.from, arrow.to);
            // Head: two strokes back from the tip at ±25°, at most a third of the shaft.
            const double head = std::min(8.0 * pixel, length / 3);
            const QPointF back = -shaft / length * head;
            const double c = std::cos(0.436), s = std::sin(0.436);
            painter->drawLine(arrow.to, arrow.to + QPointF(c * back.x() - s * back.y(),
                                                           s * back.x() + c * back.y()));
            painter->drawLine(arrow.to, arrow.to + QPointF(c * back.x() + s * back.y(),
                                                           -s * back.x() + c * back.y()));
        }
    }
}

void OverlayItem::paintHeatmap(QPainter* painter) const {
    if (!attention_ || attention_->key != displayed_ || heat_.isNull())
        return;
    // Region colours are categories: blending neighbouring patches would make
    // colours of no region, so that view keeps hard patch edges.
    painter->setRenderHint(QPainter::SmoothPixmapTransform, !heat_is_regions_);
    painter->drawImage(attention_->crop_rect, heat_);
}

void OverlayItem::paintPose(QPainter* painter, double pixel) const {
    for (const auto& face : analysis_.faces) {
        if (!face.pose)
            continue;
        const PoseResult& pose = *face.pose;
        painter->setPen(cosmetic_pen(QColor(255, 50, 50), 3));
        painter->drawLine(pose.origin, pose.x_axis);
        painter->setPen(cosmetic_pen(QColor(50, 230, 50), 3));
        painter->drawLine(pose.origin, pose.y_axis);
        painter->setPen(cosmetic_pen(QColor(60, 120, 255), 3));
        painter->drawLine(pose.origin, pose.z_axis);
    }
}

void OverlayItem::paintLabels(QPainter* painter, double pixel) const {
    QFont font = painter->font();
    font.setPixelSize(std::max(1, int(std::lround(12 * pixel))));
    painter->setFont(font);
    const QFontMetricsF metrics(font);
    for (const auto& face : analysis_.faces) {
        const int top = face.dominantExpression();
        QStringList lines;
        lines << tr("%1 %2%")
                     .arg(expression_display_name(top))
                     .arg(std::lround(100 * face.expression[size_t(top)]));
        lines << tr("%1 y · %2").arg(std::lround(face.age)).arg(face.gender);
        if (!face.identity.isEmpty())
            lines << face.identity;
        if (face.pose)
            lines << tr("yaw %1° pitch %2° roll %3°")
                         .arg(std::lround(face.pose->yaw))
                         .arg(std::lround(face.pose->pitch))
                         .arg(std::lround(face.pose->roll));
        lines << labels_.value(face.face_id);
        double y = face.box.bottom() + 2 * pixel;
        for (const QString& text : lines) {
            const QRectF rect(face.box.left(), y, metrics.horizontalAdvance(text) + 8 * pixel,
                              metrics.height() + 2 * pixel);
            painter->fillRect(rect, QColor(0, 0, 0, 170));
            painter->setPen(Qt::white);
            painter->drawText(rect, Qt::AlignCenter, text);
            y += rect.height();
        }
    }
}

void OverlayItem::mousePressEvent(QGraphicsSceneMouseEvent* event) {
    if (!analysisMatchesFrame()) {
        event->ignore();
        return;
    }
    const QPointF at = event->pos();
    if (editing_ && options_[OverlayLayer::Landmarks].visible) {
        const double radius = kGrabRadiusPx * scenePixel();
        double best = radius * radius;
        for (const auto& face : analysis_.faces) {
            for (int i = 0; i < 68; ++i) {
                const QPointF d = face.landmarks[size_t(i)] - at;
                const double dist = QPointF::dotProduct(d, d);
                if (dist <= best) {
                    best = dist;
                    drag_ =
                        Drag{face.face_id, i, face.landmarks[size_t(i)], face.landmarks[size_t(i)]};
                }
            }
        }
        if (drag_) {
            event->accept();
            return;
        }
    }
    for (const auto& face : analysis_.faces) {
        if (face.box.contains(at)) {
            emit faceClicked(face.face_id);
            break;
        }
    }
    event->ignore();  // let the view pan
}

void OverlayItem::mouseMoveEvent(QGraphicsSceneMouseEvent* event) {
    if (!drag_)
        return;
    drag_->to = event->pos();
    update();
}

void OverlayItem::mouseReleaseEvent(QGraphicsSceneMouseEvent* event) {
    if (!drag_)
        return;
    Drag done = *drag_;
    done.to = event->pos();
    drag_.reset();
    update();
    if (done.to != done.from)
        emit landmarkMoved(done.face_id, done.landmark, done.from, done.to);
}

}  // namespace facellava::ui
