#include "perception/face_mesh/mesh_geometry.h"

#include <algorithm>
#include <cmath>

namespace facellava::perception::mesh {
namespace {

// Human's facemeshcoords.ts: the mesh indices of each eye region, and where
// each region's points sit among the iris net's 71 contour points (irisIndices).
struct Region {
    std::vector<int> eye33;   // "right…" tables: the eye with corners 33/133
    std::vector<int> eye263;  // "left…" tables: the eye with corners 263/362
    std::vector<int> iris_net;
    bool lid;  // EyeUpper0 / EyeLower0: replaced even when the head is turned
};

const std::vector<Region>& regions() {
    static const std::vector<Region> table = {
        {{246, 161, 160, 159, 158, 157, 173},
         {466, 388, 387, 386, 385, 384, 398},
         {9, 10, 11, 12, 13, 14, 15},
         true},  // EyeUpper0
        {{247, 30, 29, 27, 28, 56, 190},
         {467, 260, 259, 257, 258, 286, 414},
         {25, 26, 27, 28, 29, 30, 31},
         false},  // EyeUpper1
        {{113, 225, 224, 223, 222, 221, 189},
         {342, 445, 444, 443, 442, 441, 413},
         {41, 42, 43, 44, 45, 46, 47},
         false},  // EyeUpper2
        {{33, 7, 163, 144, 145, 153, 154, 155, 133},
         {263, 249, 390, 373, 374, 380, 381, 382, 362},
         {0, 1, 2, 3, 4, 5, 6, 7, 8},
         true},  // EyeLower0
        {{130, 25, 110, 24, 23, 22, 26, 112, 243},
         {359, 255, 339, 254, 253, 252, 256, 341, 463},
         {16, 17, 18, 19, 20, 21, 22, 23, 24},
         false},  // EyeLower1
        {{226, 31, 228, 229, 230, 231, 232, 233, 244},
         {446, 261, 448, 449, 450, 451, 452, 453, 464},
         {32, 33, 34, 35, 36, 37, 38, 39, 40},
         false},  // EyeLower2
        {{143, 111, 117, 118, 119, 120, 121, 128, 245},
         {372, 340, 346, 347, 348, 349, 350, 357, 465},
         {54, 55, 56, 57, 58, 59, 60, 61, 62},
         false},  // EyeLower3
        {{156, 70, 63, 105, 66, 107, 55, 193},
         {383, 300, 293, 334, 296, 336, 285, 417},
         {63, 64, 65, 66, 67, 68, 69, 70},
         false},  // EyebrowUpper
        {{35, 124, 46, 53, 52, 65},
         {265, 353, 276, 283, 282, 295},
         {48, 49, 50, 51, 52, 53},
         false},
    };
    return table;
}

// Human's replaceIrisCoords: x, y from the iris net, z the mean of both.
void replace(std::vector<Point3>& mesh, const std::vector<Point3>& eye, bool eye33,
             bool lids_only) {
    for (const Region& r : regions()) {
        if (lids_only && !r.lid)
            continue;
        const auto& targets = eye33 ? r.eye33 : r.eye263;
        for (size_t j = 0; j < targets.size(); ++j) {
            const Point3& src = eye[size_t(r.iris_net[j])];
            Point3& dst = mesh[size_t(targets[j])];
            dst = {src[0], src[1], (src[2] + dst[2]) / 2};
        }
    }
}

// Human's getAdjustedIrisCoords: the iris net's z is unreliable, so the iris
// takes the z of the lid centres (upper for the top point, lower for the
// bottom one, their mean for the others).
void append_iris(std::vector<Point3>& out, const std::vector<Point3>& mesh,
                 const std::vector<Point3>& eye, int upper_centre, int lower_centre) {
    const double upper = mesh[size_t(upper_centre)][2];
    const double lower = mesh[size_t(lower_centre)][2];
    for (int i = 0; i < 5; ++i) {
        const Point3& p = eye[size_t(kIrisFirst + i)];
        const double z = i == 2 ? upper : i == 4 ? lower : (upper + lower) / 2;
        out.push_back({p[0], p[1], z});
    }
}

// One bilinear sample pass of TF's CropAndResize along an axis.
struct Axis {
    std::vector<int> lo, hi;
    std::vector<float> frac;
    std::vector<bool> inside;
};

Axis crop_axis(double start, double end, int size, int out) {
    // TF.js normalises the box by the source size; TF then maps back with (size − 1).
    const double n0 = start / size, n1 = end / size;
    Axis a;
    for (int i = 0; i < out; ++i) {
        const double v = out > 1 ? n0 * (size - 1) + i * (n1 - n0) * (size - 1) / (out - 1)
                                 : 0.5 * (n0 + n1) * (size - 1);
        const bool in = v >= 0 && v <= size - 1;
        const int lo = in ? int(std::floor(v)) : 0;
        const int hi = in ? int(std::ceil(v)) : 0;
        a.lo.push_back(lo);
        a.hi.push_back(hi);
        a.frac.push_back(float(v - lo));
        a.inside.push_back(in);
    }
    return a;
}

template <typename Pixel>
std::vector<float> crop_impl(const Pixel* hwc, int height, int width, const Box& box, int out,
                             float divisor, bool flip) {
    const Axis ys = crop_axis(box.y0, box.y1, height, out);
    const Axis xs = crop_axis(box.x0, box.x1, width, out);
    std::vector<float> dst(size_t(out) * size_t(out) * 3, 0.0f);
    for (int y = 0; y < out; ++y) {
        if (!ys.inside[size_t(y)])
            continue;
        const Pixel* top = hwc + size_t(ys.lo[size_t(y)]) * size_t(width) * 3;
        const Pixel* bottom = hwc + size_t(ys.hi[size_t(y)]) * size_t(width) * 3;
        const float fy = ys.frac[size_t(y)];
        for (int x = 0; x < out; ++x) {
            if (!xs.inside[size_t(x)])
                continue;
            const size_t l = size_t(xs.lo[size_t(x)]) * 3, r = size_t(xs.hi[size_t(x)]) * 3;
            const float fx = xs.frac[size_t(x)];
            float* o = dst.data() + (size_t(y) * size_t(out) + size_t(flip ? out - 1 - x : x)) * 3;
            for (size_t c = 0; c < 3; ++c) {
                // TF's order: lerp the rows first, then between them.
                const float t = float(top[l + c]) + (float(top[r + c]) - float(top[l + c])) * fx;
                const float b =
                    float(bottom[l + c]) + (float(bottom[r + c]) - float(bottom[l + c])) * fx;
                o[c] = (t + (b - t) * fy) / divisor;
            }
        }
    }
    return dst;
}

// The same sample grid turned by `angle` about its centre: each sample
// position p (pixel indices) is read at c + R(angle)(p − c), bilinear, 0
// where it falls outside the image.
std::vector<float> rotated_crop_impl(const ImageRGB& image, const Box& box, double angle, int out,
                                     float divisor) {
    const int width = image.width, height = image.height;
    std::vector<double> px(static_cast<size_t>(out)), py(static_cast<size_t>(out));
    const double nx0 = box.x0 / width, nx1 = box.x1 / width;
    const double ny0 = box.y0 / height, ny1 = box.y1 / height;
    for (int i = 0; i < out; ++i) {
        px[size_t(i)] = nx0 * (width - 1) + i * (nx1 - nx0) * (width - 1) / (out - 1);
        py[size_t(i)] = ny0 * (height - 1) + i * (ny1 - ny0) * (height - 1) / (out - 1);
    }
    const double cx = (px.front() + px.back()) / 2, cy = (py.front() + py.back()) / 2;
    const double cs = std::cos(angle), sn = std::sin(angle);
    std::vector<float> dst(size_t(out) * size_t(out) * 3, 0.0f);
    const uint8_t* src = image.pixels.data();
    for (int y = 0; y < out; ++y)
        for (int x = 0; x < out; ++x) {
            const double dx = px[size_t(x)] - cx, dy = py[size_t(y)] - cy;
            const double qx = cx + cs * dx - sn * dy, qy = cy + sn * dx + cs * dy;
            if (qx < 0 || qx > width - 1 || qy < 0 || qy > height - 1)
                continue;
            const int l = int(std::floor(qx)), r = int(std::ceil(qx));
            const int t = int(std::floor(qy)), b = int(std::ceil(qy));
            const float fx = float(qx - l), fy = float(qy - t);
            const uint8_t* top = src + size_t(t) * size_t(width) * 3;
            const uint8_t* bottom = src + size_t(b) * size_t(width) * 3;
            float* o = dst.data() + (size_t(y) * size_t(out) + size_t(x)) * 3;
            for (int c = 0; c < 3; ++c) {
                const float tv =
                    float(top[3 * l + c]) + (float(top[3 * r + c]) - float(top[3 * l + c])) * fx;
                const float bv = float(bottom[3 * l + c]) +
                                 (float(bottom[3 * r + c]) - float(bottom[3 * l + c])) * fx;
                o[c] = (tv + (bv - tv) * fy) / divisor;
            }
        }
    return dst;
}

}  // namespace

std::vector<float> rotated_crop(const ImageRGB& image, const Box& box, double angle, int out,
                                float divisor) {
    if (angle == 0.0)
        return crop_impl(image.pixels.data(), image.height, image.width, box, out, divisor, false);
    return rotated_crop_impl(image, box, angle, out, divisor);
}

Point3 rotate_about_centre(const Point3& p, const Box& box, double angle) {
    if (angle == 0.0)
        return p;
    const double cs = std::cos(angle), sn = std::sin(angle);
    const double dx = p[0] - box.cx(), dy = p[1] - box.cy();
    return {box.cx() + cs * dx - sn * dy, box.cy() + sn * dx + cs * dy, p[2]};
}

double eye_line_angle(const std::vector<Point3>& points) {
    return std::atan2(points[263][1] - points[33][1], points[263][0] - points[33][0]);
}

Box enlarge_and_square(const Box& box, double scale) {
    const double half = std::max(box.width(), box.height()) * scale / 2;
    const double cx = box.cx(), cy = box.cy();
    // JS Math.round: half-way cases towards +∞.
    auto js_round = [](double v) { return std::floor(v + 0.5); };
    return {js_round(cx - half), js_round(cy - half), js_round(cx + half), js_round(cy + half)};
}

std::vector<float> crop_and_resize(const ImageRGB& image, const Box& box, int out, float divisor) {
    return crop_impl(image.pixels.data(), image.height, image.width, box, out, divisor, false);
}

std::vector<float> crop_and_resize(const float* hwc, int height, int width, const Box& box, int out,
                                   bool flip) {
    return crop_impl(hwc, height, width, box, out, 1.0f, flip);
}

Point3 mesh_to_image(const Point3& p, const Box& box) {
    const double sx = box.width() / kMeshInput, sy = box.height() / kMeshInput;
    return {sx * (p[0] - kMeshInput / 2.0) + box.cx(), sy * (p[1] - kMeshInput / 2.0) + box.cy(),
            sx * p[2]};
}

Box eye_box(const std::vector<Point3>& mesh, int corner_a, int corner_b) {
    const Point3& a = mesh[size_t(corner_a)];
    const Point3& b = mesh[size_t(corner_b)];
    const Box bounds{std::min(a[0], b[0]), std::min(a[1], b[1]), std::max(a[0], b[0]),
                     std::max(a[1], b[1])};
    return enlarge_and_square(bounds, kIrisEyeBoxScale);
}

Point3 eye_to_mesh(double x, double y, double z, const Box& eye, bool flipped) {
    const double u = x / kIrisInput;
    // z scaled like x into the 192 frame (Human keeps the 64 frame's z).
    return {(flipped ? 1 - u : u) * eye.width() + eye.x0, y / kIrisInput * eye.height() + eye.y0,
            z * eye.width() / kIrisInput};
}

std::vector<Point3> merge_iris(std::vector<Point3> mesh, const std::vector<Point3>& eye33,
                               const std::vector<Point3>& eye263) {
    // Human's getLeftToRightEyeDepthDifference: z of the outer corners.
    const double depth_difference = mesh[263][2] - mesh[33][2];
    if (std::abs(depth_difference) < 30) {  // looking ahead: both eyes, every region
        replace(mesh, eye263, false, false);
        replace(mesh, eye33, true, false);
    } else if (depth_difference < 1) {  // 263 eye nearer: only its lids
        replace(mesh, eye263, false, true);
    } else {
        replace(mesh, eye33, true, true);
    }
    std::vector<Point3> out = mesh;
    out.reserve(kMeshPoints + 10);
    append_iris(out, mesh, eye33, 159, 145);   // EyeUpper0[3], EyeLower0[4] of the 33 eye
    append_iris(out, mesh, eye263, 386, 374);  // … of the 263 eye
    return out;
}

}  // namespace facellava::perception::mesh
