#include "widgets/overlay_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QSignalBlocker>
#include <QSlider>
#include <cmath>

#include "facellava/model/attention_views.h"
#include "facellava/model/face_regions.h"
#include "settings/settings.h"
#include "widgets/attention_legend.h"
#include "widgets/region_colors.h"

namespace facellava::ui {

OverlayControls::OverlayControls(Settings& settings, QWidget* parent)
    : QWidget(parent), settings_(settings) {
    setObjectName("OverlayControls");
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    for (int i = 0; i < kOverlayLayerCount; ++i) {
        const auto layer = OverlayLayer(i);
        LayerStyle& style = options_[layer];
        style.opacity = settings_.overlayOpacity(layer_key(layer), style.opacity);
        auto* toggle = new QCheckBox(layer_display_name(layer), this);
        toggle->setObjectName("Overlay_" + layer_key(layer));
        toggle->setChecked(style.visible);
        auto* slider = new QSlider(Qt::Horizontal, this);
        slider->setObjectName("Opacity_" + layer_key(layer));
        slider->setRange(0, 100);
        slider->setValue(int(std::lround(style.opacity * 100)));
        slider->setToolTip(tr("Opacity of %1").arg(layer_display_name(layer)));
        connect(toggle, &QCheckBox::toggled, this, [this, layer](bool on) {
            options_[layer].visible = on;
            if (layer == OverlayLayer::Heatmap && legend_)
                updateLegend();
            changed();
        });
        connect(slider, &QSlider::valueChanged, this, [this, layer](int value) {
            options_[layer].opacity = value / 100.0;
            settings_.setOverlayOpacity(layer_key(layer), options_[layer].opacity);
            changed();
        });
        toggles_[size_t(i)] = toggle;
        sliders_[size_t(i)] = slider;
        grid->addWidget(toggle, i, 0);
        grid->addWidget(slider, i, 1);
    }
    region_ = new QComboBox(this);
    region_->setObjectName("HeatmapRegion");
    region_->addItem(tr("Region attended most"), -1);
    for (int r = 0; r < model::kNumFaceRegions; ++r)
        region_->addItem(region_display_name(r), r);
    region_->setToolTip(
        tr("Region attended most: each patch in the colour of the region it "
           "attends to most. A region: how much of each patch's attention goes "
           "to that region's landmark token, on a fixed 0–1 scale."));
    connect(region_, &QComboBox::currentIndexChanged, this, [this] {
        options_.heatmap_region = region_->currentData().toInt();
        updateLegend();
        changed();
    });
    head_ = new QComboBox(this);
    head_->setObjectName("HeatmapHead");
    head_->setToolTip(tr("FRGCA attends with several heads: show their mean or one head"));
    setHeatmapHeadCount(0);
    connect(head_, &QComboBox::currentIndexChanged, this, [this] {
        if (head_->currentIndex() < 0)
            return;
        options_.heatmap_head = head_->currentData().toInt();
        changed();
    });
    grid->addWidget(region_, kOverlayLayerCount, 0);
    grid->addWidget(head_, kOverlayLayerCount, 1);
    legend_ = new AttentionLegend(this);
    grid->addWidget(legend_, kOverlayLayerCount + 1, 0, 1, 2);

    edit_landmarks_ = new QCheckBox(tr("Drag landmarks to correct them"), this);
    edit_landmarks_->setObjectName("EditLandmarks");
    connect(edit_landmarks_, &QCheckBox::toggled, this, &OverlayControls::landmarkEditingChanged);
    grid->addWidget(edit_landmarks_, kOverlayLayerCount + 2, 0, 1, 2);
    setHeatmapAvailable(false, tr("Load a Face-LLaVA checkpoint (Settings) to see its attention."));
}

void OverlayControls::changed() {
    emit optionsChanged(options_);
}

void OverlayControls::updateLegend() {
    legend_->setRegion(options_.heatmap_region);
    legend_->setVisible(options_[OverlayLayer::Heatmap].visible && heatmapAvailable());
}

void OverlayControls::setLayerVisible(OverlayLayer layer, bool visible) {
    toggles_[size_t(layer)]->setChecked(visible);
}

void OverlayControls::setLayerOpacity(OverlayLayer layer, double opacity) {
    sliders_[size_t(layer)]->setValue(int(std::lround(opacity * 100)));
}

void OverlayControls::setHeatmapRegion(int region) {
    const int index = region_->findData(region);
    if (index >= 0)
        region_->setCurrentIndex(index);
}

void OverlayControls::setHeatmapHead(int head) {
    const int index = head_->findData(head);
    if (index >= 0)
        head_->setCurrentIndex(index);
}

void OverlayControls::setHeatmapHeadCount(int heads) {
    if (head_->count() == heads + 1)
        return;  // the same heads: keep the choice
    const int chosen = options_.heatmap_head;
    {
        const QSignalBlocker blocker(head_);
        head_->clear();
        head_->addItem(tr("Mean of heads"), model::kMeanOfHeads);
        for (int h = 0; h < heads; ++h)
            head_->addItem(tr("Head %1").arg(h + 1), h);
        const int index = head_->findData(chosen);
        head_->setCurrentIndex(index >= 0 ? index : 0);
    }
    const int now = head_->currentData().toInt();
    if (now != options_.heatmap_head) {
        options_.heatmap_head = now;
        changed();
    }
}

void OverlayControls::setHeatmapAvailable(bool available, const QString& reason) {
    QCheckBox* toggle = toggles_[size_t(OverlayLayer::Heatmap)];
    toggle->setEnabled(available);
    sliders_[size_t(OverlayLayer::Heatmap)]->setEnabled(available);
    region_->setEnabled(available);
    head_->setEnabled(available);
    toggle->setToolTip(available ? tr("FRGCA attention of the selected face over its crop")
                                 : reason);
    if (!available) {
        toggle->setChecked(false);
        setHeatmapHeadCount(0);
    }
    updateLegend();
}

bool OverlayControls::heatmapAvailable() const {
    return toggles_[size_t(OverlayLayer::Heatmap)]->isEnabled();
}

}  // namespace facellava::ui
