// Gaze and eye openness on synthetic eyes: an eyeball model placed by a known
// head pose, turned to a known gaze, projected through a pinhole camera; the
// estimate must give back the gaze (OpenFace's angles) within 1°.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/gaze.h"
#include "facellava/core/head_pose.h"

namespace facellava {
namespace {

using Vec3 = std::array<double, 3>;
constexpr double kPi = 3.14159265358979323846;
constexpr double kOneDegree = kPi / 180;

Vec3 add(const Vec3& a, const Vec3& b) {
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
Vec3 sub(const Vec3& a, const Vec3& b) {
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
Vec3 mul(const Vec3& a, double s) {
    return {a[0] * s, a[1] * s, a[2] * s};
}
double dot(const Vec3& a, const Vec3& b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
Vec3 cross(const Vec3& a, const Vec3& b) {
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
Vec3 unit(const Vec3& a) {
    return mul(a, 1 / std::sqrt(dot(a, a)));
}
Vec3 rotate(const std::array<double, 9>& r, const Vec3& v) {
    return {r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
            r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
}
double angle_between(const Vec3& a, const Vec3& b) {
    return std::acos(std::clamp(dot(unit(a), unit(b)), -1.0, 1.0));
}

// A 1280 × 720 camera with OpenFace's focal guess: (500·1280/640 + 500·720/480) / 2.
CameraIntrinsics test_camera() {
    CameraIntrinsics c;
    c.fx = c.fy = 875;
    c.cx = 640;
    c.cy = 360;
    c.image_width = 1280;
    c.image_height = 720;
    return c;
}

// The synthetic head: nose tip at `translation` (mm), turned by `rotation`.
// Eyes in the head frame (mm from the nose tip, x to the subject's left):
// corners' midpoints ±32 mm apart sideways, 35 mm above, 25 mm behind the tip;
// the corners differ in depth so the relative z matters.
struct SyntheticHead {
    std::array<double, 9> rotation;
    Vec3 translation;
    GazeParams model;

    Vec3 to_camera(const Vec3& head_point) const {
        return add(rotate(rotation, head_point), translation);
    }
    // side −1: subject's right eye (image left for a frontal face), +1: left.
    Vec3 corners_mid(int side) const { return {32.0 * side, -35, 25}; }
    Vec3 eyeball_centre(int side) const {
        return to_camera(add(corners_mid(side), model.eyeball_offset_mm));
    }

    // The eye's landmarks when it looks along `gaze` (camera frame).
    EyeGeometry eye(int side, const Vec3& gaze, const CameraIntrinsics& cam) const {
        const Vec3 g = unit(gaze);
        const Vec3 pupil = add(eyeball_centre(side), mul(g, model.eyeball_radius_mm));
        // MediaPipe-like z: pixels at the eye's distance, relative to the nose tip.
        const double px_per_mm = cam.fx / pupil[2];
        const auto project = [&](const Vec3& p) {
            return EyePoint{cam.fx * p[0] / p[2] + cam.cx, cam.fy * p[1] / p[2] + cam.cy,
                            (p[2] - translation[2]) * px_per_mm};
        };
        EyeGeometry e;
        e.iris_centre = project(pupil);
        // Iris outline: two perpendicular diameters of the 11.7 mm circle
        // around the pupil, at an arbitrary phase in its plane.
        Vec3 e1 = cross(g, {0, 1, 0});
        e1 = unit(e1);
        const Vec3 e2 = cross(g, e1);
        const double radius = model.iris_diameter_mm / 2, phase = 0.5;
        for (int k = 0; k < 4; ++k) {
            const double a = phase + k * kPi / 2;
            e.iris_outline[size_t(k)] = project(
                add(pupil, add(mul(e1, radius * std::cos(a)), mul(e2, radius * std::sin(a)))));
        }
        const Vec3 mid = corners_mid(side);
        e.inner_corner = project(to_camera(add(mid, {-14.0 * side, 1, -3})));
        e.outer_corner = project(to_camera(add(mid, {14.0 * side, -1, 3})));
        return e;
    }
    // The pupil faces the camera (else the landmarks could not show it).
    bool pupil_visible(int side, const Vec3& gaze) const {
        const Vec3 pupil = add(eyeball_centre(side), mul(unit(gaze), model.eyeball_radius_mm));
        return dot(unit(gaze), pupil) < 0;
    }
};

SyntheticHead make_head(double yaw, double pitch, double roll) {
    return {rotation_from_angles(yaw, pitch, roll), {40, -25, 650}, {}};
}

// The camera-frame direction whose OpenFace angles are (ax, ay) radians:
// atan2(x, −z) = ax and atan2(y, −z) = ay.
Vec3 gaze_from_angles(double ax, double ay) {
    return unit({std::tan(ax), std::tan(ay), -1});
}

TEST(Gaze, RecoversKnownGazeUnderHeadRotations) {
    const CameraIntrinsics cam = test_camera();
    const std::vector<std::array<double, 3>> poses = {
        {0, 0, 0}, {20, -10, 5}, {-25, 15, -8}, {10, 20, 15}};
    const std::vector<std::array<double, 2>> gazes = {{0, 0},       {0.3, 0},      {-0.3, 0.1},
                                                      {0.2, -0.25}, {-0.15, -0.2}, {0, 0.3}};
    int checked = 0;
    for (const auto& pose : poses) {
        const SyntheticHead head = make_head(pose[0], pose[1], pose[2]);
        for (const auto& angles : gazes) {
            const Vec3 g = gaze_from_angles(angles[0], angles[1]);
            if (!head.pupil_visible(-1, g) || !head.pupil_visible(1, g))
                continue;
            ++checked;
            // Eyes passed right-of-image first: the result sorts them.
            const Gaze gaze =
                estimate_gaze(head.eye(1, g, cam), head.eye(-1, g, cam), head.rotation, cam);
            SCOPED_TRACE(testing::Message()
                         << "pose " << pose[0] << "," << pose[1] << "," << pose[2] << " gaze "
                         << angles[0] << "," << angles[1]);
            EXPECT_NEAR(gaze.angle_x, angles[0], kOneDegree);
            EXPECT_NEAR(gaze.angle_y, angles[1], kOneDegree);
            EXPECT_LT(angle_between(gaze.eye_0.direction, g), kOneDegree);
            EXPECT_LT(angle_between(gaze.eye_1.direction, g), kOneDegree);
            EXPECT_FALSE(gaze.eye_0.ray_missed);
            EXPECT_NEAR(std::sqrt(dot(gaze.eye_0.direction, gaze.eye_0.direction)), 1.0, 1e-12);
            // eye_0 is the image-left eye: the subject's right (side −1).
            EXPECT_LT(angle_between(gaze.eye_0.eyeball_centre, head.eyeball_centre(-1)),
                      angle_between(gaze.eye_0.eyeball_centre, head.eyeball_centre(1)));
            // Eyeball centre placed within 1.5 % of its distance (iris-size depth).
            const Vec3 truth = head.eyeball_centre(-1);
            EXPECT_LT(std::sqrt(dot(sub(gaze.eye_0.eyeball_centre, truth),
                                    sub(gaze.eye_0.eyeball_centre, truth))),
                      0.015 * truth[2]);
        }
    }
    EXPECT_GE(checked, 20);  // most combinations keep the pupils in view
}

// OpenFace's GetGazeAngle: x_angle = atan2(gaze_vector.x, -gaze_vector.z),
// y_angle = atan2(gaze_vector.y, -gaze_vector.z) (camera x to image right, y
// down). So looking at something to the camera's right (image right, the
// frontal subject's own left) gives angle_x > 0, to the camera's left < 0;
// looking up gives angle_y < 0.
TEST(Gaze, OpenFaceSignsForTargetsAroundTheCamera) {
    const CameraIntrinsics cam = test_camera();
    const SyntheticHead head = make_head(0, 0, 0);
    const auto look_at = [&](const Vec3& target) {
        const Vec3 g0 = unit(sub(target, head.eyeball_centre(-1)));
        const Vec3 g1 = unit(sub(target, head.eyeball_centre(1)));
        const Gaze gaze =
            estimate_gaze(head.eye(-1, g0, cam), head.eye(1, g1, cam), head.rotation, cam);
        // Reference: OpenFace's formula on the true directions.
        const Vec3 mean = mul(add(g0, g1), 0.5);
        EXPECT_NEAR(gaze.angle_x, std::atan2(mean[0], -mean[2]), kOneDegree);
        EXPECT_NEAR(gaze.angle_y, std::atan2(mean[1], -mean[2]), kOneDegree);
        return gaze;
    };
    // The camera itself: the eyes sit 40 mm right and ~60 mm above the lens
    // (nose tip at (40, −25), eyes 35 mm above it), so the gaze points left and down.
    const Gaze at_camera = look_at({0, 0, 0});
    EXPECT_NEAR(at_camera.angle_x, std::atan2(-40.0, 650 + 25 + 12), 0.5 * kOneDegree);
    EXPECT_LT(std::fabs(at_camera.angle_x), 5 * kOneDegree);

    EXPECT_GT(look_at({400, 0, 0}).angle_x, 20 * kOneDegree);     // camera's right
    EXPECT_LT(look_at({-400, 0, 0}).angle_x, -20 * kOneDegree);   // camera's left
    EXPECT_LT(look_at({40, -400, 0}).angle_y, -20 * kOneDegree);  // above the camera
    EXPECT_GT(look_at({40, 400, 0}).angle_y, 20 * kOneDegree);    // below
}

TEST(Gaze, OpenFaceGazeAngleOfTwoVectors) {
    // Straight into the camera: (0, 0, −1) → (0, 0).
    const auto zero = openface_gaze_angle({0, 0, -1}, {0, 0, -1});
    EXPECT_DOUBLE_EQ(zero[0], 0.0);
    EXPECT_DOUBLE_EQ(zero[1], 0.0);
    // The mean of (1, 0, −1)/√2 and (0, 0, −1) is unnormalised: x = 0.3536,
    // z = −0.8536 → atan2(0.3536, 0.8536) = 22.5°.
    const double s = std::sqrt(0.5);
    const auto a = openface_gaze_angle({s, 0, -s}, {0, 0, -1});
    EXPECT_NEAR(a[0], 22.5 * kOneDegree, 1e-12);
    EXPECT_DOUBLE_EQ(a[1], 0.0);
}

TEST(Gaze, RayMissingTheEyeballIsFlaggedAndStillAUnitVector) {
    const CameraIntrinsics cam = test_camera();
    const SyntheticHead head = make_head(0, 0, 0);
    EyeGeometry eye = head.eye(-1, {0, 0, -1}, cam);
    eye.iris_centre.x += 200;  // far outside the eye
    const EyeGaze g = estimate_eye_gaze(eye, head.rotation, cam);
    EXPECT_TRUE(g.ray_missed);
    EXPECT_NEAR(std::sqrt(dot(g.direction, g.direction)), 1.0, 1e-12);
    EXPECT_GT(g.direction[0], 0.9);  // sideways, towards where the iris was put
}

TEST(Gaze, InvalidInputThrows) {
    const CameraIntrinsics cam = test_camera();
    const SyntheticHead head = make_head(0, 0, 0);
    const EyeGeometry good = head.eye(-1, {0, 0, -1}, cam);
    EyeGeometry bad = good;
    bad.iris_centre.x = std::numeric_limits<double>::quiet_NaN();
    EXPECT_THROW(estimate_eye_gaze(bad, head.rotation, cam), Error);
    bad = good;
    for (EyePoint& p : bad.iris_outline)
        p = good.iris_centre;  // no iris size
    EXPECT_THROW(estimate_eye_gaze(bad, head.rotation, cam), Error);
    std::array<double, 9> not_rotation = head.rotation;
    not_rotation[0] = 2;
    EXPECT_THROW(estimate_eye_gaze(good, not_rotation, cam), Error);
    std::array<double, 9> mirror = head.rotation;
    for (size_t i = 0; i < 3; ++i)
        mirror[i] = -mirror[i];
    EXPECT_THROW(estimate_eye_gaze(good, mirror, cam), Error);
    CameraIntrinsics no_focal = cam;
    no_focal.fx = 0;
    EXPECT_THROW(estimate_eye_gaze(good, head.rotation, no_focal), Error);
}

// An eye 30 px wide with lids `gap` px apart at three points along it, turned
// by `angle` in the image and scaled by `zoom`.
EyeGeometry lids(double gap, double angle, double zoom) {
    const auto place = [&](double x, double y) {
        const double c = std::cos(angle), s = std::sin(angle);
        return EyePoint{100 + zoom * (c * x - s * y), 200 + zoom * (s * x + c * y), 0};
    };
    EyeGeometry e;
    e.inner_corner = place(15, 0);
    e.outer_corner = place(-15, 0);
    for (double x : {-7.0, 0.0, 7.0}) {
        e.upper_lid.push_back(place(x, -gap / 2));
        e.lower_lid.push_back(place(x, gap / 2));
    }
    return e;
}

TEST(Gaze, EyeOpennessIsTheLidGapOverTheWidth) {
    EXPECT_NEAR(eye_openness(lids(9, 0, 1)), 9.0 / 30.0, 1e-12);
    // Free of scale and in-plane rotation.
    EXPECT_NEAR(eye_openness(lids(9, 0.6, 2.5)), 0.3, 1e-12);
    // Closed: the lids meet.
    EXPECT_NEAR(eye_openness(lids(0.2, 0.3, 1)), 0.0, 0.01);
    EXPECT_LT(eye_openness(lids(0.2, 0.3, 1)), 0.1);

    EyeGeometry bad = lids(9, 0, 1);
    bad.lower_lid.pop_back();
    EXPECT_THROW(eye_openness(bad), Error);
    bad = lids(9, 0, 1);
    bad.upper_lid.clear();
    bad.lower_lid.clear();
    EXPECT_THROW(eye_openness(bad), Error);
    bad = lids(9, 0, 1);
    bad.outer_corner = bad.inner_corner;
    EXPECT_THROW(eye_openness(bad), Error);
}

TEST(Gaze, MediaPipeEyePicksTheNamedPoints) {
    std::vector<EyePoint> mesh(478);
    for (size_t i = 0; i < mesh.size(); ++i)
        mesh[i] = {double(i), 2.0 * double(i), -double(i)};
    const EyeGeometry right = mediapipe_eye(mesh, kMediaPipeRightEye);
    // MediaPipe's FACEMESH_RIGHT_EYE runs 33 … 133, FACEMESH_RIGHT_IRIS 469–472.
    EXPECT_EQ(right.outer_corner.x, 33);
    EXPECT_EQ(right.inner_corner.x, 133);
    EXPECT_EQ(right.iris_centre.x, 468);
    EXPECT_EQ(right.iris_outline[2].y, 2 * 471);
    EXPECT_EQ(right.upper_lid.size(), right.lower_lid.size());
    const EyeGeometry left = mediapipe_eye(mesh, kMediaPipeLeftEye);
    EXPECT_EQ(left.outer_corner.x, 263);
    EXPECT_EQ(left.iris_centre.z, -473);
    mesh.resize(468);  // mesh without irises
    EXPECT_THROW(mediapipe_eye(mesh, kMediaPipeRightEye), Error);
}

}  // namespace
}  // namespace facellava
