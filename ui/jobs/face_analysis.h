// Analysis of one frame: detection, 68 landmarks, expression, age, gender and
// head pose of every face. Pure function for worker threads (heavy: tens to
// hundreds of ms); the GUI calls it through AnalysisRunner.
#pragma once

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"
#include "models/frame_analysis.h"
#include "settings/settings.h"

namespace facellava::ui {

class PerceptionModels;

struct AnalysisOptions {
    DetectorKind detector = DetectorKind::FaceApi;
    double min_face_score = 0.5;
    double dlib_adjust_threshold = 0.0;

    static AnalysisOptions from(const Settings& settings);
};

// Faces are numbered left to right (face_id 0, 1, …), so ids of a photo are
// stable between runs. Throws facellava::Error (missing assets, bad image).
FrameAnalysis analyse_frame(PerceptionModels& models, const ImageRGB& image, const FrameKey& key,
                            const AnalysisOptions& options);

// Head pose and its projected axes from 68 landmarks; nullopt when the
// landmarks fit no face (the solver refuses them).
std::optional<PoseResult> estimate_pose(const std::array<QPointF, 68>& landmarks, QSize image_size);
// Points in image pixels as the core's flat x0, y0, x1, y1, … (float32).
Landmarks68 to_landmarks(const std::array<QPointF, 68>& points);

}  // namespace facellava::ui
