// The FRGCA attention views as images, one pixel per patch, to be scaled over
// the face crop (model/attention_views.h has the per-patch numbers):
//  - dominant regions: each patch in the colour of the region it attends to
//    most (region_color), opaque as dominance_opacity of its strength;
//  - one region: each patch's weight on the fixed 0–1 scale of
//    attention_scale_color, never stretched to the map's own range.
#pragma once

#include <QColor>
#include <QImage>
#include <vector>

#include "facellava/model/attention_map.h"

namespace facellava::ui {

// The colour of an attention weight on the fixed 0…1 scale (values outside
// are clamped): blue at 0 through green and yellow to red at 1, and more
// opaque as the weight grows, so weak weights let the face show through.
QColor attention_scale_color(float weight);

// head: model::kMeanOfHeads or a head index the maps carry. Null image when
// the maps are not nine regions on one grid or lack that head.
QImage dominant_region_image(const std::vector<model::RegionAttentionMap>& maps, int head);
QImage region_weight_image(const model::RegionAttentionMap& map, int head);

}  // namespace facellava::ui
