// `facellava batch --shard K/N` and `batch merge` without models: the shard
// rule (parsing, stable values, disjoint and covering, balanced) and the
// merge's checks on shard folders written here as run_batch writes them
// (duplicate input, missing shard, mismatched N, missing rows, unfinished
// shard, output over a shard). The runs on real images are in
// test_pipeline_batch.cpp.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "facellava/core/atomic_file.h"
#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/pipeline/batch_merge.h"
#include "facellava/pipeline/shard.h"
#include "test_support.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

// The message of the facellava::Error `f` throws ("" when it throws none).
template <typename F>
std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

TEST(Shard, ParsesKOfNAndRefusesTheRest) {
    const ShardSpec spec = parse_shard("2/3");
    EXPECT_EQ(spec.index, 2);
    EXPECT_EQ(spec.count, 3);
    EXPECT_TRUE(spec.active());
    EXPECT_EQ(spec.text(), "2/3");
    EXPECT_EQ(parse_shard("1/1").text(), "1/1");
    EXPECT_FALSE(ShardSpec{}.active());

    EXPECT_TRUE(contains(error_of([] { parse_shard("0/3"); }), "1 to 3"));
    EXPECT_TRUE(contains(error_of([] { parse_shard("4/3"); }), "1 to 3"));
    EXPECT_TRUE(contains(error_of([] { parse_shard("x/y"); }), "whole numbers"));
    EXPECT_TRUE(contains(error_of([] { parse_shard("3"); }), "K/N"));
    for (const char* bad : {"1/0", "-1/3", "1/3x", "1.5/3", "/3", "1/", "", "1/3/4", " 1/3"})
        EXPECT_FALSE(error_of([&] { parse_shard(bad); }).empty()) << bad;
    // The message says what to give instead.
    EXPECT_TRUE(contains(error_of([] { parse_shard("4/3"); }), "--shard 2/3"));
}

// The values Python's 1 + int(hashlib.sha256(rel.encode()).hexdigest()[:16], 16) % n gives:
// the rule must never change, or old shards could not be merged with new ones.
TEST(Shard, RuleIsStableAndDocumented) {
    EXPECT_STREQ(kShardHashRule, "sha256-u64-mod-n");
    const std::map<std::string, std::vector<int>> expected = {
        {"a.jpg", {1, 2, 5, 27}}, {"day 2/b.mp4", {2, 3, 3, 280}}, {"\xc3\xa9.png", {2, 3, 6, 4}}};
    for (const auto& [name, shards] : expected) {
        const int counts[] = {2, 3, 7, 1000};
        for (size_t i = 0; i < shards.size(); ++i)
            EXPECT_EQ(shard_of(name, counts[i]), shards[i]) << name << " of " << counts[i];
        EXPECT_EQ(shard_of(name, 1), 1);
    }
    EXPECT_EQ(inputs_digest({"a.jpg", "b.jpg"}),
              "ae991490ddec641f32c2a9283efe577e379738f1d9e0f6494f4a351af5293626");
    EXPECT_THROW(shard_of("a.jpg", 0), Error);
}

std::vector<InputFile> many_inputs(int n) {
    std::vector<InputFile> inputs;
    for (int i = 0; i < n; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "day%d/clip_%05d.mp4", i % 4, i);
        inputs.push_back({"/data/" + std::string(name), name, 0, 0});
    }
    std::sort(inputs.begin(), inputs.end(),
              [](const InputFile& a, const InputFile& b) { return a.relative < b.relative; });
    return inputs;
}

TEST(Shard, ShardsAreDisjointCoveringAndBalanced) {
    const std::vector<InputFile> all = many_inputs(20000);
    for (int count : {1, 2, 3, 7, 16}) {
        std::multiset<std::string> seen;
        std::string digest;
        for (int k = 1; k <= count; ++k) {
            std::vector<InputFile> mine = all;
            const ShardAssignment assignment = take_shard(mine, {k, count});
            EXPECT_EQ(assignment.inputs_found, all.size());
            if (k > 1) {
                EXPECT_EQ(assignment.inputs_sha256, digest) << "the whole list is the same";
            }
            digest = assignment.inputs_sha256;
            EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end(), [](const auto& a, const auto& b) {
                return a.relative < b.relative;
            })) << "a shard keeps the input order";
            // Balanced: within 10 % of an even split (binomial spread at
            // 20000 names is ~1 % of the mean).
            const double even = double(all.size()) / count;
            EXPECT_NEAR(double(mine.size()), even, 0.1 * even) << "shard " << k << "/" << count;
            for (const auto& input : mine) {
                seen.insert(input.relative);
                EXPECT_EQ(shard_of(input.relative, count), k);
            }
        }
        EXPECT_EQ(seen.size(), all.size()) << count << " shards";
        for (const auto& input : all)
            EXPECT_EQ(seen.count(input.relative), 1u) << input.relative;
    }
    std::vector<InputFile> unsharded = all;
    take_shard(unsharded, {});
    EXPECT_EQ(unsharded.size(), all.size());
}

// An input of a job written by hand: its rows (0 for a photo without a
// face) or a failure.
struct FakeInput {
    std::string name;
    int rows = 1;
    bool failed = false;
};

const std::vector<FakeInput>& fake_inputs() {
    static const std::vector<FakeInput> inputs = {
        {"a.jpg", 1},          {"b.jpg", 2},      {"broken.jpg", 0, true},
        {"c d/e.jpg", 1},      {"clip.mp4", 5},   {"no_face.jpg", 0},
        {"odd, \"q\".jpg", 2}, {"z/late.mp4", 3}, {"\xc3\xa9t\xc3\xa9.png", 1}};
    return inputs;
}

void append_fake_rows(std::string& out, const FakeInput& input) {
    for (int r = 0; r < input.rows; ++r) {
        out += std::to_string(r) + ",0,";
        append_text(out, input.name);
        out += '\n';
    }
}

// faces.csv of every input in order, as an unsharded run writes it.
std::string fake_faces_csv() {
    std::string out = "frame,face_id,input\n";
    std::vector<FakeInput> sorted = fake_inputs();
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    for (const auto& input : sorted)
        append_fake_rows(out, input);
    return out;
}

// Writes shard folders root/shard-K (K = 1…count) as run_batch writes them.
std::vector<std::string> write_fake_shards(const std::string& root, int count) {
    std::vector<FakeInput> sorted = fake_inputs();
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.name < b.name; });
    std::vector<std::string> names;
    for (const auto& input : sorted)
        names.push_back(input.name);
    std::vector<std::string> folders;
    for (int k = 1; k <= count; ++k) {
        const std::string dir = root + "/shard-" + std::to_string(k);
        fs::create_directories(dir + "/parts");
        std::string faces = "frame,face_id,input\n";
        std::string errors = "file,error,hint\n";
        Json inputs = Json::array();
        Json files = Json::array();
        int64_t rows = 0;
        int failed = 0;
        for (const auto& input : sorted) {
            if (shard_of(input.name, count) != k)
                continue;
            inputs.push_back(input.name);
            append_fake_rows(faces, input);
            if (input.failed) {
                ++failed;
                append_text(errors, input.name);
                errors += ",cannot decode,re-export it\n";
                files.push_back({{"input", input.name},
                                 {"status", "failed"},
                                 {"bytes", 10},
                                 {"error", "cannot decode"},
                                 {"hint", "re-export it"}});
            } else {
                rows += input.rows;
                files.push_back({{"input", input.name},
                                 {"status", "analysed"},
                                 {"bytes", 10},
                                 {"rows", input.rows}});
            }
        }
        Json meta;
        meta["format"] = "facellava-batch/1";
        meta["status"] = "complete";
        meta["input"] = "/data/in";
        meta["output"] = dir;
        meta["outputs"] = {{"faces_csv", "faces.csv"}, {"errors_csv", "errors.csv"}};
        meta["settings"] = {{"detector", "faceapi"}, {"max_faces", 0}};
        meta["discovery"] = {{"recursive", true}};
        meta["shard"] = {{"index", k},
                         {"count", count},
                         {"hash", kShardHashRule},
                         {"rule", "sha256"},
                         {"inputs_found", names.size()},
                         {"inputs_found_sha256", inputs_digest(names)},
                         {"inputs", inputs}};
        meta["threads"] = 1;
        meta["models"] = {{{"role", "detector"}, {"path", "/m/d.bin"}, {"sha256", "ab12"}}};
        meta["device"] = "cpu";
        meta["versions"] = {{"facellava", "test"}};
        meta["timings"] = {{"started", "2025-01-0" + std::to_string(k) + "T00:00:00Z"},
                           {"finished", "2025-01-0" + std::to_string(k) + "T01:00:00Z"},
                           {"wall_s", 10.0 * k},
                           {"model_load_s", 1.0},
                           {"images_analysed", 1},
                           {"image_seconds", 0.5},
                           {"video_frames_analysed", 4},
                           {"video_seconds", 1.0},
                           {"images_per_s", 2.0},
                           {"frames_per_s", 4.0}};
        meta["counts"] = {{"inputs", inputs.size()},
                          {"analysed", inputs.size() - size_t(failed)},
                          {"resumed", 0},
                          {"failed", failed},
                          {"rows", rows},
                          {"faces", rows}};
        meta["columns"] = {"frame", "face_id", "input"};
        meta["files"] = files;
        std::ofstream(dir + "/faces.csv", std::ios::binary) << faces;
        std::ofstream(dir + "/errors.csv", std::ios::binary) << errors;
        std::ofstream(dir + "/metadata.json") << meta.dump(2) << "\n";
        folders.push_back(dir);
    }
    return folders;
}

Json read_json(const std::string& path) {
    return Json::parse(read_file(path));
}
void write_json(const std::string& path, const Json& json) {
    std::ofstream(path) << json.dump(2) << "\n";
}

// The shard folder (of `folders`) that holds `input`.
std::string folder_of(const std::vector<std::string>& folders, const std::string& input) {
    return folders.at(size_t(shard_of(input, int(folders.size())) - 1));
}

TEST(BatchMerge, JoinsShardsInInputOrder) {
    const std::string root = test::make_temp_dir("merge-ok");
    std::vector<std::string> folders = write_fake_shards(root, 3);
    std::reverse(folders.begin(), folders.end());  // any order
    folders[0] += "/metadata.json";                // a file stands for its folder
    const MergeResult result = merge_batch_shards({folders, root + "/merged"});
    EXPECT_EQ(result.shard_count, 3);
    EXPECT_EQ(result.inputs, fake_inputs().size());
    EXPECT_EQ(result.failed, 1u);
    EXPECT_EQ(result.analysed, fake_inputs().size() - 1);
    EXPECT_EQ(result.rows, 15);
    EXPECT_EQ(read_file(root + "/merged/faces.csv"), fake_faces_csv());
    EXPECT_EQ(read_file(root + "/merged/errors.csv"),
              "file,error,hint\nbroken.jpg,cannot decode,re-export it\n");
    const Json meta = read_json(root + "/merged/metadata.json");
    EXPECT_TRUE(meta["shard"].is_null());
    EXPECT_EQ(meta["merged_from"]["count"], 3);
    EXPECT_EQ(meta["merged_from"]["shards"].size(), 3u);
    EXPECT_EQ(meta["merged_from"]["shards"][0]["index"], 1);
    EXPECT_EQ(meta["counts"]["inputs"], fake_inputs().size());
    EXPECT_EQ(meta["counts"]["rows"], 15);
    EXPECT_EQ(meta["timings"]["started"], "2025-01-01T00:00:00Z");
    EXPECT_EQ(meta["timings"]["finished"], "2025-01-03T01:00:00Z");
    EXPECT_EQ(meta["timings"]["images_analysed"], 3);
    ASSERT_EQ(meta["files"].size(), fake_inputs().size());
    for (size_t i = 1; i < meta["files"].size(); ++i)
        EXPECT_LT(meta["files"][i - 1]["input"].get<std::string>(),
                  meta["files"][i]["input"].get<std::string>());
    for (const auto& entry : fs::directory_iterator(root + "/merged"))
        EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();

    // Merging again into the same folder replaces the earlier merge.
    EXPECT_NO_THROW(merge_batch_shards({folders, root + "/merged"}));
    // One shard of one is a whole job.
    const std::string single = test::make_temp_dir("merge-single");
    const MergeResult one = merge_batch_shards({write_fake_shards(single, 1), single + "/merged"});
    EXPECT_EQ(read_file(single + "/merged/faces.csv"), fake_faces_csv());
    EXPECT_EQ(one.shard_count, 1);
}

TEST(BatchMerge, RefusesAMissingOrRepeatedShard) {
    const std::string root = test::make_temp_dir("merge-missing");
    const std::vector<std::string> folders = write_fake_shards(root, 3);
    const std::string missing = error_of([&] {
        merge_batch_shards({{folders[0], folders[2]}, root + "/out"});
    });
    EXPECT_TRUE(contains(missing, "shard 2/3 missing")) << missing;
    EXPECT_FALSE(fs::exists(root + "/out")) << "nothing is written when a check fails";

    const std::string twice = error_of([&] {
        merge_batch_shards({{folders[0], folders[1], folders[2], folders[1]}, root + "/o"});
    });
    EXPECT_TRUE(contains(twice, "given twice")) << twice;

    // A copy of shard 2 elsewhere.
    fs::copy(folders[1], root + "/copy", fs::copy_options::recursive);
    const std::string copied = error_of([&] {
        merge_batch_shards({{folders[0], folders[1], folders[2], root + "/copy"}, root + "/o"});
    });
    EXPECT_TRUE(contains(copied, "shard 2/3 is given twice")) << copied;
    EXPECT_TRUE(contains(copied, "/copy")) << copied;
}

TEST(BatchMerge, RefusesShardsOfAnotherSplitOrJob) {
    const std::string root = test::make_temp_dir("merge-mismatch");
    const std::vector<std::string> folders = write_fake_shards(root, 3);
    const std::string meta2 = folders[1] + "/metadata.json";
    Json meta = read_json(meta2);

    Json other = meta;
    other["shard"]["count"] = 4;
    write_json(meta2, other);
    std::string error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "one of 4 shards")) << error;
    EXPECT_TRUE(contains(error, meta2)) << "names the shard's file: " << error;

    other = meta;
    other["settings"]["max_faces"] = 1;
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "settings.max_faces")) << error;

    other = meta;
    other["input"] = "/elsewhere";
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "differ in input")) << error;

    other = meta;
    other["shard"]["inputs_found"] = 10;
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "input folder changed")) << error;

    other = meta;
    other["shard"]["hash"] = "fnv1a";
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "hash rule 'fnv1a'")) << error;

    other = meta;
    other["status"] = "cancelled";
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "did not finish")) << error;
    EXPECT_TRUE(contains(error, "--shard 2/3")) << "says what to rerun: " << error;

    other = meta;
    other["shard"] = nullptr;
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "not sharded")) << error;

    other = meta;
    other.erase("counts");
    write_json(meta2, other);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "lacks a field")) << error;
    EXPECT_FALSE(fs::exists(root + "/out"));
}

TEST(BatchMerge, RefusesAnInputInTwoShardsOrInTheWrongOne) {
    const std::string root = test::make_temp_dir("merge-duplicate");
    const std::vector<std::string> folders = write_fake_shards(root, 3);
    // "a.jpg" of shard 2 also listed by shard 3.
    ASSERT_EQ(shard_of("a.jpg", 3), 2);
    const std::string home = folders[1] + "/metadata.json";
    const std::string other = folders[2] + "/metadata.json";
    const Json other_meta = read_json(other);
    Json twice = other_meta;
    twice["shard"]["inputs"].push_back("a.jpg");
    write_json(other, twice);
    std::string error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "'a.jpg' is in shard 2/3")) << error;
    EXPECT_TRUE(contains(error, "again in shard 3/3")) << error;
    EXPECT_TRUE(contains(error, other)) << error;

    // Moved instead of copied: the hash rule says it is not shard 3's.
    const std::string home_text = read_file(home);
    Json moved = read_json(home);
    auto& inputs = moved["shard"]["inputs"];
    inputs.erase(std::find(inputs.begin(), inputs.end(), Json("a.jpg")));
    write_json(home, moved);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error,
                         "shard 3/3 lists input 'a.jpg', which the hash rule puts in "
                         "shard 2/3"))
        << error;

    // Listed nowhere: the shards no longer add up to the inputs found.
    write_json(other, other_meta);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "list 8 inputs together, not the 9 inputs they found")) << error;
    std::ofstream(home) << home_text;
    EXPECT_NO_THROW(merge_batch_shards({folders, root + "/out"}));
}

TEST(BatchMerge, RefusesAnInputWithoutRowsOrReason) {
    const std::string root = test::make_temp_dir("merge-rows");
    const std::vector<std::string> folders = write_fake_shards(root, 3);
    const std::string shard = folder_of(folders, "clip.mp4");
    const std::string faces = read_file(shard + "/faces.csv");
    const std::string meta_text = read_file(shard + "/metadata.json");

    // Its rows lost from faces.csv.
    std::string cut;
    for (size_t at = 0; at < faces.size();) {
        const size_t end = faces.find('\n', at) + 1;
        const std::string line = faces.substr(at, end - at);
        if (!contains(line, ",clip.mp4"))
            cut += line;
        at = end;
    }
    std::ofstream(shard + "/faces.csv", std::ios::binary) << cut;
    std::string error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "no rows of 'clip.mp4'")) << error;
    EXPECT_TRUE(contains(error, shard + "/faces.csv")) << error;
    EXPECT_FALSE(fs::exists(root + "/out/faces.csv"));
    std::error_code no_folder;  // the merge may not have made it
    for (const auto& entry : fs::directory_iterator(root + "/out", no_folder))
        EXPECT_FALSE(is_temporary_of(entry.path().filename().string(), "faces.csv"))
            << "left over: " << entry.path();

    // One row lost.
    std::string short_by_one = faces;
    short_by_one.erase(short_by_one.find("4,0,clip.mp4\n"), 13);
    std::ofstream(shard + "/faces.csv", std::ios::binary) << short_by_one;
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "4 rows of 'clip.mp4', its metadata.json counts 5")) << error;
    std::ofstream(shard + "/faces.csv", std::ios::binary) << faces;

    // Its result lost from metadata.json.
    Json meta = Json::parse(meta_text);
    auto& files = meta["files"];
    files.erase(std::find_if(files.begin(), files.end(),
                             [](const Json& f) { return f["input"] == "clip.mp4"; }));
    write_json(shard + "/metadata.json", meta);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "'clip.mp4'")) << error;
    EXPECT_TRUE(contains(error, "no result")) << error;

    // Failed without a reason.
    const std::string failed_shard = folder_of(folders, "broken.jpg");
    std::ofstream(shard + "/metadata.json") << meta_text;
    Json failed = read_json(failed_shard + "/metadata.json");
    for (auto& f : failed["files"])
        if (f["input"] == "broken.jpg")
            f["error"] = "";
    write_json(failed_shard + "/metadata.json", failed);
    error = error_of([&] { merge_batch_shards({folders, root + "/out"}); });
    EXPECT_TRUE(contains(error, "'broken.jpg' has neither results nor a reason")) << error;
}

TEST(BatchMerge, NeverWritesOverAShardOrAnotherJob) {
    const std::string root = test::make_temp_dir("merge-output");
    const std::vector<std::string> folders = write_fake_shards(root, 3);
    const std::string faces1 = read_file(folders[0] + "/faces.csv");
    std::string error = error_of([&] { merge_batch_shards({folders, folders[0]}); });
    EXPECT_TRUE(contains(error, "folder of shard 1/3")) << error;
    error = error_of([&] { merge_batch_shards({folders, folders[1] + "/../shard-1/"}); });
    EXPECT_TRUE(contains(error, "folder of shard 1/3")) << error;
    EXPECT_EQ(read_file(folders[0] + "/faces.csv"), faces1);

    // Another job's folder.
    const std::string job = root + "/job";
    fs::create_directories(job);
    std::ofstream(job + "/metadata.json") << "{\"format\": \"facellava-batch/1\"}\n";
    error = error_of([&] { merge_batch_shards({folders, job}); });
    EXPECT_TRUE(contains(error, "metadata.json of another job")) << error;
    fs::create_directories(root + "/job2/parts");
    error = error_of([&] { merge_batch_shards({folders, root + "/job2"}); });
    EXPECT_TRUE(contains(error, "holds a batch job")) << error;
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
