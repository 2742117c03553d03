#include "facellava/pipeline/face_csv.h"

#include <algorithm>
#include <cstdio>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/head_pose.h"
#include "facellava/model/answer_parsers.h"
#include "facellava/model/face_analyzer.h"
#include "optional_columns.h"

namespace facellava::pipeline {
namespace {

constexpr const char* kPoseColumns[] = {"pose_yaw", "pose_pitch", "pose_roll", "pose_error"};
constexpr const char* kOpenFacePoseColumns[] = {"pose_Tx", "pose_Ty", "pose_Tz",
                                                "pose_Rx", "pose_Ry", "pose_Rz"};
constexpr size_t kOpenFacePoseCount = 6;
constexpr const char* kGeometryColumns[] = {
    "eye_ar_right", "eye_ar_left",          "mouth_opening",    "mouth_ar",
    "smile_width",  "lip_corner_elevation", "brow_raise_right", "brow_raise_left"};
constexpr size_t kGeometryCount = sizeof kGeometryColumns / sizeof kGeometryColumns[0];
constexpr const char* kActionUnitsTask = "action_units";
constexpr const char* kExpressionTask = "expression";

// The same seven expressions in face-api's words and in RAF-DB's (which are
// py-feat's too).
constexpr std::array<std::array<const char*, 2>, FaceRecord::kExpressions> kFaceApiToRafDb = {{
    {"neutral", "neutral"},
    {"happy", "happiness"},
    {"sad", "sadness"},
    {"angry", "anger"},
    {"fearful", "fear"},
    {"disgusted", "disgust"},
    {"surprised", "surprise"},
}};
// py-feat's column order (its Fex emotion columns).
constexpr std::array<const char*, FaceRecord::kExpressions> kPyFeatOrder = {
    "anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"};

// The face-api index of the expression RAF-DB calls `word`; -1 when none.
int faceapi_index_of_rafdb(const std::string& word) {
    const auto& faceapi = perception::FaceAnalyzer::expression_labels();
    for (const auto& pair : kFaceApiToRafDb) {
        if (word != pair[1])
            continue;
        for (size_t k = 0; k < faceapi.size(); ++k)
            if (std::string(faceapi[k]) == pair[0])
                return int(k);
    }
    return -1;
}

ExpressionColumns columns_in_order(const std::vector<const char*>& rafdb_words) {
    ExpressionColumns columns{};
    for (size_t c = 0; c < columns.names.size(); ++c) {
        const int k = faceapi_index_of_rafdb(rafdb_words[c]);
        if (k < 0)
            throw Error(std::string("no face-api expression for '") + rafdb_words[c] + "'");
        columns.names[c] = rafdb_words[c];
        columns.faceapi_index[c] = k;
    }
    return columns;
}

// Position of the action-units task in `tasks`, or -1.
int action_units_position(const std::vector<std::string>& tasks) {
    const auto it = std::find(tasks.begin(), tasks.end(), kActionUnitsTask);
    return it == tasks.end() ? -1 : int(it - tasks.begin());
}

// The AU numbers of an action-units label ("6;12"); labels are ours, so
// anything else in it is skipped.
std::vector<int> label_action_units(const std::string& label) {
    std::vector<int> units;
    size_t start = 0;
    while (start <= label.size()) {
        const size_t end = std::min(label.find(';', start), label.size());
        int value = 0;
        bool digits = end > start;
        for (size_t i = start; i < end && digits; ++i) {
            digits = label[i] >= '0' && label[i] <= '9';
            value = value * 10 + (label[i] - '0');
        }
        if (digits)
            units.push_back(value);
        start = end + 1;
    }
    return units;
}

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

const ExpressionColumns& expression_columns(ExpressionNames names) {
    static const ExpressionColumns faceapi = [] {
        ExpressionColumns columns{};
        const auto& labels = perception::FaceAnalyzer::expression_labels();
        for (size_t k = 0; k < labels.size(); ++k) {
            columns.names[k] = labels[k];
            columns.faceapi_index[k] = int(k);
        }
        return columns;
    }();
    static const ExpressionColumns pyfeat =
        columns_in_order({kPyFeatOrder.begin(), kPyFeatOrder.end()});
    static const ExpressionColumns rafdb = [] {
        // RAF-DB's class order, as the answer parsers number it.
        std::vector<const char*> words;
        for (const auto& label : model::expression_labels(model::ExpressionLabelSet::RafDb7))
            words.push_back(label.c_str());
        return columns_in_order(words);
    }();
    switch (names) {
        case ExpressionNames::PyFeat:
            return pyfeat;
        case ExpressionNames::RafDb:
            return rafdb;
        case ExpressionNames::FaceApi:
            break;
    }
    return faceapi;
}

std::string expression_label_as(const std::string& rafdb_label, ExpressionNames names) {
    if (names != ExpressionNames::FaceApi)
        return rafdb_label;  // py-feat's words are RAF-DB's
    const int k = faceapi_index_of_rafdb(rafdb_label);
    return k < 0 ? rafdb_label : perception::FaceAnalyzer::expression_labels()[size_t(k)];
}

std::string answer_label_as(const std::string& task, const std::string& label,
                            ExpressionNames names) {
    return task == kExpressionTask ? expression_label_as(label, names) : label;
}

std::vector<std::string> face_csv_columns(const std::vector<std::string>& tasks,
                                          const OutputConventions& conventions) {
    std::vector<std::string> columns = {"frame",  "face_id", "timestamp", "confidence", "success",
                                        "face_x", "face_y",  "face_w",    "face_h"};
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        columns.push_back("x_" + std::to_string(i));
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        columns.push_back("y_" + std::to_string(i));
    for (const char* name : kPoseColumns)
        columns.push_back(name);
    for (const char* name : kOpenFacePoseColumns)
        columns.push_back(name);
    for (const char* name : kGeometryColumns)
        columns.push_back(name);
    for (const char* label : expression_columns(conventions.expression_names).names)
        columns.push_back(label);
    columns.push_back("age");
    columns.push_back("gender");
    columns.push_back("gender_probability");
    append_optional_columns(columns, conventions.outputs);
    for (const auto& task : tasks) {
        columns.push_back("llava_" + task);
        columns.push_back("llava_" + task + "_label");
    }
    if (action_units_position(tasks) >= 0) {
        for (int au : kOpenFaceActionUnits) {
            char name[16];
            std::snprintf(name, sizeof name, "AU%02d_c", au);
            columns.push_back(name);
        }
    }
    columns.push_back("input");
    return columns;
}

std::string face_csv_header(const std::vector<std::string>& tasks,
                            const OutputConventions& conventions) {
    std::string header;
    for (const auto& column : face_csv_columns(tasks, conventions)) {
        if (!header.empty())
            header.push_back(',');
        header += column;
    }
    header.push_back('\n');
    return header;
}

void append_face_csv_row(std::string& out, const FaceRecord& r,
                         const std::vector<std::string>& tasks,
                         const OutputConventions& conventions, const std::string& input) {
    append_integer(out, r.frame + conventions.frame_base);
    Row row{out};
    row.integer(r.face_id);
    row.real(r.timestamp_s, 3);
    row.real(r.success ? r.confidence : 0.0, 2);
    row.integer(r.success ? 1 : 0);
    const int au_task = action_units_position(tasks);
    const size_t au_cells = au_task >= 0 ? kOpenFaceActionUnits.size() : 0;
    constexpr size_t kMeasureCells = 4 + 2 * Landmarks68::kPoints + 4 + kOpenFacePoseCount +
                                     kGeometryCount + FaceRecord::kExpressions + 3;
    if (!r.success) {
        // OpenFace's "success = 0" row: the frame was analysed, no face was found.
        row.empty(kMeasureCells + optional_cell_count(conventions.outputs) + 2 * tasks.size() +
                  au_cells);
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
        // Through OpenFace's guessed lens for the frame: its pose_T* of the same face.
        try {
            const CameraIntrinsics& fit = r.pose->camera;
            for (double mm : openface_translation_mm(
                     *r.pose,
                     CameraIntrinsics::openface_default(fit.image_width, fit.image_height)))
                row.real(mm, 1);
        } catch (const Error&) {
            row.empty(3);  // a pose without its camera (not from estimate_head_pose)
        }
        for (double radians : openface_euler(*r.pose))
            row.real(radians, 4);
    } else {
        row.empty(4 + kOpenFacePoseCount);
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
    for (int k : expression_columns(conventions.expression_names).faceapi_index)
        row.real(r.expression[size_t(k)], 4);
    row.real(r.age, 1);
    row.text(r.gender);
    row.real(r.gender_probability, 4);
    append_optional_cells(out, r, conventions.outputs);
    for (size_t t = 0; t < tasks.size(); ++t) {
        if (t < r.answers.size()) {
            row.text(r.answers[t].answer);
            row.text(answer_label_as(tasks[t], r.answers[t].label, conventions.expression_names));
        } else {
            row.empty(2);
        }
    }
    if (au_task >= 0) {
        // An answer naming no AU leaves the cells empty: the parser cannot tell
        // "none are active" from an answer it could not read.
        const std::string label =
            size_t(au_task) < r.answers.size() ? r.answers[size_t(au_task)].label : "";
        const std::vector<int> units = label_action_units(label);
        if (units.empty()) {
            row.empty(au_cells);
        } else {
            for (int au : kOpenFaceActionUnits)
                row.integer(std::count(units.begin(), units.end(), au) > 0 ? 1 : 0);
        }
    }
    row.text(input);
    out.push_back('\n');
}

}  // namespace facellava::pipeline
