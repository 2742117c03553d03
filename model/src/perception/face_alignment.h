// The face alignment identity nets are trained on: five points (eye centres,
// nose tip, mouth corners) mapped by a similarity transform onto ArcFace's
// 112×112 template (insightface's `arcface_dst`, the reference the
// MobileFaceNet family was trained with), the face warped there bilinearly.
// The five points come from the 68 iBUG landmarks we already have.
//
// Thread-safety: free functions on immutable inputs.
#pragma once

#include <array>

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"

namespace facellava::perception {

// x' = a·x − b·y + tx, y' = b·x + a·y + ty (rotation, uniform scale, shift).
struct Similarity2D {
    double a = 1, b = 0, tx = 0, ty = 0;
    std::array<double, 2> apply(double x, double y) const {
        return {a * x - b * y + tx, b * x + a * y + ty};
    }
    Similarity2D inverse() const;
};

// Eye centres (means of points 36–41 and 42–47), nose tip (30), mouth corners
// (48, 54), in image pixels, in the template's order: the subject's right eye
// (image left) first.
std::array<std::array<double, 2>, 5> five_points(const Landmarks68& landmarks);

// Least-squares similarity mapping `from` onto `to` (Umeyama 1991, without
// reflection), as skimage's SimilarityTransform.estimate computes it.
Similarity2D estimate_similarity(const std::array<std::array<double, 2>, 5>& from,
                                 const std::array<std::array<double, 2>, 5>& to);

// ArcFace's template for a 112×112 crop.
const std::array<std::array<double, 2>, 5>& arcface_template_112();

// The aligned 112×112 face: every output pixel centre (u, v) samples the
// image bilinearly at inverse(transform)(u, v); samples outside are black
// (cv2.warpAffine's default border), like insightface's norm_crop.
ImageRGB warp_aligned_face(const ImageRGB& image, const Similarity2D& image_to_crop, int size);

}  // namespace facellava::perception
