// Which files a batch analyses (by extension and by content, globs,
// recursion, hidden files, the output folder left out, sorted order) and
// which video frames (every Nth, target fps).
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <filesystem>
#include <fstream>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/pipeline/inputs.h"
#include "frame_plan.h"
#include "test_support.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;

std::vector<std::string> relatives(const std::vector<InputFile>& files) {
    std::vector<std::string> out;
    for (const auto& f : files)
        out.push_back(f.relative);
    return out;
}

// A folder: photos by extension and without one, notes, hidden files, a
// sub-folder, and an output folder inside.
std::string make_tree() {
    const std::string root = test::make_temp_dir("inputs");
    const std::string photo = AssetLocator::from_environment().demo_photos().at(0);
    fs::create_directories(root + "/day 2/deeper");
    fs::create_directories(root + "/.cache");
    fs::create_directories(root + "/out");
    fs::copy_file(photo, root + "/b.jpg");
    fs::copy_file(photo, root + "/A.JPG");
    fs::copy_file(photo, root + "/photo_without_extension");
    fs::copy_file(photo, root + "/.hidden.jpg");
    fs::copy_file(photo, root + "/.cache/c.jpg");
    fs::copy_file(photo, root + "/day 2/d.jpg");
    fs::copy_file(photo, root + "/day 2/deeper/e.png");  // a JPEG named .png: still an input
    fs::copy_file(photo, root + "/out/result.jpg");
    std::ofstream(root + "/notes.txt") << "not media\n";
    std::ofstream(root + "/broken.mp4") << "not a video either, but named like one\n";
    return root;
}

TEST(PipelineInputs, TopLevelByExtensionAndContentSorted) {
    const std::string root = make_tree();
    DiscoveryOptions options;
    options.exclude_dirs = {root + "/out"};
    const auto files = discover_inputs(root, options);
    EXPECT_EQ(relatives(files), (std::vector<std::string>{"A.JPG", "b.jpg", "broken.mp4",
                                                          "photo_without_extension"}));
    EXPECT_EQ(files[1].path, root + "/b.jpg");
    EXPECT_EQ(files[1].size, fs::file_size(root + "/b.jpg"));
    EXPECT_GT(files[1].mtime_ns, 0);
}

TEST(PipelineInputs, RecursiveSkipsHiddenAndExcludedFolders) {
    const std::string root = make_tree();
    DiscoveryOptions options;
    options.recursive = true;
    options.exclude_dirs = {root + "/out"};
    EXPECT_EQ(relatives(discover_inputs(root, options)),
              (std::vector<std::string>{"A.JPG", "b.jpg", "broken.mp4", "day 2/d.jpg",
                                        "day 2/deeper/e.png", "photo_without_extension"}));
    options.include_hidden = true;
    options.exclude_dirs.clear();
    const auto all = relatives(discover_inputs(root, options));
    EXPECT_NE(std::find(all.begin(), all.end(), ".cache/c.jpg"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), ".hidden.jpg"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), "out/result.jpg"), all.end());
}

TEST(PipelineInputs, GlobsMatchNamesOrPathsCaseInsensitively) {
    const std::string root = make_tree();
    DiscoveryOptions options;
    options.recursive = true;
    options.globs = {"*.jpg"};
    options.exclude_dirs = {root + "/out"};
    EXPECT_EQ(relatives(discover_inputs(root, options)),
              (std::vector<std::string>{"A.JPG", "b.jpg", "day 2/d.jpg"}));
    options.globs = {"day 2/*"};  // FNM_PATHNAME: '*' stays inside one folder
    EXPECT_EQ(relatives(discover_inputs(root, options)), (std::vector<std::string>{"day 2/d.jpg"}));
}

TEST(PipelineInputs, SingleFileAndMissingRoot) {
    const std::string root = make_tree();
    const auto one = discover_inputs(root + "/notes.txt", {});
    ASSERT_EQ(one.size(), 1u);  // named explicitly: analysed (and reported) whatever it is
    EXPECT_EQ(one[0].relative, "notes.txt");
    EXPECT_THROW(discover_inputs(root + "/missing", {}), Error);
}

TEST(PipelineFramePlan, EveryNthFrame) {
    AnalysisOptions options;
    options.every_nth_frame = 3;
    FramePlan plan(options, 10, 25.0);
    EXPECT_FALSE(plan.every_frame());
    EXPECT_EQ(plan.total(), 4);
    std::vector<int64_t> got;
    for (int64_t k; (k = plan.next()) >= 0;)
        got.push_back(k);
    EXPECT_EQ(got, (std::vector<int64_t>{0, 3, 6, 9}));
    EXPECT_TRUE(FramePlan(AnalysisOptions{}, 10, 25.0).every_frame());
    EXPECT_EQ(FramePlan(AnalysisOptions{}, 10, 25.0).total(), 10);
    EXPECT_EQ(FramePlan(AnalysisOptions{}, 0, 25.0).total(), 0);
}

TEST(PipelineFramePlan, TargetFpsPicksTheFrameShownAtEachTick) {
    AnalysisOptions options;
    options.target_fps = 10.0;
    FramePlan plan(options, 60, 29.97);  // 2 s of NTSC video at 10 fps: 20 frames
    std::vector<int64_t> got;
    for (int64_t k; (k = plan.next()) >= 0;)
        got.push_back(k);
    ASSERT_EQ(int64_t(got.size()), plan.total());
    EXPECT_EQ(plan.total(), 21);  // ticks 0 … 2.0 s, the last one lands on frame 59
    EXPECT_EQ(got[1], 2);         // 0.1 s × 29.97 = 2.997 → frame 2
    EXPECT_EQ(got[10], 29);       // 1.0 s → frame 29
    EXPECT_EQ(got.back(), 59);
    options.target_fps = 50.0;  // faster than the video: every frame
    EXPECT_TRUE(FramePlan(options, 60, 25.0).every_frame());
}

TEST(PipelineOptions, OutOfRangeSettingsAreRefusedWithTheSettingNamed) {
    AnalysisOptions options;
    options.every_nth_frame = 0;
    EXPECT_THROW(options.validate(), Error);
    options = {};
    options.target_fps = 5;
    options.every_nth_frame = 2;
    EXPECT_THROW(options.validate(), Error);
    options = {};
    options.min_confidence = 1.5f;
    EXPECT_THROW(options.validate(), Error);
    options = {};
    options.tasks = {"horoscope"};
    EXPECT_THROW(options.validate(), Error);
    EXPECT_EQ(parse_detector_kind("dlib"), DetectorKind::DlibHog);
    EXPECT_THROW(parse_detector_kind("mtcnn"), Error);
    EXPECT_EQ(std::string(to_string(LandmarkKind::FaceApi68)), "faceapi");
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
