#include "widgets/attention_legend.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "facellava/model/face_regions.h"
#include "widgets/attention_images.h"
#include "widgets/region_colors.h"

namespace facellava::ui {
namespace {

// A colour square with a grey rim, so white (inner lips) shows on a light theme.
QPixmap swatch(const QColor& color, int side) {
    QPixmap pixmap(side, side);
    pixmap.fill(QColor(110, 110, 110));
    QPainter painter(&pixmap);
    painter.fillRect(1, 1, side - 2, side - 2, color);
    return pixmap;
}

}  // namespace

AttentionLegend::AttentionLegend(QWidget* parent) : QWidget(parent) {
    setObjectName("AttentionLegend");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    pages_ = new QStackedWidget(this);
    layout->addWidget(pages_);

    // Page 0: the nine region colours.
    auto* regions = new QWidget(pages_);
    regions->setObjectName("AttentionLegendRegions");
    auto* grid = new QGridLayout(regions);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    const int side = fontMetrics().height() - 4;
    constexpr int kColumns = 2;  // fits the Analysis dock at its usual width
    for (int r = 0; r < model::kNumFaceRegions; ++r) {
        auto* entry = new QLabel(regions);
        entry->setObjectName(QString("AttentionLegendRegion%1").arg(r));
        auto* color = new QLabel(regions);
        color->setPixmap(swatch(region_color(r), std::max(side, 8)));
        entry->setText(region_display_name(r));
        auto* cell = new QHBoxLayout;
        cell->setSpacing(3);
        cell->addWidget(color);
        cell->addWidget(entry, 1);
        grid->addLayout(cell, r / kColumns, r % kColumns);
    }
    auto* how = new QLabel(tr("Colour: the region each patch attends to most. Opacity: how "
                              "decisively; clear where all nine regions get 1/9, solid where one "
                              "region gets all."),
                           regions);
    how->setWordWrap(true);
    const int how_row = (model::kNumFaceRegions + kColumns - 1) / kColumns;
    grid->addWidget(how, how_row, 0, 1, kColumns);
    grid->setRowStretch(how_row + 1, 1);
    pages_->addWidget(regions);

    // Page 1: the fixed scale of one region's map.
    auto* scale = new QWidget(pages_);
    scale->setObjectName("AttentionLegendScale");
    auto* column = new QVBoxLayout(scale);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(new AttentionColorBar(scale));
    scale_caption_ = new QLabel(scale);
    scale_caption_->setObjectName("AttentionLegendScaleCaption");
    scale_caption_->setWordWrap(true);
    column->addWidget(scale_caption_);
    column->addStretch(1);  // the region page is taller: keep bar and caption together
    pages_->addWidget(scale);

    setRegion(-1);
}

void AttentionLegend::setRegion(int region) {
    if (region < 0 || region >= model::kNumFaceRegions) {
        pages_->setCurrentIndex(0);
        return;
    }
    scale_caption_->setText(tr("Share of each patch's attention that goes to %1, on a fixed "
                               "scale: 0 none, 1 all; 1/9 would be no preference.")
                                .arg(region_display_name(region)));
    pages_->setCurrentIndex(1);
}

bool AttentionLegend::showsRegionColors() const {
    return pages_->currentIndex() == 0;
}

AttentionColorBar::AttentionColorBar(QWidget* parent) : QWidget(parent) {
    setObjectName("AttentionColorBar");
    setToolTip(tr("Attention weight: 0 at the left end, 1 at the right end"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QSize AttentionColorBar::sizeHint() const {
    return {200, fontMetrics().height() * 2 + 4};
}

QSize AttentionColorBar::minimumSizeHint() const {
    return {80, fontMetrics().height() * 2 + 4};
}

void AttentionColorBar::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    const int text_height = fontMetrics().height();
    const QRect bar(0, 0, width(), height() - text_height - 2);
    // The exact colours the overlay uses, over mid grey so their opacity shows.
    painter.fillRect(bar, QColor(128, 128, 128));
    for (int x = 0; x < bar.width(); ++x) {
        const float weight = bar.width() > 1 ? float(x) / float(bar.width() - 1) : 0.0f;
        painter.setPen(attention_scale_color(weight));
        painter.drawLine(x, bar.top(), x, bar.bottom());
    }
    painter.setPen(palette().color(QPalette::WindowText));
    const QRect labels(0, bar.bottom() + 2, width(), text_height);
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("1"));
}

}  // namespace facellava::ui
