// The rows of faces.csv: OpenFace 2.2's leading columns and names where we
// measure the same thing, then ours. Every column (name, unit, range, model)
// is documented in docs/CSV.md; keep the two in step.
//
//   frame, face_id, timestamp, confidence, success,
//   face_x, face_y, face_w, face_h, x_0 … x_67, y_0 … y_67,
//   pose_yaw, pose_pitch, pose_roll, pose_error,
//   pose_Tx, pose_Ty, pose_Tz, pose_Rx, pose_Ry, pose_Rz,
//   eye_ar_right, eye_ar_left, mouth_opening, mouth_ar, smile_width,
//   lip_corner_elevation, brow_raise_right, brow_raise_left,
//   [7 expression probabilities, named and ordered by ExpressionNames],
//   age, gender, gender_probability,
//   [optional outputs: mesh, gaze, identity, pad columns (optional_columns.h)],
//   [llava_<task>, llava_<task>_label for each Face-LLaVA task],
//   [AU01_c … AU45_c when the tasks include action_units],
//   input
//
// Fixed precision ('.' decimal point in every locale): timestamp 3,
// confidence 2, box and landmarks 1, pose angles 2, pose_T* 1, pose_R* 4,
// other reals 4, age 1. Cells of a quantity that could not be measured are empty.
//
// Thread-safety: reentrant.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// OpenFace 2.2's action units with a presence (AUxx_c) column, in its order.
inline constexpr std::array<int, 18> kOpenFaceActionUnits = {1,  2,  4,  5,  6,  7,  9,  10, 12,
                                                             14, 15, 17, 20, 23, 25, 26, 28, 45};

// The expression columns under one vocabulary: their names in column order,
// and for each the index of its probability in FaceRecord::expression
// (face-api's order, FaceAnalyzer::expression_labels()).
struct ExpressionColumns {
    std::array<const char*, FaceRecord::kExpressions> names;
    std::array<int, FaceRecord::kExpressions> faceapi_index;
};
const ExpressionColumns& expression_columns(ExpressionNames names);
// An expression answer's label (RAF-DB's word, as model_tasks.h parses it) in
// the vocabulary of `names`; "" (no label) and words it does not know stay as they are.
std::string expression_label_as(const std::string& rafdb_label, ExpressionNames names);
// A Face-LLaVA answer's label to task `task` as faces.csv's llava_<task>_label
// cell holds it: the expression task's in the vocabulary of `names`, any other
// task's as parsed. The analysis JSON and the workbench's answers panel show
// labels through this too, so none of them names an expression differently.
std::string answer_label_as(const std::string& task, const std::string& label,
                            ExpressionNames names);

// Column names for these Face-LLaVA tasks (empty: no answer columns).
std::vector<std::string> face_csv_columns(const std::vector<std::string>& tasks,
                                          const OutputConventions& conventions = {});
// The header line, '\n'-terminated.
std::string face_csv_header(const std::vector<std::string>& tasks,
                            const OutputConventions& conventions = {});
// Appends one '\n'-terminated row under the header of (tasks, conventions):
// the record's answers in `tasks` order (empty cells where it has none);
// `input` is the file's path below the job root.
void append_face_csv_row(std::string& out, const FaceRecord& record,
                         const std::vector<std::string>& tasks,
                         const OutputConventions& conventions, const std::string& input);

}  // namespace facellava::pipeline
