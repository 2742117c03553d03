#include "jobs/face_analysis.h"

#include <QElapsedTimer>
#include <algorithm>

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/head_pose.h"
#include "facellava/model/face_analyzer.h"
#include "jobs/perception_models.h"

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

AnalysisOptions AnalysisOptions::from(const Settings& settings) {
    AnalysisOptions options;
    options.detector = settings.detector();
    options.min_face_score = settings.minFaceScore();
    options.dlib_adjust_threshold = settings.dlibAdjustThreshold();
    return options;
}

std::optional<PoseResult> estimate_pose(const std::array<QPointF, 68>& landmarks,
                                        QSize image_size) {
    try {
        const auto camera = CameraIntrinsics::approximate(image_size.width(), image_size.height());
        const HeadPose pose = estimate_head_pose(to_landmarks(landmarks), camera);
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
    } catch (const facellava::Error&) {
        return std::nullopt;  // degenerate landmarks: no pose rather than a wrong one
    }
}

FrameAnalysis analyse_frame(PerceptionModels& models, const ImageRGB& image, const FrameKey& key,
                            const AnalysisOptions& options) {
    QElapsedTimer timer;
    timer.start();
    const auto& analyzer = models.analyzer();

    std::vector<perception::FaceBox> boxes;
    std::vector<float> scores;
    std::vector<Landmarks68> dlib_points;
    if (options.detector == DetectorKind::Dlib) {
        DlibFaceDetectorOptions dlib_options;
        dlib_options.adjust_threshold = options.dlib_adjust_threshold;
        DlibFaceDetector detector(dlib_options);  // not thread-safe: one per call
        std::vector<FaceBox> found = detector.detect(image);
        dlib_points = models.dlibLandmarker().fit(image, found);
        for (const auto& b : found) {
            boxes.push_back({b.x, b.y, b.w, b.h});
            scores.push_back(b.score);
        }
    } else {
        for (const auto& d : analyzer.detect(image, float(options.min_face_score))) {
            boxes.push_back(d.box);
            scores.push_back(d.score);
        }
    }
    const auto perceptions = boxes.empty() ? std::vector<perception::FacePerception>{}
                                           : analyzer.analyze_faces(image, boxes);

    FrameAnalysis result;
    result.key = key;
    result.image_size = QSize(image.width, image.height);
    result.detector = options.detector == DetectorKind::Dlib ? "dlib" : "face-api";
    for (size_t i = 0; i < boxes.size(); ++i) {
        FaceResult face;
        // In the session's float32, so a reopened session shows the very same box.
        face.box = QRectF(to_float32(boxes[i].x), to_float32(boxes[i].y),
                          to_float32(boxes[i].width), to_float32(boxes[i].height));
        face.score = scores[i];
        const auto& p = perceptions[i];
        face.expression = p.expression;
        face.age = p.age;
        face.gender = QString::fromStdString(p.gender);
        face.gender_probability = p.gender_probability;
        for (int k = 0; k < 68; ++k) {
            face.landmarks[size_t(k)] =
                dlib_points.empty() ? QPointF(p.landmarks[size_t(k)].x, p.landmarks[size_t(k)].y)
                                    : QPointF(dlib_points[i].x(k), dlib_points[i].y(k));
        }
        face.pose = estimate_pose(face.landmarks, result.image_size);
        result.faces.push_back(std::move(face));
    }
    std::sort(result.faces.begin(), result.faces.end(),
              [](const FaceResult& a, const FaceResult& b) {
                  return a.box.center().x() < b.box.center().x();
              });
    for (size_t i = 0; i < result.faces.size(); ++i)
        result.faces[i].face_id = int(i);
    result.elapsed_ms = double(timer.nsecsElapsed()) / 1e6;
    return result;
}

}  // namespace facellava::ui
