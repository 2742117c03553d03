// FaceInstruct reading, validation (bad data reported with file + index,
// skipped or fatal), deterministic sampling and batching, ordered prefetching.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "batching/length_grouping.h"
#include "dataset/dataset_catalog.h"
#include "dataset/media_decoder.h"
#include "dataset/ordered_prefetcher.h"
#include "dataset/sampling_plan.h"
#include "facellava/core/error.h"
#include "facellava/training/face_instruct_reader.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

using testdata::Json;
using testdata::turn;
namespace fs = std::filesystem;

Json good_image_entry(const std::string& image) {
    return Json{{"image", image},
                {"conversations", Json::array({turn(true, "<image>\nWhat is the expression?"),
                                               turn(false, "Happy.")})}};
}

bool has_issue(const std::vector<DataIssue>& issues, const std::string& file, int64_t index,
               const std::string& text) {
    return std::any_of(issues.begin(), issues.end(), [&](const DataIssue& i) {
        return i.file == file && i.index == index && i.problem.find(text) != std::string::npos;
    });
}

std::string dump_issues(const std::vector<DataIssue>& issues) {
    std::string s;
    for (const auto& i : issues)
        s += i.describe() + "\n";
    return s;
}

TEST(FaceInstructReader, ReadsSamplesAndReportsMalformedEntriesWithFileAndIndex) {
    const auto dir = test::make_temp_dir("reader");
    const std::string file = dir + "/dfew.json";
    Json list = Json::array();
    list.push_back(good_image_entry("a.png"));  // 0 ok
    list.push_back(42);                         // 1 not an object
    list.push_back(Json{{"image", "b.png"}});   // 2 no conversations
    list.push_back(Json{{"image", "c.png"},
                        {"conversations", Json::array({turn(true, "<image>\nQ"),
                                                       turn(false, "  ")})}});  // 3 empty answer
    list.push_back(Json{
        {"image", "d.png"},
        {"conversations", Json::array({turn(true, "<image>\nQ"), turn(true, "Q2")})}});  // 4 roles
    list.push_back(Json{{"image", "e.png"},
                        {"conversations", Json::array({turn(true, "no placeholder"),
                                                       turn(false, "A")})}});  // 5 count
    list.push_back(Json{{"video", "v.mp4"},
                        {"task", "custom"},
                        {"conversations", Json::array({turn(true, "<video>\nQ"),
                                                       turn(false, "Sad.")})}});  // 6 ok video
    list.push_back(Json{{"image", "f.png"},
                        {"conversations", Json::array({turn(true, "<image>\nQ"),
                                                       turn(false, "A</s>B")})}});  // 7 </s>
    list.push_back(Json{{"image", "g.png"},
                        {"conversations", Json::array({turn(true, "<image>\nQ"), turn(false, "A"),
                                                       turn(true, "more?")})}});  // 8 ends human
    testdata::write_text(file, list.dump());

    ReaderOptions opt;
    opt.image_root = dir + "/images";
    opt.video_root = dir + "/videos";
    opt.num_frames = 3;
    const auto result = read_face_instruct_file(file, opt);
    EXPECT_EQ(result.entries, 9);
    ASSERT_EQ(result.samples.size(), 2u) << dump_issues(result.issues);
    EXPECT_EQ(result.samples[0].task, "dfew");
    EXPECT_EQ(result.samples[0].index, 0);
    EXPECT_EQ(result.samples[0].media_paths.front(), dir + "/images/a.png");
    EXPECT_EQ(result.samples[1].task, "custom");
    EXPECT_EQ(result.samples[1].index, 6);
    EXPECT_EQ(result.samples[1].turns[0].text, "<image> <image> <image>\nQ");  // <video> → 3 frames
    EXPECT_TRUE(has_issue(result.issues, file, 1, "not a JSON object"));
    EXPECT_TRUE(has_issue(result.issues, file, 2, "conversations"));
    EXPECT_TRUE(has_issue(result.issues, file, 3, "empty answer"));
    EXPECT_TRUE(has_issue(result.issues, file, 4, "in a row"));
    EXPECT_TRUE(has_issue(result.issues, file, 5, "placeholders"));
    EXPECT_TRUE(has_issue(result.issues, file, 7, "</s>"));
    EXPECT_TRUE(has_issue(result.issues, file, 8, "ends with a human turn"));
    EXPECT_EQ(result.issues.size(), 7u) << dump_issues(result.issues);
}

TEST(FaceInstructReader, JsonLinesReportTheMalformedLineAndKeepTheRest) {
    const auto dir = test::make_temp_dir("reader_jsonl");
    const std::string file = dir + "/rafdb.jsonl";
    testdata::write_text(file, good_image_entry("a.png").dump() +
                                   "\n{\"image\": \"b.png\", \"conv\n\n" +
                                   good_image_entry("c.png").dump() + "\n");
    const auto result = read_face_instruct_file(file, {});
    ASSERT_EQ(result.samples.size(), 2u);
    EXPECT_EQ(result.samples[1].index, 3);
    ASSERT_EQ(result.issues.size(), 1u);
    EXPECT_EQ(result.issues[0].index, 1);
    EXPECT_NE(result.issues[0].problem.find("malformed JSON line"), std::string::npos);
}

TEST(FaceInstructReader, LimitsStopHostileFilesWithoutCrashing) {
    const auto dir = test::make_temp_dir("reader_limits");
    ReaderOptions opt;
    opt.max_depth = 8;
    opt.max_string_bytes = 100;
    const std::string deep = dir + "/deep.json";
    testdata::write_text(deep, "[" + good_image_entry("a.png").dump() + "," +
                                   std::string(100000, '[') + std::string(100000, ']') + "]");
    auto r = read_face_instruct_file(deep, opt);
    EXPECT_EQ(r.samples.size(), 1u);
    EXPECT_TRUE(has_issue(r.issues, deep, 1, "nesting deeper")) << dump_issues(r.issues);

    const std::string longs = dir + "/long.json";
    testdata::write_text(longs, "[" + good_image_entry(std::string(500, 'x')).dump() + "]");
    r = read_face_instruct_file(longs, opt);
    EXPECT_TRUE(r.samples.empty());
    EXPECT_TRUE(has_issue(r.issues, longs, 0, "longer than")) << dump_issues(r.issues);

    opt.max_file_bytes = 1024;
    const std::string big = dir + "/big.json";
    testdata::write_text(big, "[" + std::string(5000, ' ') + "]");
    r = read_face_instruct_file(big, opt);
    EXPECT_TRUE(has_issue(r.issues, big, -1, "over the limit"));

    const std::string broken = dir + "/broken.json";
    testdata::write_text(broken, "[" + good_image_entry("a.png").dump() + ", {\"image\": ");
    r = read_face_instruct_file(broken, opt);
    EXPECT_EQ(r.samples.size(), 1u);
    EXPECT_TRUE(has_issue(r.issues, broken, 1, "syntax error"));

    r = read_face_instruct_file(dir + "/missing.json", opt);
    EXPECT_TRUE(has_issue(r.issues, dir + "/missing.json", -1, "cannot read"));
}

TEST(DatasetCatalog, MissingMediaAndWrongLandmarkShapesAreSkippedOrFatal) {
    const auto dir = test::make_temp_dir("catalog");
    testdata::write_text(dir + "/images/ok.png", "not decoded during validation");
    testdata::write_text(dir + "/images/ok2.png", "x");
    testdata::write_landmarks(dir + "/images/lm_ok.npy", 1, 0, false);
    testdata::write_landmarks(dir + "/images/lm_video_shape.npy", 4, 0,
                              true);  // (4, 68, 2) for an image
    write_npy(dir + "/images/lm_67.npy", {67, 2}, std::vector<float>(134, 1.0f));
    Json list = Json::array();
    auto with_lm = [](Json e, const std::string& lm) {
        e["landmarks_2d"] = lm;
        return e;
    };
    list.push_back(with_lm(good_image_entry("ok.png"), "lm_ok.npy"));            // 0 ok
    list.push_back(good_image_entry("missing.png"));                             // 1 missing image
    list.push_back(with_lm(good_image_entry("ok2.png"), "lm_67.npy"));           // 2 (67, 2)
    list.push_back(with_lm(good_image_entry("ok2.png"), "lm_video_shape.npy"));  // 3 (4, 68, 2)
    list.push_back(with_lm(good_image_entry("ok2.png"), "lm_absent.npy"));  // 4 missing landmarks
    list.push_back(good_image_entry("ok2.png"));                            // 5 ok
    const std::string file = dir + "/celeba.json";
    testdata::write_text(file, list.dump());

    CatalogOptions options;
    options.reader.image_root = dir + "/images";
    options.threads = 3;
    const auto catalog = build_catalog({file}, options);
    ASSERT_EQ(catalog.samples.size(), 2u);
    EXPECT_EQ(catalog.samples[0].index, 0);
    EXPECT_EQ(catalog.samples[1].index, 5);
    const auto& issues = catalog.stats.issues;
    ASSERT_EQ(issues.size(), 4u) << dump_issues(issues);
    EXPECT_TRUE(has_issue(issues, file, 1, "image not found"));
    EXPECT_TRUE(has_issue(issues, file, 2, "shape (67, 2)"));
    EXPECT_TRUE(has_issue(issues, file, 3, "shape (4, 68, 2)"));
    EXPECT_TRUE(has_issue(issues, file, 4, "landmarks file not found"));
    ASSERT_EQ(catalog.stats.tasks.size(), 1u);
    EXPECT_EQ(catalog.stats.tasks[0].task, "celeba");
    EXPECT_EQ(catalog.stats.tasks[0].samples, 2);
    EXPECT_EQ(catalog.stats.tasks[0].bad, 4);
    EXPECT_EQ(catalog.stats.tasks[0].with_landmarks, 1);

    options.policy = BadSamplePolicy::Fail;
    try {
        build_catalog({file}, options);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find(file + " #1"), std::string::npos) << what;
        EXPECT_NE(what.find(file + " #2"), std::string::npos) << what;
        EXPECT_NE(what.find("4 bad sample"), std::string::npos) << what;
    }
}

TEST(DatasetCatalog, VideoLandmarksNeedFramesBy68By2) {
    const auto dir = test::make_temp_dir("catalog_video");
    testdata::write_text(dir + "/v.mp4", "x");
    testdata::write_landmarks(dir + "/good.npy", 5, 1, true);
    testdata::write_landmarks(dir + "/image_shape.npy", 1, 1, false);
    SampleRecord s;
    s.media = SampleMedia::Video;
    s.media_paths = {dir + "/v.mp4"};
    s.landmark_paths = {dir + "/good.npy"};
    EXPECT_EQ(check_sample_files(s), "");
    s.landmark_paths = {dir + "/image_shape.npy"};
    EXPECT_NE(check_sample_files(s).find("expected (frames, 68, 2)"), std::string::npos);
    fs::create_directories(dir + "/empty_frames");
    s.media_paths = {dir + "/empty_frames"};
    s.landmark_paths.clear();
    EXPECT_NE(check_sample_files(s).find("no images"), std::string::npos);
}

TEST(SamplingPlan, OrderIsDeterministicPerSeedAndEpochAndHonoursTaskWeights) {
    std::vector<std::string> tasks;
    for (int i = 0; i < 40; ++i)
        tasks.push_back(i < 10 ? "a" : i < 30 ? "b" : "c");
    const std::map<std::string, double> weights = {{"a", 2.0}, {"b", 0.5}, {"c", 0.0}};
    const auto e0 = epoch_sample_order(tasks, weights, 7, 0);
    EXPECT_EQ(e0, epoch_sample_order(tasks, weights, 7, 0));
    EXPECT_NE(e0, epoch_sample_order(tasks, weights, 7, 1));
    EXPECT_NE(e0, epoch_sample_order(tasks, weights, 8, 0));
    EXPECT_EQ(int64_t(e0.size()), epoch_sample_count(tasks, weights));
    std::map<std::string, int> per_task;
    std::map<int64_t, int> per_sample;
    for (int64_t i : e0) {
        ++per_task[tasks[size_t(i)]];
        ++per_sample[i];
    }
    EXPECT_EQ(per_task["a"], 20);  // every sample twice
    EXPECT_EQ(per_task["b"], 10);  // a random half
    EXPECT_EQ(per_task["c"], 0);
    for (int i = 0; i < 10; ++i)
        EXPECT_EQ(per_sample[i], 2);
    for (int i = 10; i < 30; ++i)
        EXPECT_LE(per_sample[i], 1);

    const auto [train, eval] = split_holdout(40, 0.1, 3);
    EXPECT_EQ(eval.size(), 4u);
    EXPECT_EQ(train.size(), 36u);
    std::set<int64_t> all(train.begin(), train.end());
    all.insert(eval.begin(), eval.end());
    EXPECT_EQ(all.size(), 40u);
    EXPECT_EQ(split_holdout(40, 0.1, 3), split_holdout(40, 0.1, 3));
}

TEST(LengthGrouping, BatchesHoldSimilarLengthsLongestFirstAndCoverEverySample) {
    std::vector<int64_t> order, lengths;
    for (int64_t i = 0; i < 23; ++i) {
        order.push_back((i * 7) % 23);
        lengths.push_back((i * 37) % 101);
    }
    const auto batches = make_batches(order, lengths, 4, true, 11, 0, 50);
    EXPECT_EQ(batches, make_batches(order, lengths, 4, true, 11, 0, 50));
    ASSERT_EQ(batches.size(), 6u);
    std::vector<int64_t> seen;
    for (const auto& b : batches)
        seen.insert(seen.end(), b.begin(), b.end());
    std::sort(seen.begin(), seen.end());
    for (int64_t i = 0; i < 23; ++i)
        EXPECT_EQ(seen[size_t(i)], i);
    const int64_t longest = *std::max_element(lengths.begin(), lengths.end());
    EXPECT_TRUE(std::any_of(batches[0].begin(), batches[0].end(),
                            [&](int64_t s) { return lengths[size_t(s)] == longest; }));
    // One window here: batches are consecutive runs of the length-sorted samples.
    for (const auto& b : batches) {
        for (size_t k = 1; k < b.size(); ++k)
            EXPECT_GE(lengths[size_t(b[k - 1])], lengths[size_t(b[k])]);
    }
    const auto plain = make_batches(order, lengths, 4, false, 11, 0);
    EXPECT_EQ(plain.front(), std::vector<int64_t>(order.begin(), order.begin() + 4));
}

TEST(OrderedPrefetcher, DeliversInJobOrderWithBoundedLookaheadAndRethrows) {
    std::atomic<int64_t> running_max{0}, started{0};
    std::atomic<int64_t> delivered{0};
    OrderedPrefetcher<int64_t> p(
        [&](int64_t i) {
            const int64_t ahead = i - delivered.load();
            running_max = std::max(running_max.load(), ahead);
            ++started;
            std::this_thread::sleep_for(std::chrono::microseconds((i * 7919) % 300));
            if (i == 13)
                throw std::runtime_error("job 13 failed");
            return i * i;
        },
        2, 20, 4, 3);
    for (int64_t i = 2; i < 20; ++i) {
        if (i == 13) {
            EXPECT_THROW(p.next(), std::runtime_error);
        } else {
            auto v = p.next();
            ASSERT_TRUE(v.has_value());
            EXPECT_EQ(*v, i * i);
        }
        delivered = i + 1 - 2;
    }
    EXPECT_FALSE(p.next().has_value());
    EXPECT_LE(running_max.load(),
              3 + 2);  // never more than the capacity ahead (plus the offset of the first job)

    OrderedPrefetcher<int64_t> inline_jobs([](int64_t i) { return i + 1; }, 0, 3, 0, 1);
    EXPECT_EQ(*inline_jobs.next(), 1);
    EXPECT_EQ(*inline_jobs.next(), 2);
    EXPECT_EQ(*inline_jobs.next(), 3);
    EXPECT_FALSE(inline_jobs.next());
}

TEST(MediaDecoder, UniformFrameIndicesMatchNumpyLinspace) {
    // np.linspace(0, n - 1, count).astype(int)
    EXPECT_EQ(uniform_frame_indices(10, 4), (std::vector<int64_t>{0, 3, 6, 9}));
    EXPECT_EQ(uniform_frame_indices(100, 8), (std::vector<int64_t>{0, 14, 28, 42, 56, 70, 84, 99}));
    EXPECT_EQ(uniform_frame_indices(3, 8), (std::vector<int64_t>{0, 0, 0, 0, 1, 1, 1, 2}));
    EXPECT_EQ(uniform_frame_indices(5, 1), (std::vector<int64_t>{0}));
    EXPECT_TRUE(uniform_frame_indices(0, 8).empty());
}

TEST(FrameFolders, ListImagesInNaturalOrder) {
    const auto dir = test::make_temp_dir("frames");
    for (const char* name : {"f10.png", "f2.jpg", "f1.png", "notes.txt", "f02b.png"})
        testdata::write_text(dir + "/" + name, "x");
    const auto files = list_frame_files(dir);
    std::vector<std::string> names;
    for (const auto& f : files)
        names.push_back(fs::path(f).filename().string());
    EXPECT_EQ(names, (std::vector<std::string>{"f1.png", "f2.jpg", "f02b.png", "f10.png"}));
}

}  // namespace
}  // namespace facellava::training
