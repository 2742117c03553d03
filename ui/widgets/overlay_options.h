// The overlay layers the media view can draw, each with its own visibility
// and opacity.
#pragma once

#include <QString>
#include <array>

namespace facellava::ui {

// Mesh and Gaze draw the optional outputs (Settings), when a face has them.
enum class OverlayLayer { Boxes, Landmarks, Heatmap, Pose, Labels, Mesh, Gaze };
inline constexpr int kOverlayLayerCount = 7;

struct LayerStyle {
    bool visible = true;
    double opacity = 1.0;  // 0..1
};

struct OverlayOptions {
    std::array<LayerStyle, kOverlayLayerCount> layers{
        LayerStyle{true, 0.9},
        LayerStyle{true, 0.9},
        LayerStyle{false, 0.55},
        LayerStyle{true, 0.9},
        LayerStyle{true, 0.9},
        LayerStyle{true, 0.5},  // 478 dots: semi-transparent, the face stays visible
        LayerStyle{true, 0.9}};
    // Heatmap: one FRGCA region's weights on the fixed 0–1 scale (index into
    // kFaceRegions), or -1 for the region each patch attends to most.
    int heatmap_region = -1;
    // Heatmap: FRGCA head k, or -1 (model::kMeanOfHeads) for the mean of heads.
    int heatmap_head = -1;

    LayerStyle& operator[](OverlayLayer layer) { return layers[size_t(layer)]; }
    const LayerStyle& operator[](OverlayLayer layer) const { return layers[size_t(layer)]; }
};

// Settings key and translated name of a layer.
QString layer_key(OverlayLayer layer);
QString layer_display_name(OverlayLayer layer);

}  // namespace facellava::ui
