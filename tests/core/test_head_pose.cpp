// Head pose: the angle conventions, recovery of known poses from the mean face
// projected through the same camera model, mirror symmetry, and sane poses on
// the face-api demo photos (dlib detector + landmarks; missing assets fail).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/head_pose.h"
#include "facellava/core/media.h"

namespace facellava {
namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 480;

// iBUG 68 left–right mirror partner of each point.
constexpr std::array<int, 68> kMirror = {
    16, 15, 14, 13, 12, 11, 10, 9,  8,  7,  6,  5,  4, 3, 2, 1, 0,  // jaw
    26, 25, 24, 23, 22, 21, 20, 19, 18, 17,                         // brows
    27, 28, 29, 30, 35, 34, 33, 32, 31,                             // nose
    45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40,                 // eyes
    54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55,                 // outer lips
    64, 63, 62, 61, 60, 67, 66, 65};                                // inner lips

// The image flipped left–right about the principal point (x ↦ width − x), with
// the points renumbered so each keeps its anatomical meaning.
Landmarks68 mirrored(const Landmarks68& m, int width) {
    Landmarks68 out;
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        const int j = kMirror[size_t(i)];
        out.xy[size_t(2 * i)] = float(width) - m.x(j);
        out.xy[size_t(2 * i + 1)] = m.y(j);
    }
    return out;
}

Landmarks68 project_pose(double yaw, double pitch, double roll,
                         const std::array<double, 3>& translation = {0.02, -0.01, 0.6}) {
    return project_mean_face(rotation_from_angles(yaw, pitch, roll), translation,
                             CameraIntrinsics::approximate(kWidth, kHeight));
}

TEST(HeadPose, ApproximateCameraUsesWidthAsFocalAndTheImageCentre) {
    const CameraIntrinsics c = CameraIntrinsics::approximate(640, 480);
    EXPECT_EQ(c.fx, 640.0);
    EXPECT_EQ(c.fy, 640.0);
    EXPECT_EQ(c.cx, 320.0);
    EXPECT_EQ(c.cy, 240.0);
    EXPECT_THROW(CameraIntrinsics::approximate(0, 480), Error);
}

TEST(HeadPose, MeanFaceModelIsMirrorSymmetric) {
    const auto& model = mean_face_model();
    for (size_t i = 0; i < 68; ++i) {
        const auto& p = model[i];
        const auto& q = model[size_t(kMirror[i])];
        EXPECT_DOUBLE_EQ(p[0], -q[0]) << i;
        EXPECT_DOUBLE_EQ(p[1], q[1]) << i;
        EXPECT_DOUBLE_EQ(p[2], q[2]) << i;
    }
    EXPECT_DOUBLE_EQ(model[45][0] - model[36][0], 0.09);  // outer eye corners 90 mm apart
}

TEST(HeadPose, AnglesRoundTripThroughTheRotation) {
    for (double yaw : {-70.0, -30.0, 0.0, 12.5, 45.0})
        for (double pitch : {-40.0, 0.0, 25.0})
            for (double roll : {-20.0, 0.0, 8.0}) {
                const auto a = angles_from_rotation(rotation_from_angles(yaw, pitch, roll));
                EXPECT_NEAR(a[0], yaw, 1e-9);
                EXPECT_NEAR(a[1], pitch, 1e-9);
                EXPECT_NEAR(a[2], roll, 1e-9);
            }
}

TEST(HeadPose, SignConventionsMatchTheDocumentation) {
    // On the optical axis, so perspective does not shift the nose sideways.
    const auto on_axis = [](double yaw, double pitch, double roll) {
        return project_pose(yaw, pitch, roll, {0, 0, 0.6});
    };
    const Landmarks68 front = on_axis(0, 0, 0);
    const auto eye_mid_x = [](const Landmarks68& m) { return (m.x(36) + m.x(45)) / 2; };
    const auto nose_below_eyes = [](const Landmarks68& m) {
        return m.y(30) - (m.y(36) + m.y(45)) / 2;
    };
    EXPECT_NEAR(front.x(30), eye_mid_x(front), 1e-3);
    // Yaw > 0: turned to the subject's left, the nose moves to image right.
    const Landmarks68 left = on_axis(25, 0, 0);
    EXPECT_GT(left.x(30) - eye_mid_x(left), 5.0f);
    // Pitch > 0: looking up, the nose rises towards the eyes in the image.
    const Landmarks68 up = on_axis(0, 20, 0);
    EXPECT_LT(nose_below_eyes(up), nose_below_eyes(front) - 3.0f);
    // Roll > 0: clockwise in the image, the subject's left eye (45) drops.
    const Landmarks68 tilted = on_axis(0, 0, 15);
    EXPECT_GT(tilted.y(45) - tilted.y(36), 10.0f);
}

TEST(HeadPose, RecoversAKnownPoseFromProjectedModel) {
    const std::array<double, 3> t = {0.02, -0.01, 0.6};
    const HeadPose pose = estimate_head_pose(project_pose(30, -10, 5, t), kWidth, kHeight);
    std::cout << "[ head pose ] (30, -10, 5) recovered as (" << pose.yaw << ", " << pose.pitch
              << ", " << pose.roll << "), rms " << pose.reprojection_rms_px << " px\n";
    EXPECT_NEAR(pose.yaw, 30.0, 0.01);
    EXPECT_NEAR(pose.pitch, -10.0, 0.01);
    EXPECT_NEAR(pose.roll, 5.0, 0.01);
    for (int i = 0; i < 3; ++i)
        EXPECT_NEAR(pose.translation[size_t(i)], t[size_t(i)], 1e-4);
    EXPECT_LT(pose.reprojection_rms_px, 1e-3);
    const auto r = rotation_from_angles(30, -10, 5);
    for (int i = 0; i < 9; ++i)
        EXPECT_NEAR(pose.rotation[size_t(i)], r[size_t(i)], 1e-5);
}

TEST(HeadPose, RecoversAGridOfPoses) {
    for (double yaw : {-60.0, -30.0, 0.0, 30.0, 60.0})
        for (double pitch : {-25.0, 0.0, 20.0})
            for (double roll : {-15.0, 0.0, 15.0}) {
                const HeadPose pose =
                    estimate_head_pose(project_pose(yaw, pitch, roll), kWidth, kHeight);
                EXPECT_NEAR(pose.yaw, yaw, 0.01) << yaw << " " << pitch << " " << roll;
                EXPECT_NEAR(pose.pitch, pitch, 0.01) << yaw << " " << pitch << " " << roll;
                EXPECT_NEAR(pose.roll, roll, 0.01) << yaw << " " << pitch << " " << roll;
            }
}

TEST(HeadPose, NoisyLandmarksStillGiveThePoseWithinAFewDegrees) {
    // 1 px of landmark noise on a face about 100 px between the eyes.
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.f, 1.f);
    Landmarks68 m = project_pose(30, -10, 5);
    for (float& v : m.xy)
        v += noise(rng);
    const HeadPose pose = estimate_head_pose(m, kWidth, kHeight);
    EXPECT_NEAR(pose.yaw, 30.0, 3.0);
    EXPECT_NEAR(pose.pitch, -10.0, 3.0);
    EXPECT_NEAR(pose.roll, 5.0, 3.0);
    EXPECT_GT(pose.reprojection_rms_px, 0.5);  // the noise shows in the residual
    EXPECT_LT(pose.reprojection_rms_px, 2.0);
}

TEST(HeadPose, MirroredLandmarksFlipYawAndRoll) {
    const HeadPose pose =
        estimate_head_pose(project_pose(30, -10, 5, {0, 0, 0.6}), kWidth, kHeight);
    const HeadPose flipped = estimate_head_pose(
        mirrored(project_pose(30, -10, 5, {0, 0, 0.6}), kWidth), kWidth, kHeight);
    EXPECT_NEAR(flipped.yaw, -30.0, 0.01);
    EXPECT_NEAR(flipped.pitch, -10.0, 0.01);
    EXPECT_NEAR(flipped.roll, -5.0, 0.01);
    EXPECT_NEAR(flipped.reprojection_rms_px, pose.reprojection_rms_px, 1e-3);
}

TEST(HeadPose, InvalidInputThrows) {
    Landmarks68 m = project_pose(0, 0, 0);
    EXPECT_THROW(estimate_head_pose(Landmarks68{}, kWidth, kHeight), Error);
    m.xy[10] = std::numeric_limits<float>::infinity();
    EXPECT_THROW(estimate_head_pose(m, kWidth, kHeight), Error);
    CameraIntrinsics bad;  // zero focal length
    EXPECT_THROW(estimate_head_pose(project_pose(0, 0, 0), bad), Error);
    EXPECT_THROW(project_mean_face(rotation_from_angles(0, 0, 0), {0, 0, 1}, bad), Error);
}

// The demo photos at 960 px wide, as the dlib tests and PERCEPTION_NETS.md use
// them. The photo-specific checks were read off the photos by eye.
TEST(HeadPose, DemoPhotosGiveSanePoses) {
    const AssetLocator assets = AssetLocator::from_environment();
    const DlibLandmarker landmarker(assets.dlib_shape_predictor());
    DlibFaceDetector detector;
    size_t faces_total = 0;
    std::map<std::string, std::vector<std::pair<float, HeadPose>>> by_photo;  // (box x, pose)
    for (const std::string& path : assets.demo_photos()) {
        const std::string name = path.substr(path.rfind('/') + 1);
        const ImageRGB photo = load_image(path);
        const int height = int(std::lround(double(photo.height) * 960.0 / photo.width));
        const ImageRGB image = resize_image(photo, 960, height, Interpolation::Bilinear);
        const std::vector<FaceBox> boxes = detector.detect(image);
        const std::vector<Landmarks68> shapes = landmarker.fit(image, boxes);
        for (size_t f = 0; f < shapes.size(); ++f) {
            const HeadPose pose = estimate_head_pose(shapes[f], image.width, image.height);
            std::cout << "[ head pose ] " << name << " face at x " << boxes[f].x << ": yaw "
                      << pose.yaw << " pitch " << pose.pitch << " roll " << pose.roll << ", rms "
                      << pose.reprojection_rms_px << " px (" << pose.reprojection_error
                      << " IOD)\n";
            for (double angle : {pose.yaw, pose.pitch, pose.roll}) {
                EXPECT_TRUE(std::isfinite(angle)) << name << " face " << f;
                EXPECT_LE(std::abs(angle), 90.0) << name << " face " << f;
            }
            EXPECT_GT(pose.translation[2], 0.0);
            EXPECT_LT(pose.reprojection_error, 0.1) << name << " face " << f;

            // The model is symmetric, so the mirrored photo's landmarks give
            // the opposite yaw and roll.
            const HeadPose flipped =
                estimate_head_pose(mirrored(shapes[f], image.width), image.width, image.height);
            EXPECT_NEAR(flipped.yaw, -pose.yaw, 0.5) << name << " face " << f;
            EXPECT_NEAR(flipped.pitch, pose.pitch, 0.5) << name << " face " << f;
            EXPECT_NEAR(flipped.roll, -pose.roll, 0.5) << name << " face " << f;
            by_photo[name].emplace_back(boxes[f].x, pose);
            ++faces_total;
        }
    }
    EXPECT_EQ(faces_total, 19u);
    for (auto& [name, faces] : by_photo) {
        std::sort(faces.begin(), faces.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
    }
    // sample3: the women on the left and on the right face the camera.
    const auto& three = by_photo["sample3.jpg"];
    ASSERT_EQ(three.size(), 3u);
    EXPECT_LT(std::abs(three[0].second.yaw), 25.0);
    EXPECT_LT(std::abs(three[2].second.yaw), 25.0);
    // sample5: the second face from the left is turned to her left (image
    // right), the rightmost one to her right.
    const auto& five = by_photo["sample5.jpg"];
    ASSERT_EQ(five.size(), 5u);
    EXPECT_GT(five[1].second.yaw, 30.0);
    EXPECT_LT(five[4].second.yaw, -30.0);
}

// ---- OpenFace's convention (pose_Tx … pose_Rz of faces.csv) ----------------
// The expectations are built here from explicit matrices, not with
// rotation_from_angles(): ours is R = Ry(−yaw) · Rx(−pitch) · Rz(roll),
// OpenFace's R = Rx(Rx) · Ry(Ry) · Rz(Rz) (its Euler2RotationMatrix).

using Matrix3 = std::array<double, 9>;  // row-major

Matrix3 turn_x(double a) {
    return {1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
}
Matrix3 turn_y(double a) {
    return {std::cos(a), 0, std::sin(a), 0, 1, 0, -std::sin(a), 0, std::cos(a)};
}
Matrix3 turn_z(double a) {
    return {std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a), 0, 0, 0, 1};
}
Matrix3 times(const Matrix3& a, const Matrix3& b) {
    Matrix3 m{};
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j)
            for (int k = 0; k < 3; ++k)
                m[size_t(3 * i + j)] += a[size_t(3 * i + k)] * b[size_t(3 * k + j)];
    return m;
}
double radians(double degrees) {
    return degrees * 3.14159265358979323846 / 180.0;
}
// Our convention, from the angles in degrees.
Matrix3 ours(double yaw, double pitch, double roll) {
    return times(times(turn_y(-radians(yaw)), turn_x(-radians(pitch))), turn_z(radians(roll)));
}
Matrix3 openface(const std::array<double, 3>& euler) {
    return times(times(turn_x(euler[0]), turn_y(euler[1])), turn_z(euler[2]));
}

TEST(HeadPoseOpenFace, DefaultCameraIsOpenFacesGuess) {
    // OpenFace: fx = fy = (500 · W / 640 + 500 · H / 480) / 2, centre of the image.
    const CameraIntrinsics vga = CameraIntrinsics::openface_default(640, 480);
    EXPECT_EQ(vga.fx, 500.0);
    EXPECT_EQ(vga.fy, 500.0);
    EXPECT_EQ(vga.cx, 320.0);
    EXPECT_EQ(vga.cy, 240.0);
    const CameraIntrinsics hd = CameraIntrinsics::openface_default(1280, 720);
    EXPECT_EQ(hd.fx, (1000.0 + 750.0) / 2.0);
    EXPECT_THROW(CameraIntrinsics::openface_default(640, 0), Error);
}

TEST(HeadPoseOpenFace, OneAxisTurnsMapToSignedRadians) {
    for (double a : {-50.0, -12.5, 7.0, 33.0}) {
        const auto yaw = openface_euler_from_rotation(ours(a, 0, 0));
        const auto pitch = openface_euler_from_rotation(ours(0, a, 0));
        const auto roll = openface_euler_from_rotation(ours(0, 0, a));
        const std::array<double, 3> want_yaw{0, -radians(a), 0};
        const std::array<double, 3> want_pitch{-radians(a), 0, 0};
        const std::array<double, 3> want_roll{0, 0, radians(a)};
        for (size_t k = 0; k < 3; ++k) {
            EXPECT_NEAR(yaw[k], want_yaw[k], 1e-12) << a;
            EXPECT_NEAR(pitch[k], want_pitch[k], 1e-12) << a;
            EXPECT_NEAR(roll[k], want_roll[k], 1e-12) << a;
        }
    }
}

TEST(HeadPoseOpenFace, EulerAnglesRebuildOurRotation) {
    int cases = 0;
    for (double yaw : {-70.0, -25.0, 0.0, 15.0, 55.0})
        for (double pitch : {-40.0, -5.0, 0.0, 20.0, 35.0})
            for (double roll : {-35.0, 0.0, 10.0, 60.0}) {
                const Matrix3 r = ours(yaw, pitch, roll);
                const auto euler = openface_euler_from_rotation(r);
                const Matrix3 rebuilt = openface(euler);
                for (size_t i = 0; i < 9; ++i)
                    EXPECT_NEAR(rebuilt[i], r[i], 1e-12) << yaw << " " << pitch << " " << roll;
                EXPECT_LE(std::abs(euler[1]), radians(90.0));
                ++cases;
            }
    EXPECT_EQ(cases, 5 * 5 * 4);
    // Gimbal lock (Ry = ±90°): the rotation is still rebuilt.
    const Matrix3 locked = times(times(turn_x(0.3), turn_y(radians(90.0))), turn_z(-0.2));
    const Matrix3 rebuilt = openface(openface_euler_from_rotation(locked));
    for (size_t i = 0; i < 9; ++i)
        EXPECT_NEAR(rebuilt[i], locked[i], 1e-9) << i;
}

TEST(HeadPoseOpenFace, PoseWithAnglesOnlyConvertsLikeItsRotation) {
    HeadPose with_rotation;
    with_rotation.rotation = ours(-35, 12, 20);
    HeadPose angles_only;  // rotation left zero
    angles_only.yaw = -35;
    angles_only.pitch = 12;
    angles_only.roll = 20;
    const auto a = openface_euler(with_rotation);
    const auto b = openface_euler(angles_only);
    const auto direct = openface_euler_from_rotation(with_rotation.rotation);
    for (size_t k = 0; k < 3; ++k) {
        EXPECT_NEAR(b[k], a[k], 1e-12) << k;
        EXPECT_EQ(a[k], direct[k]) << k;
    }
}

TEST(HeadPoseOpenFace, TranslationIsTheHeadCentreInMillimetresThroughOpenFacesLens) {
    constexpr int kW = 1280, kH = 720;
    HeadPose pose;
    pose.rotation = ours(20, -10, 5);
    pose.translation = {0.03, -0.02, 0.7};  // the nose tip, metres
    pose.camera = CameraIntrinsics::approximate(kW, kH);
    std::array<double, 3> centroid{};
    for (const auto& p : mean_face_model())
        for (size_t k = 0; k < 3; ++k)
            centroid[k] += p[k] / 68.0;
    std::array<double, 3> centre{};
    for (size_t i = 0; i < 3; ++i)
        centre[i] = pose.rotation[3 * i] * centroid[0] + pose.rotation[3 * i + 1] * centroid[1] +
                    pose.rotation[3 * i + 2] * centroid[2] + pose.translation[i];
    // Same principal point, focal (1000 + 750) / 2 instead of 1280: the same
    // lateral position, depth scaled by the focal ratio.
    const double ratio = 875.0 / 1280.0;
    const auto t = openface_translation_mm(pose, CameraIntrinsics::openface_default(kW, kH));
    EXPECT_NEAR(t[0], 1000.0 * centre[0], 1e-9);
    EXPECT_NEAR(t[1], 1000.0 * centre[1], 1e-9);
    EXPECT_NEAR(t[2], 1000.0 * centre[2] * ratio, 1e-9);
    EXPECT_GT(t[2], 0.0);
    // Through the fit's own lens: the centre itself.
    const auto same = openface_translation_mm(pose, pose.camera);
    for (size_t k = 0; k < 3; ++k)
        EXPECT_NEAR(same[k], 1000.0 * centre[k], 1e-9);
    HeadPose unknown = pose;
    unknown.camera = CameraIntrinsics{};  // no focal length: no translation
    EXPECT_THROW(openface_translation_mm(unknown, pose.camera), Error);
}

TEST(HeadPoseOpenFace, FittedPoseConvertsToTheProjectedOne) {
    // Landmarks of known poses, fitted, converted: the same rotation and centre.
    const CameraIntrinsics camera = CameraIntrinsics::approximate(kWidth, kHeight);
    const std::array<double, 3> nose = {-0.04, 0.03, 0.8};
    for (const auto& angles : std::vector<std::array<double, 3>>{
             {30, -10, 5}, {-45, 20, -15}, {0, 0, 0}, {10, 30, 25}}) {
        const Matrix3 r = ours(angles[0], angles[1], angles[2]);
        const HeadPose fitted = estimate_head_pose(project_mean_face(r, nose, camera), camera);
        const Matrix3 rebuilt = openface(openface_euler_from_rotation(fitted.rotation));
        for (size_t i = 0; i < 9; ++i)
            EXPECT_NEAR(rebuilt[i], r[i], 1e-4) << angles[0] << " " << angles[1];
        HeadPose exact;
        exact.rotation = r;
        exact.translation = nose;
        exact.camera = camera;
        const auto want = openface_translation_mm(exact, camera);
        const auto got = openface_translation_mm(fitted, camera);
        for (size_t k = 0; k < 3; ++k)
            EXPECT_NEAR(got[k], want[k], 0.5) << angles[0] << " " << angles[1];
    }
}

}  // namespace
}  // namespace facellava
