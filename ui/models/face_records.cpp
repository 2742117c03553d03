#include "models/face_records.h"

#include <algorithm>

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

}  // namespace

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
        analysis.faces.push_back(std::move(face));
    }
    return analysis;
}

}  // namespace facellava::ui
