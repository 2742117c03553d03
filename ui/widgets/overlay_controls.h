// Toggles and opacity sliders of the overlay layers, the heatmap's region and
// head choice with its legend, and the landmark-editing switch. Opacities are
// remembered in Settings.
#pragma once

#include <QWidget>
#include <array>

#include "widgets/overlay_options.h"

class QCheckBox;
class QComboBox;
class QSlider;

namespace facellava::ui {

class AttentionLegend;
class Settings;

class OverlayControls : public QWidget {
    Q_OBJECT
  public:
    OverlayControls(Settings& settings, QWidget* parent = nullptr);

    const OverlayOptions& options() const { return options_; }
    void setLayerVisible(OverlayLayer layer, bool visible);
    void setLayerOpacity(OverlayLayer layer, double opacity);
    void setHeatmapRegion(int region);  // -1: the region each patch attends to most
    void setHeatmapHead(int head);      // -1: the mean of heads
    // The heads the current attention has: the head box offers "Mean of
    // heads" and Head 1 … Head `heads`; a chosen head that no longer exists
    // falls back to the mean.
    void setHeatmapHeadCount(int heads);
    // The heatmap needs a loaded Face-LLaVA checkpoint; without one the
    // toggle is disabled and its tooltip says why.
    void setHeatmapAvailable(bool available, const QString& reason);
    bool heatmapAvailable() const;
    QCheckBox* toggle(OverlayLayer layer) const { return toggles_[size_t(layer)]; }
    QCheckBox* editLandmarks() const { return edit_landmarks_; }
    QComboBox* heatmapRegionBox() const { return region_; }
    QComboBox* heatmapHeadBox() const { return head_; }
    AttentionLegend* attentionLegend() const { return legend_; }

  signals:
    void optionsChanged(const facellava::ui::OverlayOptions& options);
    void landmarkEditingChanged(bool on);

  private:
    void changed();
    void updateLegend();

    Settings& settings_;
    OverlayOptions options_;
    std::array<QCheckBox*, kOverlayLayerCount> toggles_{};
    std::array<QSlider*, kOverlayLayerCount> sliders_{};
    QComboBox* region_ = nullptr;
    QComboBox* head_ = nullptr;
    AttentionLegend* legend_ = nullptr;
    QCheckBox* edit_landmarks_ = nullptr;
};

}  // namespace facellava::ui
