// The rows of faces.csv: OpenFace 2.2's leading columns and names where we
// measure the same thing, then ours. Every column (name, unit, range, model)
// is documented in docs/CSV.md; keep the two in step.
//
//   frame, face_id, timestamp, confidence, success,
//   face_x, face_y, face_w, face_h, x_0 … x_67, y_0 … y_67,
//   pose_yaw, pose_pitch, pose_roll, pose_error,
//   eye_ar_right, eye_ar_left, mouth_opening, mouth_ar, smile_width,
//   lip_corner_elevation, brow_raise_right, brow_raise_left,
//   neutral, happy, sad, angry, fearful, disgusted, surprised,
//   age, gender, gender_probability,
//   [llava_<task>, llava_<task>_label for each Face-LLaVA task],
//   input
//
// Fixed precision ('.' decimal point in every locale): timestamp 3,
// confidence 2, box and landmarks 1, pose angles 2, other reals 4, age 1.
// Cells of a quantity that could not be measured are empty.
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// Column names for these Face-LLaVA tasks (empty: no answer columns).
std::vector<std::string> face_csv_columns(const std::vector<std::string>& tasks);
// The header line, '\n'-terminated.
std::string face_csv_header(const std::vector<std::string>& tasks);
// Appends one '\n'-terminated row. `task_count` answer pairs are written
// (empty where the record has none); `input` is the file's path below the job root.
void append_face_csv_row(std::string& out, const FaceRecord& record, size_t task_count,
                         const std::string& input);

}  // namespace facellava::pipeline
