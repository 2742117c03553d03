// Intersection over union of two face boxes: how the tracker, the crop-box
// matcher, key-frame tracking and the server's given boxes decide that two
// boxes are one face. Its own small header: face_types.h is included nearly
// everywhere, and a change there rebuilds the tree.
#pragma once

#include <algorithm>

#include "facellava/core/face_types.h"

namespace facellava {

// Area of a ∩ b over area of a ∪ b, in double; 0 when they do not overlap
// (touching edges included) or when both are empty.
inline double box_iou(const FaceBox& a, const FaceBox& b) {
    const double ix = std::min(double(a.x) + a.w, double(b.x) + b.w) - std::max(a.x, b.x);
    const double iy = std::min(double(a.y) + a.h, double(b.y) + b.h) - std::max(a.y, b.y);
    if (ix <= 0 || iy <= 0)
        return 0.0;
    const double inter = ix * iy;
    const double uni = double(a.w) * a.h + double(b.w) * b.h - inter;
    return uni > 0 ? inter / uni : 0.0;
}

}  // namespace facellava
