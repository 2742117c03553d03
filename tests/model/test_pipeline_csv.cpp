// faces.csv text: fixed precision with '.' in every locale, quoting, the
// OpenFace-compatible column order, and reading CSV back the way other tools
// write it (a space after the comma).
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/face_csv.h"
#include "facellava/pipeline/model_tasks.h"
#include "pipeline_locale.h"

namespace facellava::pipeline {
namespace {

std::string fixed(double value, int precision) {
    std::string out;
    append_fixed(out, value, precision);
    return out;
}

FaceRecord sample_face() {
    FaceRecord r;
    r.frame = 12;
    r.timestamp_s = 0.48;
    r.face_id = 1;
    r.success = true;
    r.confidence = 0.876f;
    r.box = {10.25f, 20.5f, 100.0f, 110.75f, 0.876f};
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        r.landmarks.xy[size_t(2 * i)] = 20.04f + float(i);
        r.landmarks.xy[size_t(2 * i + 1)] = 40.06f + 0.5f * float(i);
    }
    HeadPose pose;
    pose.yaw = -12.345;
    pose.pitch = 3.5;
    pose.roll = -0.001;
    pose.reprojection_error = 0.03125;
    r.pose = pose;
    r.expression = {0.5f, 0.25f, 0.125f, 0.0625f, 0.03125f, 0.03125f, 0.0f};
    r.age = 31.46f;
    r.gender = "female";
    r.gender_probability = 0.93f;
    return r;
}

TEST(PipelineCsv, FixedPrecisionUsesAPointAndNoNegativeZero) {
    EXPECT_EQ(fixed(1.5, 2), "1.50");
    EXPECT_EQ(fixed(0.0625, 3), "0.062");  // an exact tie rounds to even, as printf does
    EXPECT_EQ(fixed(-0.001, 2), "0.00");
    EXPECT_EQ(fixed(-12.345, 1), "-12.3");
    EXPECT_EQ(fixed(1234567.0, 1), "1234567.0");
    EXPECT_EQ(fixed(std::nan(""), 2), "");
    EXPECT_EQ(fixed(1.0 / 0.0, 2), "");
}

TEST(PipelineCsv, TextIsQuotedOnlyWhenNeeded) {
    std::string out;
    append_text(out, "plain");
    out += '|';
    append_text(out, "a, b");
    out += '|';
    append_text(out, "say \"hi\"\nthen go");
    out += '|';
    append_text(out, " padded");
    EXPECT_EQ(out, "plain|\"a, b\"|\"say \"\"hi\"\"\nthen go\"|\" padded\"");
}

TEST(PipelineCsv, ReaderAcceptsSpacesAfterCommasQuotesAndCrlf) {
    const CsvTable table = parse_csv(
        "frame, face_id, timestamp, success, text\r\n"
        "0, 0, 0.000, 1, \"a, \"\"quoted\"\"\nanswer\"\r\n"
        "\n"
        "1,0,0.040,0,  plain\n");
    ASSERT_EQ(table.header.size(), 5u);
    EXPECT_EQ(table.header[3], "success");
    EXPECT_EQ(table.column("success"), 3);
    EXPECT_EQ(table.column(" success"), -1);
    ASSERT_EQ(table.rows.size(), 2u);
    EXPECT_EQ(table.rows[0][4], "a, \"quoted\"\nanswer");
    EXPECT_EQ(table.rows[1][2], "0.040");
    EXPECT_EQ(table.rows[1][4], "plain");
    EXPECT_TRUE(parse_csv("").header.empty());
}

TEST(PipelineCsv, ReaderRejectsRaggedRowsAndOpenQuotesNamingTheFile) {
    try {
        parse_csv("a,b\n1,2,3\n", "faces.csv");
        FAIL() << "a row with too many fields was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), "faces.csv");
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_csv("a,b\n1,\"open\n"), Error);
}

TEST(PipelineCsv, ColumnsLeadWithOpenFacesAndEndWithTheInput) {
    const auto columns = face_csv_columns({});
    const std::vector<std::string> lead = {"frame",   "face_id", "timestamp", "confidence",
                                           "success", "face_x",  "face_y",    "face_w",
                                           "face_h",  "x_0"};
    ASSERT_GE(columns.size(), lead.size());
    EXPECT_EQ(std::vector<std::string>(columns.begin(), columns.begin() + 10), lead);
    EXPECT_EQ(columns[9 + 67], "x_67");
    EXPECT_EQ(columns[9 + 68], "y_0");
    EXPECT_EQ(columns[9 + 136], "pose_yaw");
    EXPECT_EQ(columns[9 + 136 + 4], "pose_Tx");
    EXPECT_EQ(columns[9 + 136 + 9], "pose_Rz");
    EXPECT_EQ(columns.back(), "input");
    // 9 + 136 landmarks + 4 pose + 6 OpenFace pose + 8 geometry + 7 expressions
    // + 3 age/gender + input
    EXPECT_EQ(columns.size(), 174u);
    for (const char* label :
         {"neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised"})
        EXPECT_NE(std::find(columns.begin(), columns.end(), label), columns.end()) << label;

    const auto with_tasks = face_csv_columns({"expression", "age"});
    EXPECT_EQ(with_tasks.size(), 178u);
    EXPECT_EQ(with_tasks[with_tasks.size() - 5], "llava_expression");
    EXPECT_EQ(with_tasks[with_tasks.size() - 4], "llava_expression_label");
    EXPECT_EQ(with_tasks[with_tasks.size() - 2], "llava_age_label");
}

TEST(PipelineCsv, RowsMatchTheHeaderAndReadBack) {
    FaceRecord face = sample_face();
    face.answers = {{"Happy, with \"raised\" cheeks.", "happiness"}};
    std::string text = face_csv_header({"expression"});
    append_face_csv_row(text, face, {"expression"}, {}, "day 1/clip.mp4");
    FaceRecord none;
    none.frame = 13;
    none.timestamp_s = 0.52;
    append_face_csv_row(text, none, {"expression"}, {}, "day 1/clip.mp4");

    const CsvTable table = parse_csv(text);
    ASSERT_EQ(table.rows.size(), 2u);
    const auto& row = table.rows[0];
    auto cell = [&](const char* name) { return row.at(size_t(table.column(name))); };
    EXPECT_EQ(cell("frame"), "12");
    EXPECT_EQ(cell("face_id"), "1");
    EXPECT_EQ(cell("timestamp"), "0.480");
    EXPECT_EQ(cell("confidence"), "0.88");
    EXPECT_EQ(cell("success"), "1");
    EXPECT_EQ(cell("face_x"), "10.2");  // 10.25 is stored as 10.25f exactly: rounds to even
    EXPECT_EQ(cell("x_0"), "20.0");
    EXPECT_EQ(cell("y_67"), "73.6");
    EXPECT_EQ(cell("pose_yaw"), "-12.35");
    EXPECT_EQ(cell("pose_roll"), "0.00");
    EXPECT_EQ(cell("pose_error"), "0.0312");
    EXPECT_EQ(cell("pose_Tx"), "");       // a pose without the camera of its fit
    EXPECT_EQ(cell("eye_ar_right"), "");  // no geometry measured
    EXPECT_EQ(cell("neutral"), "0.5000");
    EXPECT_EQ(cell("age"), "31.5");
    EXPECT_EQ(cell("gender"), "female");
    EXPECT_EQ(cell("gender_probability"), "0.9300");
    EXPECT_EQ(cell("llava_expression"), "Happy, with \"raised\" cheeks.");
    // In face-api's words, as the probability columns (default expression names).
    EXPECT_EQ(cell("llava_expression_label"), "happy");
    EXPECT_EQ(cell("input"), "day 1/clip.mp4");

    const auto& empty = table.rows[1];
    EXPECT_EQ(empty[size_t(table.column("face_id"))], "-1");
    EXPECT_EQ(empty[size_t(table.column("success"))], "0");
    EXPECT_EQ(empty[size_t(table.column("timestamp"))], "0.520");
    EXPECT_EQ(empty[size_t(table.column("x_0"))], "");
    EXPECT_EQ(empty[size_t(table.column("input"))], "day 1/clip.mp4");
}

TEST(PipelineCsv, NumbersIgnoreTheProcessLocale) {
    std::string reference = face_csv_header({});
    append_face_csv_row(reference, sample_face(), {}, {}, "a.jpg");
    const auto json_reference = face_record_json(sample_face(), {}).dump();

    test_locale::GermanNumbers german;
    if (!german.active())
        GTEST_SKIP() << german.why();
    std::string text = face_csv_header({});
    append_face_csv_row(text, sample_face(), {}, {}, "a.jpg");
    EXPECT_EQ(text, reference);
    EXPECT_EQ(face_record_json(sample_face(), {}).dump(), json_reference);
}

TEST(PipelineTasks, TableCoversEveryParserAndRejectsUnknownNames) {
    EXPECT_EQ(all_model_task_names(), "expression,action_units,attributes,age,deepfake");
    EXPECT_EQ(find_model_task("expression").label("She looks happy."), "happiness");
    EXPECT_EQ(find_model_task("action_units").label("AU12 and AU6 are active."), "6;12");
    EXPECT_EQ(find_model_task("age").label("About 32 years old."), "32.0");
    EXPECT_EQ(find_model_task("deepfake").label("This face is not fake."), "real");
    EXPECT_EQ(find_model_task("attributes").label("Nothing to say."), "");
    try {
        find_model_task("emotion");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("expression,action_units"), std::string::npos);
    }
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
