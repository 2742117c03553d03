#include "perception/face_alignment.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"

namespace facellava::perception {

Similarity2D Similarity2D::inverse() const {
    // The inverse of z ↦ (a + ib)·z + t is z ↦ (z − t) / (a + ib).
    const double n = a * a + b * b;
    if (!(n > 0))
        throw Error("a degenerate face alignment (zero scale) cannot be inverted");
    Similarity2D inv;
    inv.a = a / n;
    inv.b = -b / n;
    inv.tx = -(inv.a * tx - inv.b * ty);
    inv.ty = -(inv.b * tx + inv.a * ty);
    return inv;
}

std::array<std::array<double, 2>, 5> five_points(const Landmarks68& lm) {
    auto mean_of = [&](int first, int last) {
        double x = 0, y = 0;
        for (int i = first; i <= last; ++i) {
            x += lm.x(i);
            y += lm.y(i);
        }
        const double n = last - first + 1;
        return std::array<double, 2>{x / n, y / n};
    };
    return {{mean_of(36, 41),
             mean_of(42, 47),
             {double(lm.x(30)), double(lm.y(30))},
             {double(lm.x(48)), double(lm.y(48))},
             {double(lm.x(54)), double(lm.y(54))}}};
}

Similarity2D estimate_similarity(const std::array<std::array<double, 2>, 5>& from,
                                 const std::array<std::array<double, 2>, 5>& to) {
    // In 2-D the least-squares similarity without reflection has a closed
    // form: with points as complex numbers centred on their means,
    // (a + ib) = Σ conj(p)·q / Σ |p|² — what Umeyama's SVD gives when the
    // determinant is positive, which a rotation always has.
    double fx = 0, fy = 0, qx = 0, qy = 0;
    for (size_t i = 0; i < from.size(); ++i) {
        fx += from[i][0];
        fy += from[i][1];
        qx += to[i][0];
        qy += to[i][1];
    }
    const double n = double(from.size());
    fx /= n, fy /= n, qx /= n, qy /= n;
    double dot = 0, cross = 0, norm = 0;
    for (size_t i = 0; i < from.size(); ++i) {
        const double px = from[i][0] - fx, py = from[i][1] - fy;
        const double tx = to[i][0] - qx, ty = to[i][1] - qy;
        dot += px * tx + py * ty;
        cross += px * ty - py * tx;
        norm += px * px + py * py;
    }
    if (!(norm > 1e-9))
        throw Error("the face's eye, nose and mouth points coincide; it cannot be aligned");
    Similarity2D s;
    s.a = dot / norm;
    s.b = cross / norm;
    s.tx = qx - (s.a * fx - s.b * fy);
    s.ty = qy - (s.b * fx + s.a * fy);
    return s;
}

const std::array<std::array<double, 2>, 5>& arcface_template_112() {
    // insightface/python-package/insightface/utils/face_align.py, arcface_dst.
    static const std::array<std::array<double, 2>, 5> points = {{{38.2946, 51.6963},
                                                                 {73.5318, 51.5014},
                                                                 {56.0252, 71.7366},
                                                                 {41.5493, 92.3655},
                                                                 {70.7299, 92.2041}}};
    return points;
}

ImageRGB warp_aligned_face(const ImageRGB& image, const Similarity2D& image_to_crop, int size) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error("malformed image passed to the face alignment");
    const Similarity2D crop_to_image = image_to_crop.inverse();
    ImageRGB out;
    out.width = size;
    out.height = size;
    out.pixels.assign(size_t(size) * size_t(size) * 3, 0);
    // cv2.warpAffine maps integer output pixels (u, v) to source points
    // M⁻¹·(u, v); with INTER_LINEAR and BORDER_CONSTANT a sample whose
    // 2×2 neighbourhood leaves the image mixes in black.
    auto pixel = [&](int x, int y, int c) -> double {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height)
            return 0.0;
        return image.row(y)[3 * x + c];
    };
    for (int v = 0; v < size; ++v) {
        uint8_t* row = out.row(v);
        for (int u = 0; u < size; ++u) {
            const auto [sx, sy] = crop_to_image.apply(u, v);
            const int x0 = int(std::floor(sx)), y0 = int(std::floor(sy));
            const double fx = sx - x0, fy = sy - y0;
            for (int c = 0; c < 3; ++c) {
                const double top = pixel(x0, y0, c) * (1 - fx) + pixel(x0 + 1, y0, c) * fx;
                const double bottom =
                    pixel(x0, y0 + 1, c) * (1 - fx) + pixel(x0 + 1, y0 + 1, c) * fx;
                const double value = top * (1 - fy) + bottom * fy;
                row[3 * u + c] = uint8_t(std::clamp(std::lround(value), 0L, 255L));
            }
        }
    }
    return out;
}

}  // namespace facellava::perception
