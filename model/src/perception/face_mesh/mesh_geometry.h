// The arithmetic around the face mesh and iris nets, ported from the Human
// library's facemeshutil.ts / iris.ts (MIT): box enlargement and squaring,
// TF's crop_and_resize, mapping net coordinates back, and the iris merge.
// Torch-free so it compiles fast and can be checked with plain loops.
//
// Thread-safety: free functions on values; safe to call concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "facellava/core/image.h"

namespace facellava::perception::mesh {

inline constexpr int kMeshInput = 192;  // facemesh.json input [N,192,192,3]
inline constexpr int kIrisInput = 64;   // iris.json input [N,64,64,3]
inline constexpr int kMeshPoints = 468;
inline constexpr int kIrisNetPoints = 76;  // 71 eye/brow contour + 5 iris
inline constexpr int kIrisFirst = 71;
inline constexpr double kIrisEyeBoxScale = 2.3;  // Human's config.face.iris.scale

using Point3 = std::array<double, 3>;

// An axis-aligned box by its corners, in some pixel frame.
struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double width() const { return x1 - x0; }
    double height() const { return y1 - y0; }
    double cx() const { return x0 + width() / 2; }
    double cy() const { return y0 + height() / 2; }
};

// Human's enlargeBox then squarifyBox: scale about the centre, then a square
// of the longer side with its corners rounded (Math.round) to pixels.
Box enlarge_and_square(const Box& box, double scale);

// TF's crop_and_resize (bilinear, extrapolation 0) of `box` (pixels of the
// source) to out × out, as TF.js does with the box normalised by the source's
// width and height: sample i of an axis at y0/H·(H−1) + i·(y1−y0)/H·(H−1)/(out−1).
// Output HWC float, values divided by `divisor` (the face crop: 255, as
// Human's cutAndResize); `flip` mirrors it left-right
// (tf.image.flipLeftRight after the crop).
std::vector<float> crop_and_resize(const ImageRGB& image, const Box& box, int out, float divisor);
std::vector<float> crop_and_resize(const float* hwc, int height, int width, const Box& box, int out,
                                   bool flip);

// The crop of `box` turned by `angle` (radians) about the box centre: output
// sample p of crop_and_resize is read at c + R(angle)(p − c), so a face
// rolled by `angle` comes out upright. angle 0 is crop_and_resize itself.
std::vector<float> rotated_crop(const ImageRGB& image, const Box& box, double angle, int out,
                                float divisor);
// The matching map of a point of the unturned crop frame into the image:
// c + R(angle)(p − c), z unchanged.
Point3 rotate_about_centre(const Point3& p, const Box& box, double angle);
// Roll of a mesh (radians): the direction of the line 33 → 263 (outer eye
// corners; atan2(dy, dx), image y down, so positive = clockwise on screen).
double eye_line_angle(const std::vector<Point3>& points);

// Mesh-net coordinates (192 frame) → pixels of the frame `box` was cut from
// (Human's transformRawCoords without rotation and without its Math.trunc);
// z is scaled like x (Human keeps it raw).
Point3 mesh_to_image(const Point3& p, const Box& box);

// The eye box of Human's getEyeBox in the 192 frame: the bounding box of the
// two corners, enlarged 2.3× and squared.
Box eye_box(const std::vector<Point3>& mesh, int corner_a, int corner_b);

// Iris-net coordinates (64 frame of an eye crop) → the 192 frame
// (Human's getEyeCoords; z scaled like x, where Human leaves it in the 64
// frame before averaging it with the mesh's).
Point3 eye_to_mesh(double x, double y, double z, const Box& eye, bool flipped);

// Human's augmentIris after the net: `mesh` (468, 192 frame) gets its eye
// contours replaced by the iris net's (z averaged), both eyes when the face
// looks ahead (|z(263) − z(33)| < 30), else only the lids of the nearer eye;
// returns the 478 points, MediaPipe order (468…472 iris of the 33/133 eye,
// 473…477 of the 263/362 eye), iris z from the mesh's lid centres.
// eye33 / eye263: the 76 iris-net points of each eye, already in the 192 frame.
std::vector<Point3> merge_iris(std::vector<Point3> mesh, const std::vector<Point3>& eye33,
                               const std::vector<Point3>& eye263);

}  // namespace facellava::perception::mesh
