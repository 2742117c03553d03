#include "facellava/pipeline/face_csv.h"

#include "facellava/core/csv.h"
#include "facellava/model/face_analyzer.h"

namespace facellava::pipeline {
namespace {

constexpr const char* kPoseColumns[] = {"pose_yaw", "pose_pitch", "pose_roll", "pose_error"};
constexpr const char* kGeometryColumns[] = {
    "eye_ar_right", "eye_ar_left",          "mouth_opening",    "mouth_ar",
    "smile_width",  "lip_corner_elevation", "brow_raise_right", "brow_raise_left"};
constexpr size_t kGeometryCount = sizeof kGeometryColumns / sizeof kGeometryColumns[0];

// One cell: the separator first (every row starts with `frame`, which has none).
struct Row {
    std::string& out;

    void real(double value, int precision) {
        out.push_back(',');
        append_fixed(out, value, precision);
    }
    void integer(long long value) {
        out.push_back(',');
        append_integer(out, value);
    }
    void text(const std::string& value) {
        out.push_back(',');
        append_text(out, value);
    }
    void empty(size_t count) { out.append(count, ','); }
};

}  // namespace

std::vector<std::string> face_csv_columns(const std::vector<std::string>& tasks) {
    std::vector<std::string> columns = {"frame",  "face_id", "timestamp", "confidence", "success",
                                        "face_x", "face_y",  "face_w",    "face_h"};
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        columns.push_back("x_" + std::to_string(i));
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        columns.push_back("y_" + std::to_string(i));
    for (const char* name : kPoseColumns)
        columns.push_back(name);
    for (const char* name : kGeometryColumns)
        columns.push_back(name);
    for (const char* label : perception::FaceAnalyzer::expression_labels())
        columns.push_back(label);
    columns.push_back("age");
    columns.push_back("gender");
    columns.push_back("gender_probability");
    for (const auto& task : tasks) {
        columns.push_back("llava_" + task);
        columns.push_back("llava_" + task + "_label");
    }
    columns.push_back("input");
    return columns;
}

std::string face_csv_header(const std::vector<std::string>& tasks) {
    std::string header;
    for (const auto& column : face_csv_columns(tasks)) {
        if (!header.empty())
            header.push_back(',');
        header += column;
    }
    header.push_back('\n');
    return header;
}

void append_face_csv_row(std::string& out, const FaceRecord& r, size_t task_count,
                         const std::string& input) {
    append_integer(out, r.frame);
    Row row{out};
    row.integer(r.face_id);
    row.real(r.timestamp_s, 3);
    row.real(r.success ? r.confidence : 0.0, 2);
    row.integer(r.success ? 1 : 0);
    constexpr size_t kMeasureCells =
        4 + 2 * Landmarks68::kPoints + 4 + kGeometryCount + FaceRecord::kExpressions + 3;
    if (!r.success) {
        // OpenFace's "success = 0" row: the frame was analysed, no face was found.
        row.empty(kMeasureCells + 2 * task_count);
        row.text(input);
        out.push_back('\n');
        return;
    }
    row.real(r.box.x, 1);
    row.real(r.box.y, 1);
    row.real(r.box.w, 1);
    row.real(r.box.h, 1);
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        row.real(r.landmarks.x(i), 1);
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        row.real(r.landmarks.y(i), 1);
    if (r.pose) {
        row.real(r.pose->yaw, 2);
        row.real(r.pose->pitch, 2);
        row.real(r.pose->roll, 2);
        row.real(r.pose->reprojection_error, 4);
    } else {
        row.empty(4);
    }
    if (r.geometry) {
        const FaceGeometry& g = *r.geometry;
        for (double value : {g.right_eye_aspect_ratio, g.left_eye_aspect_ratio, g.mouth_opening,
                             g.mouth_aspect_ratio, g.smile_width, g.lip_corner_elevation,
                             g.right_brow_raise, g.left_brow_raise})
            row.real(value, 4);
    } else {
        row.empty(kGeometryCount);
    }
    for (float p : r.expression)
        row.real(p, 4);
    row.real(r.age, 1);
    row.text(r.gender);
    row.real(r.gender_probability, 4);
    for (size_t t = 0; t < task_count; ++t) {
        if (t < r.answers.size()) {
            row.text(r.answers[t].answer);
            row.text(r.answers[t].label);
        } else {
            row.empty(2);
        }
    }
    row.text(input);
    out.push_back('\n');
}

}  // namespace facellava::pipeline
