#include "models/face_records.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"

namespace facellava::ui {
namespace {

constexpr double kAxisLengthMetres = 0.06;  // about half a face: visible, not cluttering

QPointF project(const HeadPose& pose, const CameraIntrinsics& camera, double x, double y,
                double z) {
    const auto& r = pose.rotation;
    const auto& t = pose.translation;
    const double cx = r[0] * x + r[1] * y + r[2] * z + t[0];
    const double cy = r[3] * x + r[4] * y + r[5] * z + t[1];
    const double cz = std::max(1e-6, r[6] * x + r[7] * y + r[8] * z + t[2]);
    return {camera.fx * cx / cz + camera.cx, camera.fy * cy / cz + camera.cy};
}

constexpr double kDegreesPerRadian = 57.29577951308232;
constexpr size_t kRightIrisCentre = 468;  // MediaPipe: the subject's right iris, centre first
constexpr size_t kLeftIrisCentre = 473;

QPointF project_mm(const std::array<double, 3>& p, const CameraIntrinsics& camera) {
    const double z = std::max(1e-6, p[2]);
    return {camera.fx * p[0] / z + camera.cx, camera.fy * p[1] / z + camera.cy};
}

}  // namespace

GazeResult gaze_overlay(const Gaze& gaze, const std::vector<QPointF>& mesh, QSize image_size) {
    GazeResult result;
    result.angle_x = gaze.angle_x * kDegreesPerRadian;
    result.angle_y = gaze.angle_y * kDegreesPerRadian;
    // The iris centres, leftmost first as eye_0 / eye_1 are: the mesh's when
    // kept, else each pupil through OpenFace's camera guess, the camera the
    // gaze was estimated with (the ray through the iris centre meets the
    // pupil, so the pupil projects back onto the iris centre).
    std::array<QPointF, 2> centres;
    if (mesh.size() > kLeftIrisCentre) {
        centres = {mesh[kRightIrisCentre], mesh[kLeftIrisCentre]};
        if (centres[1].x() < centres[0].x())
            std::swap(centres[0], centres[1]);
    } else {
        const auto camera =
            CameraIntrinsics::openface_default(image_size.width(), image_size.height());
        centres = {project_mm(gaze.eye_0.pupil, camera), project_mm(gaze.eye_1.pupil, camera)};
    }
    // The arrow is the direction's orthographic projection onto the image,
    // scaled to the eye distance: (x, y) of the unit vector (camera frame,
    // x right and y down, the image's axes) times the distance between the
    // iris centres. So it points where the eye looks in the image, and its
    // length, eye distance · sin(angle from the camera's axis), shows how far
    // off the camera the eye looks: a dot when it looks into the lens, about
    // an eye distance when it looks sideways. (Normalising x, y to a fixed
    // length would turn a degree or two of noise around "at the camera" into
    // a full-length arrow in a random direction.)
    const QPointF between = centres[1] - centres[0];
    const double length = std::hypot(between.x(), between.y());
    const EyeGaze* eyes[2] = {&gaze.eye_0, &gaze.eye_1};
    for (size_t i = 0; i < 2; ++i) {
        const auto& d = eyes[i]->direction;
        result.arrows[i] = {centres[i], centres[i] + QPointF(d[0], d[1]) * length};
    }
    return result;
}

Landmarks68 to_landmarks(const std::array<QPointF, 68>& points) {
    Landmarks68 out;
    for (int i = 0; i < 68; ++i) {
        out.xy[size_t(2 * i)] = float(points[size_t(i)].x());
        out.xy[size_t(2 * i + 1)] = float(points[size_t(i)].y());
    }
    return out;
}

PoseResult pose_overlay(const HeadPose& pose, QSize image_size) {
    // The camera estimate_head_pose() assumes for a frame of this size.
    const auto camera = CameraIntrinsics::approximate(image_size.width(), image_size.height());
    PoseResult result;
    result.yaw = pose.yaw;
    result.pitch = pose.pitch;
    result.roll = pose.roll;
    result.reprojection_error = pose.reprojection_error;
    result.origin = project(pose, camera, 0, 0, 0);
    result.x_axis = project(pose, camera, kAxisLengthMetres, 0, 0);
    // Model y points down; draw "up" so the axes read like a right-handed head frame.
    result.y_axis = project(pose, camera, 0, -kAxisLengthMetres, 0);
    // Model z points into the head; draw the facing direction out of the face.
    result.z_axis = project(pose, camera, 0, 0, -kAxisLengthMetres);
    return result;
}

std::optional<PoseResult> estimate_pose(const std::array<QPointF, 68>& landmarks,
                                        QSize image_size) {
    try {
        const auto camera = CameraIntrinsics::approximate(image_size.width(), image_size.height());
        return pose_overlay(estimate_head_pose(to_landmarks(landmarks), camera), image_size);
    } catch (const facellava::Error&) {
        return std::nullopt;  // degenerate landmarks: no pose rather than a wrong one
    }
}

FrameAnalysis to_frame_analysis(const std::vector<pipeline::FaceRecord>& records,
                                const FrameKey& key, QSize image_size,
                                pipeline::DetectorKind detector) {
    FrameAnalysis analysis;
    analysis.key = key;
    analysis.image_size = image_size;
    analysis.detector = detector == pipeline::DetectorKind::DlibHog ? "dlib" : "face-api";
    for (const pipeline::FaceRecord& record : records) {
        if (!record.success)
            continue;  // the CSV's no-face row: nothing to draw
        FaceResult face;
        face.face_id = record.face_id;
        // float32 values, as the session store keeps them: a reopened session
        // shows the very same box.
        face.box = QRectF(record.box.x, record.box.y, record.box.w, record.box.h);
        face.score = record.confidence;
        for (int k = 0; k < Landmarks68::kPoints; ++k)
            face.landmarks[size_t(k)] = QPointF(record.landmarks.x(k), record.landmarks.y(k));
        face.expression = record.expression;
        face.age = record.age;
        face.gender = QString::fromStdString(record.gender);
        face.gender_probability = record.gender_probability;
        if (record.pose)
            face.pose = pose_overlay(*record.pose, image_size);
        face.mesh.reserve(record.mesh.size());
        for (const auto& p : record.mesh)
            face.mesh.emplace_back(p[0], p[1]);
        if (record.gaze)
            face.gaze = gaze_overlay(*record.gaze, face.mesh, image_size);
        face.eye_openness_right = record.eye_openness_right;
        face.eye_openness_left = record.eye_openness_left;
        face.identity = QString::fromStdString(record.identity);
        face.identity_similarity = record.identity_similarity;
        face.antispoof = record.antispoof;
        face.liveness = record.liveness;
        analysis.faces.push_back(std::move(face));
    }
    return analysis;
}

}  // namespace facellava::ui
