#include "widgets/annotation_lanes.h"

#include <QMouseEvent>
#include <QPainter>
#include <algorithm>

#include "models/annotation_model.h"
#include "widgets/region_colors.h"

namespace facellava::ui {

AnnotationLanes::AnnotationLanes(AnnotationModel& model, QWidget* parent)
    : QWidget(parent), model_(model) {
    setObjectName("AnnotationLanes");
    setToolTip(
        tr("Annotation tiers: labelled time ranges and frames. Click to move the playhead."));
    connect(&model_, &AnnotationModel::annotationsChanged, this, &AnnotationLanes::relayout);
    connect(&model_, &QAbstractItemModel::modelReset, this, &AnnotationLanes::relayout);
}

void AnnotationLanes::relayout() {
    updateGeometry();
    update();
}

void AnnotationLanes::setTimeline(double duration_s, double fps) {
    duration_s_ = duration_s;
    fps_ = fps;
    update();
}

void AnnotationLanes::setPlayhead(double seconds) {
    playhead_s_ = seconds;
    update();
}

void AnnotationLanes::setPendingRangeStart(double seconds) {
    pending_start_s_ = seconds;
    update();
}

QStringList AnnotationLanes::tiers() const {
    QStringList names;
    for (const auto& row : model_.rows()) {
        const QString tier = QString::fromStdString(row.annotation.tier);
        if (!names.contains(tier))
            names << tier;
    }
    if (names.isEmpty())
        names << QStringLiteral("default");
    return names;
}

QSize AnnotationLanes::sizeHint() const {
    return {400, int(tiers().size()) * kLaneHeight + 4};
}
QSize AnnotationLanes::minimumSizeHint() const {
    return {100, kLaneHeight + 4};
}

double AnnotationLanes::xOf(double seconds) const {
    const double width = std::max(1, this->width() - kNameWidth - 4);
    return kNameWidth + (duration_s_ > 0 ? seconds / duration_s_ : 0.0) * width;
}

void AnnotationLanes::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.base());
    const QStringList lanes = tiers();
    for (int i = 0; i < lanes.size(); ++i) {
        const QRect lane(0, 2 + i * kLaneHeight, width(), kLaneHeight - 2);
        p.fillRect(lane, i % 2 ? pal.alternateBase() : pal.base());
        p.setPen(pal.color(QPalette::Text));
        p.drawText(lane.adjusted(4, 0, -(width() - kNameWidth), 0),
                   Qt::AlignVCenter | Qt::AlignLeft,
                   fontMetrics().elidedText(lanes[i], Qt::ElideRight, kNameWidth - 8));
    }
    if (duration_s_ <= 0)
        return;
    for (const auto& row : model_.rows()) {
        const auto& a = row.annotation;
        const int lane = int(lanes.indexOf(QString::fromStdString(a.tier)));
        const int top = 2 + lane * kLaneHeight + 2;
        const QColor color = face_color(int(qHash(QString::fromStdString(a.label)) % 97));
        if (a.start_ms && a.end_ms) {
            const QRectF bar(
                QPointF(xOf(*a.start_ms / 1000.0), top),
                QPointF(std::max(xOf(*a.end_ms / 1000.0), xOf(*a.start_ms / 1000.0) + 2),
                        top + kLaneHeight - 6));
            p.setPen(Qt::NoPen);
            p.setBrush(color);
            p.drawRoundedRect(bar, 3, 3);
            p.setPen(Qt::black);
            p.drawText(bar.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       fontMetrics().elidedText(QString::fromStdString(a.label), Qt::ElideRight,
                                                int(bar.width()) - 4));
        } else if (a.frame && fps_ > 0) {
            const double x = xOf(*a.frame / fps_);
            p.setPen(QPen(color, 3));
            p.drawLine(QPointF(x, top), QPointF(x, top + kLaneHeight - 6));
        }
    }
    if (pending_start_s_ >= 0) {
        p.setPen(QPen(pal.color(QPalette::Highlight), 1, Qt::DashLine));
        p.drawLine(QPointF(xOf(pending_start_s_), 0), QPointF(xOf(pending_start_s_), height()));
    }
    p.setPen(QPen(pal.color(QPalette::Highlight), 2));
    p.drawLine(QPointF(xOf(playhead_s_), 0), QPointF(xOf(playhead_s_), height()));
}

void AnnotationLanes::mousePressEvent(QMouseEvent* event) {
    if (duration_s_ <= 0 || event->position().x() < kNameWidth)
        return;
    const double width = std::max(1, this->width() - kNameWidth - 4);
    const double t = (event->position().x() - kNameWidth) / width * duration_s_;
    emit seekRequested(std::clamp(t, 0.0, duration_s_));
}

}  // namespace facellava::ui
