// Gaze by ray–sphere intersection (OpenFace 2.2's model) and eye aspect ratio.
#include "facellava/core/gaze.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "facellava/core/error.h"

namespace facellava {
namespace {

using Vec3 = std::array<double, 3>;

Vec3 add(const Vec3& a, const Vec3& b) {
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
Vec3 sub(const Vec3& a, const Vec3& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec3 scale(const Vec3& a, double s) {
    return {a[0] * s, a[1] * s, a[2] * s};
}
double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
Vec3 normalised(const Vec3& a) {
    return scale(a, 1.0 / std::sqrt(dot(a, a)));
}

Vec3 rotate(const std::array<double, 9>& r, const Vec3& v) {
    return {r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
            r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
}

double distance_2d(const EyePoint& a, const EyePoint& b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

void check_point(const EyePoint& p, const char* what) {
    if (!std::isfinite(p.x) || !std::isfinite(p.y) || !std::isfinite(p.z))
        throw Error(std::string("gaze: ") + what + " is not finite");
}

void check_inputs(const EyeGeometry& eye, const std::array<double, 9>& r,
                  const CameraIntrinsics& camera) {
    check_point(eye.iris_centre, "iris centre");
    for (const EyePoint& p : eye.iris_outline)
        check_point(p, "iris outline point");
    check_point(eye.inner_corner, "inner eye corner");
    check_point(eye.outer_corner, "outer eye corner");
    if (!(camera.fx > 0) || !(camera.fy > 0) || !std::isfinite(camera.fx) ||
        !std::isfinite(camera.fy) || !std::isfinite(camera.cx) || !std::isfinite(camera.cy))
        throw Error("gaze: camera focal lengths must be positive and finite");
    // Rᵀ·R = I and det R = +1 within float-ish precision.
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            double s = 0;
            for (int k = 0; k < 3; ++k)
                s += r[size_t(3 * k + i)] * r[size_t(3 * k + j)];
            if (!(std::fabs(s - (i == j ? 1.0 : 0.0)) < 1e-3))
                throw Error("gaze: the head rotation is not a rotation matrix");
        }
    }
    const double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) +
                       r[2] * (r[3] * r[7] - r[4] * r[6]);
    if (!(det > 0))
        throw Error("gaze: the head rotation is a reflection, not a rotation");
}

// The iris outline's major axis, pixels, from two conjugate semi-diameters p
// and q (Apollonius: a² + b² = |p|² + |q|², a·b = |p × q|).
double iris_diameter_px(const EyeGeometry& eye) {
    const std::array<EyePoint, 4>& o = eye.iris_outline;
    const double px = (o[0].x - o[2].x) / 2, py = (o[0].y - o[2].y) / 2;
    const double qx = (o[1].x - o[3].x) / 2, qy = (o[1].y - o[3].y) / 2;
    const double sum = px * px + py * py + qx * qx + qy * qy;
    const double product = std::fabs(px * qy - py * qx);
    const double a2 = (sum + std::sqrt(std::max(0.0, sum * sum - 4 * product * product))) / 2;
    return 2 * std::sqrt(a2);
}

}  // namespace

EyeGaze estimate_eye_gaze(const EyeGeometry& eye, const std::array<double, 9>& rotation,
                          const CameraIntrinsics& camera, const GazeParams& params) {
    check_inputs(eye, rotation, camera);
    if (!(params.iris_diameter_mm > 0) || !(params.eyeball_radius_mm > 0))
        throw Error("gaze: iris diameter and eyeball radius must be positive");
    const double diameter_px = iris_diameter_px(eye);
    if (!(diameter_px >= 1.0))
        throw Error("gaze: the iris outline spans less than a pixel");

    // Distance of the iris from the camera, mm, and the mm per pixel there
    // (which also converts the landmarks' relative z into mm).
    const double focal = (camera.fx + camera.fy) / 2;
    const double iris_depth = focal * params.iris_diameter_mm / diameter_px;
    const double mm_per_px = iris_depth / focal;
    const auto lift = [&](const EyePoint& p) -> Vec3 {
        const double depth = iris_depth + (p.z - eye.iris_centre.z) * mm_per_px;
        return {(p.x - camera.cx) * depth / camera.fx, (p.y - camera.cy) * depth / camera.fy,
                depth};
    };

    EyeGaze out;
    const Vec3 corners_mid = scale(add(lift(eye.inner_corner), lift(eye.outer_corner)), 0.5);
    const Vec3 centre = add(corners_mid, rotate(rotation, params.eyeball_offset_mm));
    out.eyeball_centre = centre;

    // Ray from the optical centre through the iris centre's pixel: points t·d.
    // |t·d − c|² = r²  ⇔  t² − 2t(d·c) + |c|² − r² = 0; the smaller root is the
    // sphere's side facing the camera.
    const Vec3 d = normalised({(eye.iris_centre.x - camera.cx) / camera.fx,
                               (eye.iris_centre.y - camera.cy) / camera.fy, 1.0});
    const double r = params.eyeball_radius_mm;
    const double b = dot(d, centre);
    const double disc = b * b - (dot(centre, centre) - r * r);
    if (disc >= 0) {
        out.pupil = scale(d, b - std::sqrt(disc));
    } else {
        // The ray's closest approach to the centre (t = b), pushed onto the sphere.
        out.ray_missed = true;
        out.pupil = add(centre, scale(normalised(sub(scale(d, b), centre)), r));
    }
    out.direction = normalised(sub(out.pupil, centre));
    return out;
}

Gaze estimate_gaze(const EyeGeometry& eye_a, const EyeGeometry& eye_b,
                   const std::array<double, 9>& rotation, const CameraIntrinsics& camera,
                   const GazeParams& params) {
    const double xa = (eye_a.inner_corner.x + eye_a.outer_corner.x) / 2;
    const double xb = (eye_b.inner_corner.x + eye_b.outer_corner.x) / 2;
    const bool a_first = xa <= xb;
    Gaze gaze;
    gaze.eye_0 = estimate_eye_gaze(a_first ? eye_a : eye_b, rotation, camera, params);
    gaze.eye_1 = estimate_eye_gaze(a_first ? eye_b : eye_a, rotation, camera, params);
    const auto angles = openface_gaze_angle(gaze.eye_0.direction, gaze.eye_1.direction);
    gaze.angle_x = angles[0];
    gaze.angle_y = angles[1];
    return gaze;
}

std::array<double, 2> openface_gaze_angle(const std::array<double, 3>& gaze_0,
                                          const std::array<double, 3>& gaze_1) {
    const Vec3 mean = scale(add(gaze_0, gaze_1), 0.5);
    return {std::atan2(mean[0], -mean[2]), std::atan2(mean[1], -mean[2])};
}

double eye_openness(const EyeGeometry& eye) {
    if (eye.upper_lid.empty() || eye.upper_lid.size() != eye.lower_lid.size()) {
        throw Error("eye openness: needs as many lower as upper lid points, at least one (got " +
                    std::to_string(eye.upper_lid.size()) + " and " +
                    std::to_string(eye.lower_lid.size()) + ")");
    }
    const double width = distance_2d(eye.inner_corner, eye.outer_corner);
    if (!(width > 0) || !std::isfinite(width))
        throw Error("eye openness: the eye corners coincide or are not finite");
    double opening = 0;
    for (size_t i = 0; i < eye.upper_lid.size(); ++i)
        opening += distance_2d(eye.upper_lid[i], eye.lower_lid[i]);
    const double ratio = opening / double(eye.upper_lid.size()) / width;
    if (!std::isfinite(ratio))
        throw Error("eye openness: a lid point is not finite");
    return ratio;
}

EyeGeometry mediapipe_eye(const std::vector<EyePoint>& mesh, const MediaPipeEyeIndices& indices) {
    if (mesh.size() < 478) {
        throw Error(
            "gaze: a MediaPipe mesh with irises has 478 points, got " + std::to_string(mesh.size()),
            {}, "run the face mesh with its iris refinement (refine_landmarks)");
    }
    EyeGeometry eye;
    eye.iris_centre = mesh[size_t(indices.iris_centre)];
    for (size_t i = 0; i < 4; ++i)
        eye.iris_outline[i] = mesh[size_t(indices.iris_outline[i])];
    eye.inner_corner = mesh[size_t(indices.inner_corner)];
    eye.outer_corner = mesh[size_t(indices.outer_corner)];
    for (size_t i = 0; i < indices.upper_lid.size(); ++i) {
        eye.upper_lid.push_back(mesh[size_t(indices.upper_lid[i])]);
        eye.lower_lid.push_back(mesh[size_t(indices.lower_lid[i])]);
    }
    return eye;
}

}  // namespace facellava
