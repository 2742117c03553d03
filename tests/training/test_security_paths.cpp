// Security rule: no media or landmark path of a FaceInstruct file escapes its
// root folder ("../", absolute paths, symlinks pointing outside); each such
// entry is reported as a data issue naming the file and the entry's index.
#include <gtest/gtest.h>

#include <filesystem>

#include "dataset/dataset_catalog.h"
#include "facellava/core/error.h"
#include "facellava/training/face_instruct_reader.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

using testdata::Json;
using testdata::turn;
namespace fs = std::filesystem;

Json image_entry(const std::string& image) {
    return Json{{"image", image},
                {"conversations", Json::array({turn(true, "<image>\nWhat is the expression?"),
                                               turn(false, "Happy.")})}};
}

Json video_entry(const std::string& video) {
    return Json{{"video", video},
                {"conversations",
                 Json::array({turn(true, "<video>\nHow do they feel?"), turn(false, "Sad.")})}};
}

bool has_issue(const std::vector<DataIssue>& issues, const std::string& file, int64_t index,
               const std::string& text) {
    return std::any_of(issues.begin(), issues.end(), [&](const DataIssue& i) {
        return i.file == file && i.index == index && i.problem.find(text) != std::string::npos;
    });
}

std::string dump(const std::vector<DataIssue>& issues) {
    std::string s;
    for (const auto& i : issues)
        s += i.describe() + "\n";
    return s;
}

TEST(SecurityPaths, FaceInstructMediaPathsCannotLeaveTheirRoot) {
    const auto dir = test::make_temp_dir("sec_reader");
    const std::string images = dir + "/images", videos = dir + "/videos";
    testdata::write_text(images + "/ok.png", "x");
    testdata::write_text(images + "/sub/ok2.png", "x");
    testdata::write_text(videos + "/clip.mp4", "x");
    testdata::write_text(dir + "/secret.png", "outside");
    fs::create_symlink(dir + "/secret.png", images + "/link.png");
    fs::create_directory_symlink(dir, images + "/up");
    fs::create_symlink("ok.png", images + "/alias.png");  // stays inside: fine

    Json list = Json::array();
    list.push_back(image_entry("ok.png"));                   // 0 ok
    list.push_back(image_entry("../secret.png"));            // 1 ..
    list.push_back(image_entry(dir + "/secret.png"));        // 2 absolute
    list.push_back(image_entry("link.png"));                 // 3 symlink out
    list.push_back(image_entry("up/secret.png"));            // 4 folder symlink out
    list.push_back(image_entry("sub/../../secret.png"));     // 5 .. in the middle
    list.push_back(video_entry("../images/../secret.png"));  // 6 video ..
    list.push_back(video_entry("/etc/passwd"));              // 7 video absolute
    Json lm = image_entry("ok.png");
    lm["landmarks_2d"] = "../../etc/landmarks.npy";
    list.push_back(lm);                        // 8 landmarks ..
    list.push_back(image_entry("alias.png"));  // 9 ok
    list.push_back(video_entry("clip.mp4"));   // 10 ok
    Json many =
        Json{{"image", Json::array({"ok.png", "../secret.png"})},
             {"conversations", Json::array({turn(true, "<image><image>\nQ"), turn(false, "A.")})}};
    list.push_back(many);  // 11 one of two
    const std::string file = dir + "/dfew.json";
    testdata::write_text(file, list.dump());

    ReaderOptions opt;
    opt.image_root = images;
    opt.video_root = videos;
    const auto result = read_face_instruct_file(file, opt);
    std::vector<int64_t> good;
    for (const auto& s : result.samples)
        good.push_back(s.index);
    EXPECT_EQ(good, (std::vector<int64_t>{0, 9, 10})) << dump(result.issues);
    for (int64_t bad : {1, 5, 6, 11})
        EXPECT_TRUE(has_issue(result.issues, file, bad, "contains '..'"))
            << bad << dump(result.issues);
    for (int64_t bad : {2, 7})
        EXPECT_TRUE(has_issue(result.issues, file, bad, "absolute path"))
            << bad << dump(result.issues);
    for (int64_t bad : {3, 4})
        EXPECT_TRUE(has_issue(result.issues, file, bad, "symlink leading outside"))
            << bad << dump(result.issues);
    EXPECT_TRUE(has_issue(result.issues, file, 8, "\"landmarks_2d\"")) << dump(result.issues);
    EXPECT_EQ(result.issues.size(), 9u) << dump(result.issues);

    // JSON lines report the line index the same way.
    const std::string lines = dir + "/rafdb.jsonl";
    testdata::write_text(
        lines, image_entry("ok.png").dump() + "\n" + image_entry("../secret.png").dump() + "\n");
    const auto jsonl = read_face_instruct_file(lines, opt);
    EXPECT_EQ(jsonl.samples.size(), 1u);
    EXPECT_TRUE(has_issue(jsonl.issues, lines, 1, "contains '..'")) << dump(jsonl.issues);

    // The catalog (what training runs on) refuses the same entries, and with
    // the Fail policy names file and index in its error.
    CatalogOptions options;
    options.reader = opt;
    options.policy = BadSamplePolicy::Fail;
    try {
        build_catalog({file}, options);
        FAIL() << "escaping paths accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(file + " #1"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace facellava::training
