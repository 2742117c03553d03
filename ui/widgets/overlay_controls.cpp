#include "widgets/overlay_controls.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QSlider>
#include <cmath>

#include "facellava/model/face_regions.h"
#include "settings/settings.h"
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
    region_->addItem(tr("All regions"), -1);
    for (int r = 0; r < model::kNumFaceRegions; ++r)
        region_->addItem(region_display_name(r), r);
    region_->setToolTip(tr("Which facial region's landmark token the attention map shows"));
    connect(region_, &QComboBox::currentIndexChanged, this, [this] {
        options_.heatmap_region = region_->currentData().toInt();
        changed();
    });
    grid->addWidget(region_, kOverlayLayerCount, 0, 1, 2);

    edit_landmarks_ = new QCheckBox(tr("Drag landmarks to correct them"), this);
    edit_landmarks_->setObjectName("EditLandmarks");
    connect(edit_landmarks_, &QCheckBox::toggled, this, &OverlayControls::landmarkEditingChanged);
    grid->addWidget(edit_landmarks_, kOverlayLayerCount + 1, 0, 1, 2);
    setHeatmapAvailable(false, tr("Load a Face-LLaVA checkpoint (Settings) to see its attention."));
}

void OverlayControls::changed() {
    emit optionsChanged(options_);
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

void OverlayControls::setHeatmapAvailable(bool available, const QString& reason) {
    QCheckBox* toggle = toggles_[size_t(OverlayLayer::Heatmap)];
    toggle->setEnabled(available);
    sliders_[size_t(OverlayLayer::Heatmap)]->setEnabled(available);
    region_->setEnabled(available);
    toggle->setToolTip(available ? tr("FRGCA attention of the selected face over its crop")
                                 : reason);
    if (!available)
        toggle->setChecked(false);
}

bool OverlayControls::heatmapAvailable() const {
    return toggles_[size_t(OverlayLayer::Heatmap)]->isEnabled();
}

}  // namespace facellava::ui
