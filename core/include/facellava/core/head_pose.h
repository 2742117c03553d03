// Head pose (yaw, pitch, roll) from the 68 iBUG landmarks: a rigid 3D mean face
// is fitted to the points with a perspective-n-point solver (OpenCV solvePnP,
// EPnP start refined by Levenberg–Marquardt) under a pinhole camera.
//
// Frames. Camera: x to image right, y to image bottom, z forward (into the
// scene), origin at the optical centre. Head model: the same axes when the
// face looks straight into the camera (x to the subject's left, i.e. image
// right; y down; z from the face into the head), origin at the nose tip (30),
// units metres (outer eye corners 90 mm apart). A camera point is
// x_cam = R · X_model + t.
//
// Angles, degrees, with R = Ry(−yaw) · Rx(−pitch) · Rz(roll) (yaw about the
// vertical axis first, then pitch, then roll about the facing direction):
//   yaw   > 0: the subject turns to their LEFT (the nose moves to image right);
//   pitch > 0: the subject looks UP (the nose moves to image top);
//   roll  > 0: the head tilts toward the subject's LEFT shoulder (the face
//              turns clockwise in the image).
// A mirrored image flips the signs of yaw and roll, not of pitch.
//
// Thread-safety: every function here is reentrant.
#pragma once

#include <array>

#include "facellava/core/face_types.h"

namespace facellava {

// Pinhole camera without lens distortion, in pixels.
struct CameraIntrinsics {
    double fx = 0;  // focal lengths
    double fy = 0;
    double cx = 0;  // principal point
    double cy = 0;
    // The image the camera was set up for, pixels (0: not known).
    int image_width = 0;
    int image_height = 0;

    // The usual guess for an uncalibrated photo or video: focal length = image
    // width (about 53° horizontal field of view) for both axes, principal point
    // = image centre (width / 2, height / 2). Pose angles depend little on the
    // focal guess; the distance (translation z) scales with it.
    static CameraIntrinsics approximate(int image_width, int image_height);
    // OpenFace 2.2's guess for an uncalibrated image (its ImageCapture and
    // SequenceCapture::SetCameraIntrinsics): fx = fy = (500 · W / 640 +
    // 500 · H / 480) / 2, principal point = image centre. Only for reporting a
    // pose as OpenFace would (openface_translation_mm); the fit uses approximate().
    static CameraIntrinsics openface_default(int image_width, int image_height);
};

struct HeadPose {
    double yaw = 0;  // degrees, see the conventions above
    double pitch = 0;
    double roll = 0;
    std::array<double, 9> rotation{};     // R, row-major, head model → camera
    std::array<double, 3> translation{};  // t: the nose tip in camera coordinates, metres
                                          // (true only as far as the subject's face has
                                          // the mean face's size and the focal guess holds)
    // Root mean square distance, pixels, between the landmarks and the fitted
    // model's projection over the points the fit uses (kHeadPoseFitPoints).
    double reprojection_rms_px = 0;
    // The same divided by the inter-ocular distance (outer eye corners 36–45):
    // a scale-free confidence signal. About 0.02–0.05 for good dlib landmarks;
    // above ~0.1 the landmarks fit no rigid face (occlusion, bad fit, extreme
    // expression) and the angles deserve little trust.
    double reprojection_error = 0;
    CameraIntrinsics camera;  // the camera the fit assumed
};

// The 3D mean face, 68 points in iBUG order, metres, head-model frame (above).
const std::array<std::array<double, 3>, 68>& mean_face_model();

// The landmarks the fit uses: everything but the jaw contour 0–16 except the
// chin (8). Contour points slide along the silhouette as the head turns, so
// they are no fixed points of a rigid face.
inline constexpr std::array<int, 52> kHeadPoseFitPoints = {
    8,  17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33,
    34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67};

// R from angles in degrees, and back ({yaw, pitch, roll}); the round trip is
// exact for |pitch| < 90°.
std::array<double, 9> rotation_from_angles(double yaw, double pitch, double roll);
std::array<double, 3> angles_from_rotation(const std::array<double, 9>& rotation);

// ---- OpenFace 2.2's convention (its CSV's pose_Tx … pose_Rz) --------------
//
// OpenFace reports R (head model → camera, its PDM's axes being ours: x to
// image right, y down, z away from the camera for a frontal face) as Euler
// angles (Rx, Ry, Rz), radians, with R = Rx(Rx) · Ry(Ry) · Rz(Rz) and the usual
// right-handed matrices (its Utilities::Euler2RotationMatrix /
// RotationMatrix2Euler, "XYZ convention"). Our R = Ry(−yaw) · Rx(−pitch) ·
// Rz(roll), so for a turn about one axis alone Rx = −pitch, Ry = −yaw,
// Rz = +roll (in radians): Rx > 0 the head pitches down, Ry > 0 it turns to the
// subject's right, Rz > 0 the face turns clockwise in the image. Turns about
// several axes differ at second order (another composition order).

// (Rx, Ry, Rz) with rotation = Rx(Rx) · Ry(Ry) · Rz(Rz); |Ry| ≤ π/2. At
// |Ry| = π/2 (gimbal lock) Rz takes the whole turn about the shared axis.
std::array<double, 3> openface_euler_from_rotation(const std::array<double, 9>& rotation);
// The same for a pose: of its rotation, or, where that is no rotation (a
// HeadPose filled in by hand, with angles only), of its yaw, pitch and roll.
std::array<double, 3> openface_euler(const HeadPose& pose);

// The head centre (centroid of the mean face's 68 points, OpenFace's PDM
// origin) in camera coordinates, millimetres, as seen with `camera`: the fit's
// image position of the centre kept, its depth scaled by the focal lengths'
// ratio (a face k times further away looks the same through a k times longer
// lens). Throws facellava::Error when either camera is invalid.
std::array<double, 3> openface_translation_mm(const HeadPose& pose, const CameraIntrinsics& camera);

// Fits the mean face to the landmarks. Throws facellava::Error when the
// landmarks are not finite or degenerate (outer eye corners closer than a
// pixel), the camera is invalid, or no pose puts the face in front of it.
HeadPose estimate_head_pose(const Landmarks68& landmarks, const CameraIntrinsics& camera);
// The same with CameraIntrinsics::approximate(image_width, image_height).
HeadPose estimate_head_pose(const Landmarks68& landmarks, int image_width, int image_height);

// The mean face placed by (rotation, translation) and projected into the
// image, all 68 points: for overlays and for checking a fit.
Landmarks68 project_mean_face(const std::array<double, 9>& rotation,
                              const std::array<double, 3>& translation,
                              const CameraIntrinsics& camera);

}  // namespace facellava
