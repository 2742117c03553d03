// Eye gaze and eye openness from eye landmarks (MediaPipe's face mesh with
// irises, 478 points, or any mark-up giving the same points), reported in
// OpenFace 2.2's convention (its CSV's gaze_0_*, gaze_1_*, gaze_angle_*).
//
// Method (OpenFace's GazeAnalysis::EstimateGaze with our inputs): the eyeball
// is a sphere whose centre sits at a fixed offset from the eye corners'
// midpoint in the head's frame; the ray from the camera through the iris
// centre meets the sphere's near side at the pupil; gaze is the unit vector
// from the eyeball centre to the pupil, in camera coordinates. The eye's
// distance from the camera comes from the iris's apparent size (the human iris
// is about 11.7 mm across at every age past infancy), and the points' relative
// depth z lifts the corners into 3D.
//
// Frames as in head_pose.h. Camera: x to image right, y to image bottom, z
// forward, millimetres here. Head: x to the subject's left, y down, z from the
// face into the head; `rotation` (head → camera) as HeadPose::rotation.
//
// OpenFace's convention (GazeEstimation.cpp, GazeAnalysis::GetGazeAngle:
//   x_angle = atan2(gaze_vector.x, -gaze_vector.z);
//   y_angle = atan2(gaze_vector.y, -gaze_vector.z);
// of the two eyes' mean direction, radians): looking straight into the camera
// gives (0, 0); angle_x > 0 when the gaze goes to the image's right (the
// camera's right, the subject's own left for a face turned to the camera),
// < 0 to the camera's left; angle_y > 0 when it goes down, < 0 up. Eye 0 is the
// leftmost eye in the image (the subject's right eye), eye 1 the rightmost.
//
// Limits:
// - Monocular: distance from the iris size assumes an 11.7 mm iris (people
//   vary by about ±0.5 mm, i.e. ±4 % in distance; the angles depend on the
//   ratio of eyeball radius to distance, so they err by a similar fraction of
//   their size, not by a fixed offset).
// - The iris must be visible: with the lids nearly closed or the eye turned
//   far from the camera (profile), its centre and outline are guesses of the
//   landmark model and so is the gaze. Check eye_openness() first.
// - A fixed eyeball model (radius, centre offset) for everyone: a person's
//   kappa angle (visual vs optical axis, ~5°) and eye shape are not modelled;
//   no per-person calibration.
// - The head rotation comes from elsewhere; errors in it move the eyeball
//   centre and so the gaze.
// - The relative depth z matters little: it moves the corners' midpoint, and
//   so the eyeball centre, mostly along the line of sight, which barely turns
//   the gaze; z = 0 everywhere (landmarks without depth) is acceptable.
//
// Thread-safety: every function here is reentrant.
#pragma once

#include <array>
#include <vector>

#include "facellava/core/head_pose.h"

namespace facellava {

// A landmark in image pixels; z: depth relative to some reference on the face
// (any, only differences matter), in the same pixel scale as x, larger =
// farther from the camera (MediaPipe's z multiplied by the image width).
struct EyePoint {
    double x = 0;
    double y = 0;
    double z = 0;
};

struct EyeGeometry {
    EyePoint iris_centre;
    // Four points on the iris outline in order around it (opposite points are
    // 0–2 and 1–3), e.g. MediaPipe's 469–472. Their two chords are taken as
    // conjugate diameters of the outline ellipse (true for the images of two
    // perpendicular iris diameters, and for the ellipse's axes), which gives
    // the major axis = the unforeshortened iris diameter.
    std::array<EyePoint, 4> iris_outline{};
    EyePoint inner_corner;  // canthus next to the nose
    EyePoint outer_corner;
    // Lid points, paired: upper_lid[i] lies above lower_lid[i]. Only eye_openness
    // uses them; they may be empty for gaze alone.
    std::vector<EyePoint> upper_lid;
    std::vector<EyePoint> lower_lid;
};

// The eye model (defaults: adult averages).
struct GazeParams {
    double iris_diameter_mm = 11.7;
    double eyeball_radius_mm = 12.0;  // OpenFace 2.2 uses 12 mm too
    // Eyeball centre minus the eye corners' midpoint, head frame, mm. Default:
    // one eyeball radius straight back, so an eye looking along the head's
    // facing direction has its pupil between the corners. (OpenFace 2.2 uses
    // (0, −3.5, 7) with its own 3D face model's corners.)
    std::array<double, 3> eyeball_offset_mm = {0.0, 0.0, 12.0};
};

struct EyeGaze {
    std::array<double, 3> direction{};       // unit vector, camera frame
    std::array<double, 3> eyeball_centre{};  // camera frame, mm
    std::array<double, 3> pupil{};           // camera frame, mm, on the sphere
    // The ray through the iris centre misses the sphere (landmarks and eye
    // model disagree, e.g. the iris far outside the eye): the pupil is then
    // the sphere's point closest to the ray, and the gaze points sideways.
    bool ray_missed = false;
};

struct Gaze {
    EyeGaze eye_0;       // leftmost in the image (OpenFace's gaze_0_*)
    EyeGaze eye_1;       // rightmost (gaze_1_*)
    double angle_x = 0;  // radians, OpenFace's gaze_angle_x (see above)
    double angle_y = 0;  // gaze_angle_y
};

// One eye. Throws facellava::Error when a point is not finite, the iris
// outline spans less than a pixel, the camera is invalid (focal lengths ≤ 0)
// or the rotation is no rotation.
EyeGaze estimate_eye_gaze(const EyeGeometry& eye, const std::array<double, 9>& rotation,
                          const CameraIntrinsics& camera, const GazeParams& params = {});

// Both eyes, in any order: they are sorted left to right in the image by
// their corners' midpoint.
Gaze estimate_gaze(const EyeGeometry& eye_a, const EyeGeometry& eye_b,
                   const std::array<double, 9>& rotation, const CameraIntrinsics& camera,
                   const GazeParams& params = {});

// OpenFace's gaze_angle_x / _y (radians) of two gaze directions: the angles of
// their (unnormalised) mean, atan2(x, −z) and atan2(y, −z).
std::array<double, 2> openface_gaze_angle(const std::array<double, 3>& gaze_0,
                                          const std::array<double, 3>& gaze_1);

// Eye aspect ratio (Soukupová & Čech 2016): the mean image distance between
// paired lid points over the corners' distance. About 0.25–0.35 for an open
// eye, below ~0.1 closed; blinks show as dips below ~0.2. Scale- and
// in-plane-rotation-free; falls with the eye turned away (yaw narrows the
// width less than pitch narrows the opening). Throws facellava::Error when
// the lid lists are empty or differ in size, or the corners coincide.
double eye_openness(const EyeGeometry& eye);

// MediaPipe face-mesh indices (478 points, refine_landmarks / iris model).
// "Right" is the subject's right eye, left in an unmirrored image.
struct MediaPipeEyeIndices {
    int iris_centre;
    std::array<int, 4> iris_outline;
    int inner_corner;
    int outer_corner;
    std::array<int, 3> upper_lid;
    std::array<int, 3> lower_lid;
};
inline constexpr MediaPipeEyeIndices kMediaPipeRightEye = {
    468, {469, 470, 471, 472}, 133, 33, {160, 159, 158}, {144, 145, 153}};
inline constexpr MediaPipeEyeIndices kMediaPipeLeftEye = {
    473, {474, 475, 476, 477}, 362, 263, {385, 386, 387}, {380, 374, 373}};

// An eye's points picked from a mesh (x, y, z per point as EyePoint). Throws
// facellava::Error when the mesh has too few points (fewer than 478).
EyeGeometry mediapipe_eye(const std::vector<EyePoint>& mesh, const MediaPipeEyeIndices& indices);

}  // namespace facellava
