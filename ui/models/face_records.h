// The pipeline's face records (what faces.csv is written from) as the
// window's FrameAnalysis, and the head-pose overlay drawn from landmarks. The
// faces themselves are never found here: that is the pipeline's job
// (pipeline/media_analyzer.h), so the window shows what the CSV holds.
#pragma once

#include <optional>
#include <vector>

#include "facellava/core/face_types.h"
#include "facellava/core/gaze.h"
#include "facellava/core/head_pose.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"
#include "models/frame_analysis.h"

namespace facellava::ui {

// The faces of one analysed frame, in the records' order (face id), with
// their ids, boxes, confidences and landmarks unchanged, and their optional
// outputs (mesh, gaze arrows, identity, PAD scores) when measured; the no-face record
// gives no face. `detector` names the detector for the status line and the
// session ("face-api" or "dlib", the names sessions have always stored).
FrameAnalysis to_frame_analysis(const std::vector<pipeline::FaceRecord>& records,
                                const FrameKey& key, QSize image_size,
                                pipeline::DetectorKind detector);

// Head pose with its axes projected into the image (for the overlay); the
// angles are the fit's, as in faces.csv.
PoseResult pose_overlay(const HeadPose& pose, QSize image_size);
// The same from 68 landmarks (after the user moved one); nullopt when the
// landmarks fit no face (the solver refuses them).
std::optional<PoseResult> estimate_pose(const std::array<QPointF, 68>& landmarks, QSize image_size);
// The gaze of a face as arrows from its iris centres (`mesh`, image pixels,
// when it has the 478 points; else each pupil projected through OpenFace's
// camera guess for the frame), with its angles in degrees.
GazeResult gaze_overlay(const Gaze& gaze, const std::vector<QPointF>& mesh, QSize image_size);
// Points in image pixels as the core's flat x0, y0, x1, y1, … (float32).
Landmarks68 to_landmarks(const std::array<QPointF, 68>& points);

}  // namespace facellava::ui
