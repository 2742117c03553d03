// faces.csv's OpenFace conventions (docs/CSV.md): pose_T*/pose_R* beside our
// angles, --frame-base, AUxx_c presence columns from the action-unit answers,
// and one expression vocabulary (--expression-names) for the probability
// columns and the answers' labels. Expected cells are built here from the
// documented rules (explicit rotation matrices, OpenFace's AU list and
// focal-length guess, py-feat's and RAF-DB's orders), not by the writer.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/head_pose.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/face_csv.h"

namespace facellava::pipeline {
namespace {

constexpr double kPi = 3.14159265358979323846;

FaceRecord face_with_expressions() {
    FaceRecord r;
    r.frame = 12;
    r.timestamp_s = 0.48;
    r.face_id = 0;
    r.success = true;
    r.confidence = 0.9f;
    r.box = {10, 20, 100, 110, 0.9f};
    // face-api's order: neutral, happy, sad, angry, fearful, disgusted, surprised.
    r.expression = {0.5f, 0.25f, 0.125f, 0.0625f, 0.03125f, 0.015625f, 0.015625f};
    r.age = 30;
    r.gender = "male";
    r.gender_probability = 0.9f;
    return r;
}

// The table of one header plus these rows, with the cells of row `i` by name.
struct Written {
    CsvTable table;
    std::string cell(size_t row, const std::string& name) const {
        const int c = table.column(name);
        if (c < 0)
            throw Error("no column " + name);
        return table.rows.at(row).at(size_t(c));
    }
};

Written write(const std::vector<FaceRecord>& records, const std::vector<std::string>& tasks,
              const OutputConventions& conventions) {
    std::string text = face_csv_header(tasks, conventions);
    for (const auto& r : records)
        append_face_csv_row(text, r, tasks, conventions, "a.jpg");
    return {parse_csv(text)};
}

TEST(PipelineCsvOpenFace, PoseColumnsAreOpenFacesRadiansAndMillimetres) {
    // A head pitched down by 20° (our pitch −20) at a known place, fitted with
    // our camera guess (focal = width) on a 1280×720 frame.
    constexpr int kW = 1280, kH = 720;
    const double a = 20.0 * kPi / 180.0;  // our pitch is −20°: Rx(−pitch) = Rx(a)
    HeadPose pose;
    pose.pitch = -20.0;
    pose.rotation = {1, 0, 0, 0, std::cos(a), -std::sin(a), 0, std::sin(a), std::cos(a)};
    pose.translation = {0.05, -0.03, 0.9};
    pose.camera = CameraIntrinsics::approximate(kW, kH);
    FaceRecord r = face_with_expressions();
    r.pose = pose;
    const Written w = write({r}, {}, {});
    // OpenFace: pitch alone is Rx, positive when the head pitches down.
    EXPECT_EQ(w.cell(0, "pose_Rx"), "0.3491");
    EXPECT_EQ(w.cell(0, "pose_Ry"), "0.0000");
    EXPECT_EQ(w.cell(0, "pose_Rz"), "0.0000");
    EXPECT_EQ(w.cell(0, "pose_pitch"), "-20.00");
    // Head centre = R · centroid(mean face) + t, metres → mm; depth through
    // OpenFace's lens, focal (500·1280/640 + 500·720/480) / 2 = 875 px.
    std::array<double, 3> centroid{};
    for (const auto& p : mean_face_model())
        for (size_t k = 0; k < 3; ++k)
            centroid[k] += p[k] / 68.0;
    const double x = centroid[0] + 0.05;
    const double y = std::cos(a) * centroid[1] - std::sin(a) * centroid[2] - 0.03;
    const double z = std::sin(a) * centroid[1] + std::cos(a) * centroid[2] + 0.9;
    EXPECT_NEAR(std::stod(w.cell(0, "pose_Tx")), 1000.0 * x, 0.051);
    EXPECT_NEAR(std::stod(w.cell(0, "pose_Ty")), 1000.0 * y, 0.051);
    EXPECT_NEAR(std::stod(w.cell(0, "pose_Tz")), 1000.0 * z * 875.0 / 1280.0, 0.051);
    // The analyze JSON carries the same numbers.
    const auto json = face_record_json(r, {});
    EXPECT_DOUBLE_EQ(json["pose"]["openface"]["Rx"].get<double>(), 0.3491);
    EXPECT_DOUBLE_EQ(json["pose"]["openface"]["Tz"].get<double>(), std::stod(w.cell(0, "pose_Tz")));

    // No fit: every pose cell empty.
    FaceRecord unfitted = face_with_expressions();
    const Written none = write({unfitted}, {}, {});
    for (const char* name : {"pose_yaw", "pose_Tx", "pose_Tz", "pose_Rx", "pose_Rz"})
        EXPECT_EQ(none.cell(0, name), "") << name;
}

TEST(PipelineCsvOpenFace, FrameBaseOneCountsFromOne) {
    FaceRecord first = face_with_expressions();
    first.frame = 0;
    FaceRecord missed;  // an analysed frame without a face
    missed.frame = 7;
    const Written zero = write({first, missed}, {}, {});
    const Written one = write({first, missed}, {}, {1, ExpressionNames::FaceApi, {}});
    EXPECT_EQ(zero.cell(0, "frame"), "0");
    EXPECT_EQ(one.cell(0, "frame"), "1");
    EXPECT_EQ(zero.cell(1, "frame"), "7");
    EXPECT_EQ(one.cell(1, "frame"), "8");
    EXPECT_EQ(face_record_json(first, {}, {1, ExpressionNames::FaceApi, {}})["frame"], 1);
    // Nothing else moves.
    EXPECT_EQ(zero.table.header, one.table.header);
    for (size_t c = 1; c < zero.table.header.size(); ++c)
        EXPECT_EQ(zero.table.rows[1][c], one.table.rows[1][c]) << zero.table.header[c];

    AnalysisOptions options;
    options.output.frame_base = 2;
    EXPECT_THROW(options.validate(), Error);
}

TEST(PipelineCsvOpenFace, ActionUnitPresenceColumnsFollowTheParsedAnswer) {
    const std::vector<int> openface_aus = {1,  2,  4,  5,  6,  7,  9,  10, 12,
                                           14, 15, 17, 20, 23, 25, 26, 28, 45};
    const std::vector<std::string> tasks = {"action_units", "age"};
    FaceRecord named = face_with_expressions();
    named.answers = {{"AU6, AU12 and AU24 are active.", "6;12;24"}, {"About 30.", "30.0"}};
    FaceRecord unread = face_with_expressions();
    unread.answers = {{"Hard to say.", ""}, {"About 30.", "30.0"}};
    FaceRecord unanswered = face_with_expressions();
    FaceRecord missed;
    const Written w = write({named, unread, unanswered, missed}, tasks, {});

    // OpenFace's 18 presence columns, in its order, after the answers, before input.
    const auto& header = w.table.header;
    ASSERT_GE(header.size(), openface_aus.size() + 1);
    for (size_t i = 0; i < openface_aus.size(); ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "AU%02d_c", openface_aus[i]);
        EXPECT_EQ(header[header.size() - 1 - openface_aus.size() + i], name);
    }
    EXPECT_EQ(header[header.size() - 2 - openface_aus.size()], "llava_age_label");
    for (int au : openface_aus) {
        char name[16];
        std::snprintf(name, sizeof name, "AU%02d_c", au);
        EXPECT_EQ(w.cell(0, name), au == 6 || au == 12 ? "1" : "0") << name;
        EXPECT_EQ(w.cell(1, name), "") << name;  // no AU read from the answer
        EXPECT_EQ(w.cell(2, name), "") << name;  // no answer
        EXPECT_EQ(w.cell(3, name), "") << name;  // no face
    }
    EXPECT_EQ(w.cell(0, "llava_action_units_label"), "6;12;24");  // the label keeps AU24
    // Without the action-units task there are no presence columns.
    const auto plain = face_csv_columns({"age"});
    EXPECT_EQ(std::count(plain.begin(), plain.end(), "AU12_c"), 0);
}

TEST(PipelineCsvOpenFace, OneExpressionVocabularyForColumnsAndLabels) {
    FaceRecord r = face_with_expressions();
    r.answers = {{"Happy: the cheeks are raised.", "happiness"}};
    const std::vector<std::string> tasks = {"expression"};
    // face-api's probabilities by its names, for the expected cells.
    const std::vector<std::pair<std::string, std::string>> same = {
        {"neutral", "neutral"},   {"happy", "happiness"}, {"sad", "sadness"},
        {"angry", "anger"},       {"fearful", "fear"},    {"disgusted", "disgust"},
        {"surprised", "surprise"}};
    const Written faceapi = write({r}, tasks, {0, ExpressionNames::FaceApi, {}});
    const Written pyfeat = write({r}, tasks, {0, ExpressionNames::PyFeat, {}});
    const Written rafdb = write({r}, tasks, {0, ExpressionNames::RafDb, {}});
    for (const auto& [ours, theirs] : same) {
        EXPECT_EQ(pyfeat.cell(0, theirs), faceapi.cell(0, ours)) << theirs;
        EXPECT_EQ(rafdb.cell(0, theirs), faceapi.cell(0, ours)) << theirs;
    }
    EXPECT_EQ(faceapi.cell(0, "happy"), "0.2500");
    EXPECT_EQ(faceapi.cell(0, "llava_expression_label"), "happy");
    EXPECT_EQ(pyfeat.cell(0, "llava_expression_label"), "happiness");
    EXPECT_EQ(rafdb.cell(0, "llava_expression_label"), "happiness");

    // The seven columns stay where face-api's are, each in its vocabulary's order.
    const auto block = [](const Written& w) {
        const int at = w.table.column("brow_raise_left") + 1;
        return std::vector<std::string>(w.table.header.begin() + at,
                                        w.table.header.begin() + at + 7);
    };
    EXPECT_EQ(block(faceapi), (std::vector<std::string>{"neutral", "happy", "sad", "angry",
                                                        "fearful", "disgusted", "surprised"}));
    EXPECT_EQ(block(pyfeat), (std::vector<std::string>{"anger", "disgust", "fear", "happiness",
                                                       "sadness", "surprise", "neutral"}));
    EXPECT_EQ(block(rafdb), (std::vector<std::string>{"surprise", "fear", "disgust", "happiness",
                                                      "sadness", "anger", "neutral"}));
    // The analyze JSON names them alike.
    const auto json = face_record_json(r, tasks, {0, ExpressionNames::PyFeat, {}});
    EXPECT_DOUBLE_EQ(json["expression"]["happiness"].get<double>(), 0.25);
    EXPECT_EQ(json["answers"]["expression"]["label"], "happiness");
    EXPECT_EQ(face_record_json(r, tasks)["answers"]["expression"]["label"], "happy");

    for (const char* name : {"faceapi", "pyfeat", "rafdb"})
        EXPECT_STREQ(to_string(parse_expression_names(name)), name);
    EXPECT_THROW(parse_expression_names("fer2013"), Error);
}

// The label mapping the CSV, the JSON and the workbench's answers panel share:
// only the expression task's labels change vocabulary; no label stays empty.
TEST(PipelineCsvOpenFace, AnswerLabelsChangeVocabularyForTheExpressionTaskOnly) {
    EXPECT_EQ(answer_label_as("expression", "happiness", ExpressionNames::FaceApi), "happy");
    EXPECT_EQ(answer_label_as("expression", "surprise", ExpressionNames::FaceApi), "surprised");
    EXPECT_EQ(answer_label_as("expression", "happiness", ExpressionNames::PyFeat), "happiness");
    EXPECT_EQ(answer_label_as("expression", "happiness", ExpressionNames::RafDb), "happiness");
    EXPECT_EQ(answer_label_as("expression", "", ExpressionNames::FaceApi), "");
    EXPECT_EQ(answer_label_as("attributes", "sadness", ExpressionNames::FaceApi), "sadness");
    EXPECT_EQ(answer_label_as("action_units", "6;12", ExpressionNames::FaceApi), "6;12");
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
