#include "optional_columns.h"

#include "facellava/core/csv.h"

namespace facellava::pipeline {
namespace {

constexpr const char* kGazeColumns[] = {
    "gaze_0_x", "gaze_0_y",     "gaze_0_z",     "gaze_1_x",           "gaze_1_y",
    "gaze_1_z", "gaze_angle_x", "gaze_angle_y", "eye_openness_right", "eye_openness_left"};
constexpr size_t kGazeCells = sizeof kGazeColumns / sizeof kGazeColumns[0];
constexpr size_t kMeshCells = 1 + 3 * size_t(kMeshColumnsPoints);

void cell(std::string& out, double value, int precision) {
    out.push_back(',');
    append_fixed(out, value, precision);
}

void cell(std::string& out, const std::optional<float>& value, int precision) {
    if (value)
        cell(out, *value, precision);
    else
        out.push_back(',');
}

}  // namespace

void append_optional_columns(std::vector<std::string>& columns, const OptionalOutputs& outputs) {
    if (outputs.mesh) {
        columns.push_back("mesh_score");
        for (const char* axis : {"x", "y", "z"})
            for (int i = 0; i < kMeshColumnsPoints; ++i)
                columns.push_back(std::string("mesh_") + axis + "_" + std::to_string(i));
    }
    if (outputs.gaze)
        columns.insert(columns.end(), std::begin(kGazeColumns), std::end(kGazeColumns));
    if (outputs.identity) {
        columns.push_back("identity");
        columns.push_back("identity_similarity");
    }
    if (outputs.pad) {
        columns.push_back("antispoof");
        columns.push_back("liveness");
    }
}

size_t optional_cell_count(const OptionalOutputs& outputs) {
    return (outputs.mesh ? kMeshCells : 0) + (outputs.gaze ? kGazeCells : 0) +
           (outputs.identity ? 2 : 0) + (outputs.pad ? 2 : 0);
}

void append_optional_cells(std::string& out, const FaceRecord& r, const OptionalOutputs& outputs) {
    if (outputs.mesh) {
        if (r.mesh.size() == size_t(kMeshColumnsPoints)) {
            cell(out, r.mesh_score, 4);
            for (int axis = 0; axis < 3; ++axis)
                for (const auto& point : r.mesh)
                    cell(out, point[size_t(axis)], 1);
        } else {
            out.append(kMeshCells, ',');
        }
    }
    if (outputs.gaze) {
        if (r.gaze) {
            for (const EyeGaze* eye : {&r.gaze->eye_0, &r.gaze->eye_1})
                for (double v : eye->direction)
                    cell(out, v, 4);
            cell(out, r.gaze->angle_x, 4);
            cell(out, r.gaze->angle_y, 4);
        } else {
            out.append(8, ',');
        }
        cell(out, r.eye_openness_right, 4);
        cell(out, r.eye_openness_left, 4);
    }
    if (outputs.identity) {
        out.push_back(',');
        append_text(out, r.identity);
        cell(out, r.identity.empty() ? std::optional<float>() : r.identity_similarity, 4);
    }
    if (outputs.pad) {
        cell(out, r.antispoof, 4);
        cell(out, r.liveness, 4);
    }
}

}  // namespace facellava::pipeline
