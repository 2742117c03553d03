#include "facellava/core/authors_crop.h"

#include <algorithm>
#include <cmath>

namespace facellava {

std::optional<CropRegion> authors_crop_region(const FaceBox& box, int image_width,
                                              int image_height) {
    const double x = box.x, y = box.y, w = box.w, h = box.h;
    const double W = image_width, H = image_height;
    const double margin_x = std::min({0.0, x, W - x - w});
    const double margin_y = std::min({0.0, y, H - y - h});
    const double margin = std::min(margin_x, margin_y);
    const double avg = (w + h) / 2.0;
    const double start_x = std::trunc(std::max(0.0, x - margin));
    const double start_y = std::trunc(std::max(0.0, y - margin));
    const double end_x = std::trunc(std::min(x + avg + margin, W - 1));
    const double end_y = std::trunc(std::min(y + avg + margin, H - 1));
    if (!(end_x > start_x) || !(end_y > start_y))
        return std::nullopt;
    return CropRegion{int(start_x), int(start_y), int(end_x), int(end_y)};
}

}  // namespace facellava
