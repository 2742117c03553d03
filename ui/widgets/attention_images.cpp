#include "widgets/attention_images.h"

#include <algorithm>

#include "facellava/core/error.h"
#include "facellava/model/attention_views.h"
#include "widgets/region_colors.h"

namespace facellava::ui {

QColor attention_scale_color(float weight) {
    const float t = std::clamp(weight, 0.0f, 1.0f);
    // Hue 240° (blue) at 0 down to 0° (red) at 1; alpha 40 … 255.
    QColor c = QColor::fromHsvF(0.66f * (1.0f - t), 1.0f, 1.0f);
    c.setAlpha(40 + int(215.0f * t + 0.5f));
    return c;
}

QImage dominant_region_image(const std::vector<model::RegionAttentionMap>& maps, int head) {
    model::DominantRegionMap dominant;
    try {
        dominant = model::dominant_regions(maps, head);
    } catch (const Error&) {
        return {};  // nothing drawable: the overlay shows no heatmap
    }
    const int grid = dominant.grid;
    if (grid <= 0)
        return {};
    QImage image(grid, grid, QImage::Format_ARGB32);
    for (int y = 0; y < grid; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < grid; ++x) {
            const size_t cell = size_t(y) * size_t(grid) + size_t(x);
            const QColor c = region_color(dominant.region[cell]);
            const int alpha =
                int(255.0f * model::dominance_opacity(dominant.strength[cell]) + 0.5f);
            line[x] = qRgba(c.red(), c.green(), c.blue(), alpha);
        }
    }
    return image;
}

QImage region_weight_image(const model::RegionAttentionMap& map, int head) {
    const std::vector<float>* values = nullptr;
    try {
        values = &model::attention_values(map, head);
    } catch (const Error&) {
        return {};
    }
    const int grid = map.grid;
    if (grid <= 0 || values->size() != size_t(grid) * size_t(grid))
        return {};
    QImage image(grid, grid, QImage::Format_ARGB32);
    for (int y = 0; y < grid; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        for (int x = 0; x < grid; ++x)
            line[x] = attention_scale_color((*values)[size_t(y) * size_t(grid) + size_t(x)]).rgba();
    }
    return image;
}

}  // namespace facellava::ui
