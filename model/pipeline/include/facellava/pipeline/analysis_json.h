// One file's analysis as JSON (`facellava analyze`): the same quantities as a
// faces.csv row, nested and named as in docs/CSV.md.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// {"frame", "timestamp", "face_id", "confidence", "box": {x, y, w, h},
//  "authors_crop": {x0, y0, x1, y1} | null (Face-LLaVA's crop region, core/faces.h),
//  "landmarks": [[x, y] × 68], "pose": {yaw, pitch, roll, error, openface:
//  {Tx, Ty, Tz, Rx, Ry, Rz}} | null, "geometry": {…} | null, "expression":
//  {label: p}, "age", "gender", "gender_probability", [the optional outputs
//  asked for: "mesh": {score, points: [[x, y, z] × 478]}, "gaze": {gaze_0,
//  gaze_1: [x, y, z], angle_x, angle_y}, "eye_openness_right/left",
//  "identity", "identity_similarity", "antispoof", "liveness"; null where not
//  measurable], "answers": {task: {answer, label}}}. Numbers are rounded as in the CSV; frames
//  numbered and
// expressions named by `conventions`, as in faces.csv. A no-face record gives
// {"frame", "timestamp", "face_id": -1, "success": false}.
nlohmann::ordered_json face_record_json(const FaceRecord& record,
                                        const std::vector<std::string>& tasks,
                                        const OutputConventions& conventions = {});

// {"kind", "width", "height", ["fps", "frame_count", "duration_s"],
//  "frames_analysed", "faces", "face_ids", ["warning"], "seconds"}.
nlohmann::ordered_json media_summary_json(const MediaSummary& summary);

}  // namespace facellava::pipeline
