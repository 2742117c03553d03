// Head pose by fitting a rigid 3D mean face to the 68 landmarks with solvePnP.
#include "facellava/core/head_pose.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "facellava/core/error.h"

namespace facellava {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = 180.0 / kPi;

// 3D face model for the Multi-PIE / iBUG 68-point mark-up, from ptgaze
// (hysts/pytorch_mpiigaze_demo, ptgaze/common/face_model_68.py, MIT licence,
// © hysts). Metres; outer eye corners 90 mm apart; origin at the nose tip (30);
// x to the subject's left, y down, z into the head: the camera frame of a face
// looking straight into the camera, so a frontal face has R = identity.
// The model is left–right symmetric (x ↦ −x swaps mirror points exactly).
const std::array<std::array<double, 3>, 68> kMeanFace = {{
    {-0.07141807, -0.02827123, 0.08114384},  // 0  jaw contour, subject's right ear
    {-0.07067417, -0.00961522, 0.08035654},
    {-0.06844646, 0.00895837, 0.08046731},
    {-0.06474301, 0.02708319, 0.08045689},
    {-0.05778475, 0.04384917, 0.07802191},
    {-0.04673809, 0.05812865, 0.07192291},
    {-0.03293922, 0.06962711, 0.06106274},
    {-0.01744018, 0.07850638, 0.04752971},
    {0.0, 0.08105961, 0.0425195},  // 8  chin
    {0.01744018, 0.07850638, 0.04752971},
    {0.03293922, 0.06962711, 0.06106274},
    {0.04673809, 0.05812865, 0.07192291},
    {0.05778475, 0.04384917, 0.07802191},
    {0.06474301, 0.02708319, 0.08045689},
    {0.06844646, 0.00895837, 0.08046731},
    {0.07067417, -0.00961522, 0.08035654},
    {0.07141807, -0.02827123, 0.08114384},  // 16
    {-0.05977758, -0.0447858, 0.04562813},  // 17 right brow
    {-0.05055506, -0.05334294, 0.03834846},
    {-0.0375633, -0.05609241, 0.03158344},
    {-0.02423648, -0.05463779, 0.02510117},
    {-0.01168798, -0.04986641, 0.02050337},
    {0.01168798, -0.04986641, 0.02050337},  // 22 left brow
    {0.02423648, -0.05463779, 0.02510117},
    {0.0375633, -0.05609241, 0.03158344},
    {0.05055506, -0.05334294, 0.03834846},
    {0.05977758, -0.0447858, 0.04562813},
    {0.0, -0.03515768, 0.02038099},  // 27 nose bridge
    {0.0, -0.02350421, 0.01366667},
    {0.0, -0.01196914, 0.00658284},
    {0.0, 0.0, 0.0},                        // 30 nose tip
    {-0.01479319, 0.00949072, 0.01708772},  // 31 nostrils
    {-0.00762319, 0.01179908, 0.01419133},
    {0.0, 0.01381676, 0.01205559},
    {0.00762319, 0.01179908, 0.01419133},
    {0.01479319, 0.00949072, 0.01708772},
    {-0.045, -0.032415, 0.03976718},  // 36 right eye, outer corner
    {-0.0370546, -0.0371723, 0.03579593},
    {-0.0275166, -0.03714814, 0.03425518},
    {-0.01919724, -0.03101962, 0.03359268},
    {-0.02813814, -0.0294397, 0.03345652},
    {-0.03763013, -0.02948442, 0.03497732},
    {0.01919724, -0.03101962, 0.03359268},  // 42 left eye, inner corner
    {0.0275166, -0.03714814, 0.03425518},
    {0.0370546, -0.0371723, 0.03579593},
    {0.045, -0.032415, 0.03976718},
    {0.03763013, -0.02948442, 0.03497732},
    {0.02813814, -0.0294397, 0.03345652},
    {-0.02847002, 0.03331642, 0.03667993},  // 48 outer lips, right corner
    {-0.01796181, 0.02843251, 0.02335485},
    {-0.00742947, 0.0258057, 0.01630812},
    {0.0, 0.0275555, 0.01538404},
    {0.00742947, 0.0258057, 0.01630812},
    {0.01796181, 0.02843251, 0.02335485},
    {0.02847002, 0.03331642, 0.03667993},  // 54 left corner
    {0.0183606, 0.0423393, 0.02523355},
    {0.00808323, 0.04614537, 0.01820142},
    {0.0, 0.04688623, 0.01716318},
    {-0.00808323, 0.04614537, 0.01820142},
    {-0.0183606, 0.0423393, 0.02523355},
    {-0.02409981, 0.03367606, 0.03421466},  // 60 inner lips
    {-0.00756874, 0.03192644, 0.01851247},
    {0.0, 0.03263345, 0.01732347},
    {0.00756874, 0.03192644, 0.01851247},
    {0.02409981, 0.03367606, 0.03421466},
    {0.00771924, 0.03711846, 0.01940396},
    {0.0, 0.03791103, 0.0180805},
    {-0.00771924, 0.03711846, 0.01940396},
}};

void check_camera(const CameraIntrinsics& camera) {
    const bool finite = std::isfinite(camera.fx) && std::isfinite(camera.fy) &&
                        std::isfinite(camera.cx) && std::isfinite(camera.cy);
    if (!finite || !(camera.fx > 0) || !(camera.fy > 0))
        throw Error("head pose: camera focal lengths must be positive and finite");
}

double inter_ocular_distance(const Landmarks68& landmarks) {
    return std::hypot(double(landmarks.x(45)) - landmarks.x(36),
                      double(landmarks.y(45)) - landmarks.y(36));
}

std::array<double, 2> project(const std::array<double, 9>& r, const std::array<double, 3>& t,
                              const std::array<double, 3>& p, const CameraIntrinsics& camera) {
    const double x = r[0] * p[0] + r[1] * p[1] + r[2] * p[2] + t[0];
    const double y = r[3] * p[0] + r[4] * p[1] + r[5] * p[2] + t[1];
    const double z = r[6] * p[0] + r[7] * p[1] + r[8] * p[2] + t[2];
    return {camera.fx * x / z + camera.cx, camera.fy * y / z + camera.cy};
}

std::array<double, 9> rx(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return {1, 0, 0, 0, c, -s, 0, s, c};
}
std::array<double, 9> ry(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return {c, 0, s, 0, 1, 0, -s, 0, c};
}
std::array<double, 9> rz(double a) {
    const double c = std::cos(a), s = std::sin(a);
    return {c, -s, 0, s, c, 0, 0, 0, 1};
}
std::array<double, 9> multiply(const std::array<double, 9>& a, const std::array<double, 9>& b) {
    std::array<double, 9> m{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k)
                m[3 * i + j] += a[3 * i + k] * b[3 * k + j];
    return m;
}

}  // namespace

CameraIntrinsics CameraIntrinsics::approximate(int image_width, int image_height) {
    if (image_width <= 0 || image_height <= 0) {
        throw Error("head pose: image size must be positive, got " + std::to_string(image_width) +
                    "x" + std::to_string(image_height));
    }
    CameraIntrinsics camera;
    camera.fx = camera.fy = double(image_width);
    camera.cx = image_width / 2.0;
    camera.cy = image_height / 2.0;
    camera.image_width = image_width;
    camera.image_height = image_height;
    return camera;
}

CameraIntrinsics CameraIntrinsics::openface_default(int image_width, int image_height) {
    CameraIntrinsics camera = approximate(image_width, image_height);  // checks the size
    camera.fx = camera.fy = (500.0 * image_width / 640.0 + 500.0 * image_height / 480.0) / 2.0;
    return camera;
}

const std::array<std::array<double, 3>, 68>& mean_face_model() {
    return kMeanFace;
}

std::array<double, 9> rotation_from_angles(double yaw, double pitch, double roll) {
    return multiply(multiply(ry(-yaw / kDeg), rx(-pitch / kDeg)), rz(roll / kDeg));
}

std::array<double, 3> angles_from_rotation(const std::array<double, 9>& r) {
    // With a = −yaw, b = −pitch, c = roll, Ry(a)·Rx(b)·Rz(c) =
    //   [ ca·cc + sa·sb·sc   −ca·sc + sa·sb·cc   sa·cb ]
    //   [ cb·sc               cb·cc              −sb    ]
    //   [ −sa·cc + ca·sb·sc   sa·sc + ca·sb·cc   ca·cb ]
    const double b = std::asin(std::clamp(-r[5], -1.0, 1.0));
    const double a = std::atan2(r[2], r[8]);
    const double c = std::atan2(r[3], r[4]);
    return {-a * kDeg, -b * kDeg, c * kDeg};
}

Landmarks68 project_mean_face(const std::array<double, 9>& rotation,
                              const std::array<double, 3>& translation,
                              const CameraIntrinsics& camera) {
    check_camera(camera);
    Landmarks68 out;
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        const auto p = project(rotation, translation, kMeanFace[size_t(i)], camera);
        out.xy[size_t(2 * i)] = float(p[0]);
        out.xy[size_t(2 * i + 1)] = float(p[1]);
    }
    return out;
}

std::array<double, 3> openface_euler_from_rotation(const std::array<double, 9>& r) {
    // Rx(a) · Ry(b) · Rz(c) =
    //   [ cb·cc              −cb·sc              sb    ]
    //   [ ca·sc + sa·sb·cc   ca·cc − sa·sb·sc   −sa·cb ]
    //   [ sa·sc − ca·sb·cc   sa·cc + ca·sb·sc    ca·cb ]
    // (OpenFace's Euler2RotationMatrix). Its RotationMatrix2Euler reads the
    // same angles through a quaternion, which fails for half turns; this does not.
    const double b = std::asin(std::clamp(r[2], -1.0, 1.0));
    if (std::abs(r[2]) > 1.0 - 1e-12) {
        // cb = 0: only a ± c is defined; a = 0 and c from the lower-left block.
        return {0.0, b, std::atan2(r[3], r[4])};
    }
    return {std::atan2(-r[5], r[8]), b, std::atan2(-r[1], r[0])};
}

std::array<double, 3> openface_euler(const HeadPose& pose) {
    const auto& r = pose.rotation;
    const double det = r[0] * (r[4] * r[8] - r[5] * r[7]) - r[1] * (r[3] * r[8] - r[5] * r[6]) +
                       r[2] * (r[3] * r[7] - r[4] * r[6]);
    if (std::abs(det - 1.0) > 1e-6)
        return openface_euler_from_rotation(rotation_from_angles(pose.yaw, pose.pitch, pose.roll));
    return openface_euler_from_rotation(r);
}

std::array<double, 3> openface_translation_mm(const HeadPose& pose,
                                              const CameraIntrinsics& camera) {
    check_camera(pose.camera);
    check_camera(camera);
    std::array<double, 3> centroid{};
    for (const auto& p : kMeanFace)
        for (int k = 0; k < 3; ++k)
            centroid[size_t(k)] += p[size_t(k)] / double(kMeanFace.size());
    const auto& r = pose.rotation;
    std::array<double, 3> c{};  // the centre in the fit's camera frame, metres
    for (int i = 0; i < 3; ++i)
        c[size_t(i)] = r[size_t(3 * i)] * centroid[0] + r[size_t(3 * i + 1)] * centroid[1] +
                       r[size_t(3 * i + 2)] * centroid[2] + pose.translation[size_t(i)];
    const CameraIntrinsics& fit = pose.camera;
    const double u = fit.fx * c[0] / c[2] + fit.cx;  // where the fit sees the centre, pixels
    const double v = fit.fy * c[1] / c[2] + fit.cy;
    const double z = c[2] * (camera.fx + camera.fy) / (fit.fx + fit.fy);
    return {1000.0 * (u - camera.cx) * z / camera.fx, 1000.0 * (v - camera.cy) * z / camera.fy,
            1000.0 * z};
}

HeadPose estimate_head_pose(const Landmarks68& landmarks, const CameraIntrinsics& camera) {
    check_camera(camera);
    for (float v : landmarks.xy) {
        if (!std::isfinite(v))
            throw Error("head pose: landmarks are not finite");
    }
    const double iod = inter_ocular_distance(landmarks);
    if (!(iod >= 1.0))
        throw Error("head pose: landmarks are degenerate (outer eye corners coincide)");

    std::vector<cv::Point3d> object;
    std::vector<cv::Point2d> image;
    for (int i : kHeadPoseFitPoints) {
        const auto& p = kMeanFace[size_t(i)];
        object.emplace_back(p[0], p[1], p[2]);
        image.emplace_back(landmarks.x(i), landmarks.y(i));
    }
    const cv::Matx33d k(camera.fx, 0, camera.cx, 0, camera.fy, camera.cy, 0, 0, 1);
    cv::Mat rvec, tvec;
    // EPnP gives a closed-form start near the optimum; the iterative solver
    // (Levenberg–Marquardt on the reprojection error) then refines it. When
    // EPnP fails or puts the face behind the camera, the iterative solver
    // starts from its own (DLT) guess instead.
    bool ok = cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_EPNP);
    const bool epnp_usable = ok && tvec.at<double>(2) > 0;
    ok = cv::solvePnP(object, image, k, cv::noArray(), rvec, tvec, epnp_usable,
                      cv::SOLVEPNP_ITERATIVE);
    if (!ok || !(tvec.at<double>(2) > 0) || !cv::checkRange(rvec) || !cv::checkRange(tvec))
        throw Error("head pose: no pose puts the 3D face model in front of the camera");

    cv::Matx33d r;
    cv::Rodrigues(rvec, r);
    HeadPose pose;
    pose.camera = camera;
    for (int i = 0; i < 9; ++i)
        pose.rotation[size_t(i)] = r.val[i];
    for (int i = 0; i < 3; ++i)
        pose.translation[size_t(i)] = tvec.at<double>(i);
    const auto angles = angles_from_rotation(pose.rotation);
    pose.yaw = angles[0];
    pose.pitch = angles[1];
    pose.roll = angles[2];

    double sum_sq = 0;
    for (int i : kHeadPoseFitPoints) {
        const auto p = project(pose.rotation, pose.translation, kMeanFace[size_t(i)], camera);
        sum_sq += std::pow(p[0] - landmarks.x(i), 2) + std::pow(p[1] - landmarks.y(i), 2);
    }
    pose.reprojection_rms_px = std::sqrt(sum_sq / double(kHeadPoseFitPoints.size()));
    pose.reprojection_error = pose.reprojection_rms_px / iod;
    return pose;
}

HeadPose estimate_head_pose(const Landmarks68& landmarks, int image_width, int image_height) {
    return estimate_head_pose(landmarks, CameraIntrinsics::approximate(image_width, image_height));
}

}  // namespace facellava
