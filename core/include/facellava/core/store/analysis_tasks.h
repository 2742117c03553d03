// How the workbench keeps a frame's analysis in a session's predictions
// table (ui/models/analysis_records.h describes the rows): the task names and
// the keys of their JSON. Readers outside the GUI (ELAN's time series, the
// faces.csv export of `facellava session export`) take the names from here.
#pragma once

namespace facellava::store {

// Per face and frame, model "face-api": value the top label, JSON the seven
// probabilities by label (face-api's words).
inline constexpr const char* kExpressionTask = "expression";
// … value years, JSON {"years"}.
inline constexpr const char* kAgeTask = "age";
// … value "male" / "female", JSON {"probability"}.
inline constexpr const char* kGenderTask = "gender";
// Per face and frame, model "head-pose": JSON {"yaw", "pitch", "roll"}
// (degrees) and "reprojection_error".
inline constexpr const char* kHeadPoseTask = "head_pose";
// Per frame (no face): value the number of faces found, JSON {"detector"}.
inline constexpr const char* kFaceCountTask = "face_count";
// Face-LLaVA's answer to task T: "llava_T", value the answer, JSON {"label"}.
inline constexpr const char* kTaskAnswerPrefix = "llava_";

}  // namespace facellava::store
