// faces.csv's optional output columns (OutputConventions::outputs, docs/CSV.md
// "Optional outputs"), between gender_probability and the Face-LLaVA columns:
//   mesh:     mesh_score, mesh_x_0 … mesh_x_477, mesh_y_0 …, mesh_z_0 …
//   gaze:     gaze_0_x, gaze_0_y, gaze_0_z, gaze_1_x, gaze_1_y, gaze_1_z,
//             gaze_angle_x, gaze_angle_y (OpenFace 2.2's names and meaning),
//             eye_openness_right, eye_openness_left
//   identity: identity, identity_similarity
//   pad:      antispoof, liveness
//
// Thread-safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

inline constexpr int kMeshColumnsPoints = 478;

void append_optional_columns(std::vector<std::string>& columns, const OptionalOutputs& outputs);
// The cells of those columns for one face row, each preceded by ','; a
// quantity the record lacks leaves its cells empty.
void append_optional_cells(std::string& out, const FaceRecord& record,
                           const OptionalOutputs& outputs);
// How many cells append_optional_cells writes (the empty row of a frame without faces).
size_t optional_cell_count(const OptionalOutputs& outputs);

}  // namespace facellava::pipeline
