// `facellava batch` end to end on a folder with the six demo photos, a
// generated video and three broken files: faces.csv, errors.csv and
// metadata.json; a second run resumes; a run cancelled part-way, and a run
// killed with SIGKILL in a child process, are finished by a rerun into the
// same faces.csv, byte for byte, as an uninterrupted run; several threads
// give the same bytes; the CSV is the same under a German locale; shards
// 1/3, 2/3, 3/3 merged give the same faces.csv as one run, and a shard
// resumes in its own folder.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "facellava/core/atomic_file.h"
#include "facellava/core/csv.h"
#include "facellava/core/error.h"
#include "facellava/core/folder_lock.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"
#include "facellava/model/runtime.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/batch_merge.h"
#include "facellava/pipeline/shard.h"
#include "pipeline_locale.h"
#include "pipeline_test_data.h"

namespace facellava::pipeline {
namespace {
namespace fs = std::filesystem;
using test_data::batch_input_dir;
using test_data::default_models;

BatchOptions batch_options(const std::string& output_dir) {
    BatchOptions options;
    options.input = batch_input_dir();
    options.output_dir = output_dir;
    return options;
}

// The uninterrupted run everything else is compared with.
struct Reference {
    std::string dir;
    BatchResult result;
    std::string faces_csv;
};

const Reference& reference() {
    static const Reference ref = [] {
        Reference r;
        r.dir = test::make_temp_dir("batch-ref");
        r.result = run_batch(batch_options(r.dir), default_models());
        r.faces_csv = read_file(r.dir + "/faces.csv");
        return r;
    }();
    return ref;
}

std::vector<std::string> photo_names() {
    return {"sample1.jpg", "sample2.jpg", "sample3.jpg",
            "sample4.jpg", "sample5.jpg", "sample6.jpg"};
}

TEST(Batch, FolderGivesFacesErrorsAndMetadata) {
    const Reference& ref = reference();
    const BatchResult& result = ref.result;
    EXPECT_FALSE(result.cancelled);
    ASSERT_EQ(result.files.size(), 10u);
    EXPECT_EQ(result.analysed, 7u);
    EXPECT_EQ(result.failed, 3u);
    EXPECT_EQ(result.resumed, 0u);

    // faces.csv: rows for every good input, in input order.
    const CsvTable table = read_csv_file(ref.dir + "/faces.csv");
    EXPECT_EQ(int64_t(table.rows.size()), result.rows);
    const int input_col = table.column("input");
    const int success_col = table.column("success");
    const int frame_col = table.column("frame");
    const int id_col = table.column("face_id");
    ASSERT_GE(input_col, 0);
    std::vector<std::string> order;
    std::map<std::string, std::map<std::string, std::set<std::string>>> ids;  // input → frame → ids
    for (const auto& row : table.rows) {
        const std::string& input = row[size_t(input_col)];
        if (order.empty() || order.back() != input)
            order.push_back(input);
        if (row[size_t(success_col)] == "1")
            ids[input][row[size_t(frame_col)]].insert(row[size_t(id_col)]);
    }
    std::vector<std::string> expected_order = photo_names();
    expected_order.push_back("video.mp4");
    EXPECT_EQ(order, expected_order);
    for (const auto& photo : photo_names()) {
        ASSERT_EQ(ids[photo].size(), 1u) << photo;
        EXPECT_EQ(ids[photo].begin()->first, "0") << photo;
        EXPECT_FALSE(ids[photo]["0"].empty()) << photo << " has no face";
    }
    ASSERT_EQ(ids["video.mp4"].size(), size_t(test_data::kBatchVideoFrames));
    for (const auto& [frame, frame_ids] : ids["video.mp4"])
        EXPECT_EQ(frame_ids, ids["video.mp4"]["0"]) << "face ids changed at frame " << frame;

    // errors.csv: exactly the three broken files, each with what to do.
    const CsvTable errors = read_csv_file(ref.dir + "/errors.csv");
    EXPECT_EQ(errors.header, (std::vector<std::string>{"file", "error", "hint"}));
    ASSERT_EQ(errors.rows.size(), 3u);
    for (size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(errors.rows[i][0], test_data::broken_names()[i]);
        EXPECT_FALSE(errors.rows[i][1].empty());
        EXPECT_FALSE(errors.rows[i][2].empty()) << errors.rows[i][1];
    }

    // metadata.json: settings, every model file with its sha256, versions, timings.
    const auto meta = nlohmann::json::parse(read_file(ref.dir + "/metadata.json"));
    EXPECT_EQ(meta["status"], "complete");
    EXPECT_EQ(meta["settings"]["detector"], "faceapi");
    EXPECT_EQ(meta["settings"]["every_nth_frame"], 1);
    EXPECT_EQ(meta["counts"]["inputs"], 10);
    EXPECT_EQ(meta["counts"]["failed"], 3);
    EXPECT_EQ(meta["counts"]["rows"], result.rows);
    ASSERT_EQ(meta["models"].size(), 8u);
    for (const auto& model : meta["models"]) {
        EXPECT_EQ(model["sha256"].get<std::string>().size(), 64u) << model.dump();
        EXPECT_EQ(model["sha256"], sha256_file(model["path"].get<std::string>()));
    }
    for (const char* library : {"facellava", "face-api", "libtorch", "ffmpeg", "opencv", "dlib"})
        EXPECT_FALSE(meta["versions"][library].get<std::string>().empty()) << library;
    EXPECT_EQ(meta["timings"]["images_analysed"], 6);
    EXPECT_EQ(meta["timings"]["video_frames_analysed"], test_data::kBatchVideoFrames);
    EXPECT_GT(meta["timings"]["images_per_s"].get<double>(), 0.0);
    EXPECT_GT(meta["timings"]["frames_per_s"].get<double>(), 0.0);
    EXPECT_EQ(meta["columns"].size(), table.header.size());
    EXPECT_EQ(meta["files"].size(), 10u);
    std::cout << "[ batch    ] " << meta["timings"].dump() << "\n";
}

TEST(Batch, SecondRunResumesAndWritesTheSameFiles) {
    const Reference& ref = reference();
    const std::string dir = test::make_temp_dir("batch-resume");
    fs::copy(ref.dir, dir, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    const std::string errors_before = read_file(dir + "/errors.csv");
    const BatchResult again = run_batch(batch_options(dir), default_models());
    EXPECT_EQ(again.resumed, 7u);
    EXPECT_EQ(again.analysed, 0u);
    EXPECT_EQ(again.failed, 3u);  // failed inputs are tried again
    EXPECT_EQ(read_file(dir + "/faces.csv"), ref.faces_csv);
    EXPECT_EQ(read_file(dir + "/errors.csv"), errors_before);
    const auto meta = nlohmann::json::parse(read_file(dir + "/metadata.json"));
    EXPECT_EQ(meta["counts"]["resumed"], 7);
    EXPECT_EQ(meta["files"][3]["status"], "resumed");
}

TEST(Batch, ChangedInputIsAnalysedAgain) {
    const std::string in = test::make_temp_dir("batch-changed-in");
    const std::string out = test::make_temp_dir("batch-changed-out");
    fs::copy_file(batch_input_dir() + "/sample2.jpg", in + "/a.jpg");
    fs::copy_file(batch_input_dir() + "/sample4.jpg", in + "/b.jpg");
    BatchOptions options = batch_options(out);
    options.input = in;
    EXPECT_EQ(run_batch(options, default_models()).analysed, 2u);
    // Replace a.jpg with another photo: its size and mtime change.
    fs::copy_file(batch_input_dir() + "/sample6.jpg", in + "/a.jpg",
                  fs::copy_options::overwrite_existing);
    const BatchResult again = run_batch(options, default_models());
    EXPECT_EQ(again.analysed, 1u);
    EXPECT_EQ(again.resumed, 1u);
    EXPECT_EQ(again.files[0].status, FileStatus::Analysed);
}

TEST(Batch, CancelledRunIsFinishedByARerunIntoTheSameCsv) {
    const Reference& ref = reference();
    const std::string dir = test::make_temp_dir("batch-cancel");
    std::atomic<bool> cancel{false};
    BatchCallbacks callbacks;
    callbacks.cancel = &cancel;
    std::vector<double> fractions;
    callbacks.on_progress = [&](const BatchProgress& p) {
        fractions.push_back(p.fraction);
        if (p.files_done >= 5)  // three broken files and two photos
            cancel = true;
    };
    const BatchResult cut = run_batch(batch_options(dir), default_models(), callbacks);
    EXPECT_TRUE(cut.cancelled);
    EXPECT_FALSE(fs::exists(dir + "/faces.csv"));
    EXPECT_EQ(nlohmann::json::parse(read_file(dir + "/metadata.json"))["status"], "cancelled");
    EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));

    callbacks = {};
    std::vector<double> etas;
    callbacks.on_progress = [&](const BatchProgress& p) { etas.push_back(p.eta_s); };
    const BatchResult rest = run_batch(batch_options(dir), default_models(), callbacks);
    EXPECT_FALSE(rest.cancelled);
    EXPECT_EQ(rest.resumed, 2u);
    EXPECT_EQ(rest.analysed, 5u);
    EXPECT_EQ(read_file(dir + "/faces.csv"), ref.faces_csv);
    ASSERT_FALSE(etas.empty());
    EXPECT_GE(etas.back(), 0.0);
}

// The child of the kill test: runs the batch with a pause on every video
// frame so the parent can kill it while the video is in flight.
TEST(BatchKillChild, DISABLED_RunUntilKilled) {
    const std::string out = env_or("FACELLAVA_BATCH_CHILD_OUT", "");
    const std::string in = env_or("FACELLAVA_BATCH_CHILD_IN", "");
    if (out.empty() || in.empty())
        GTEST_SKIP() << "run by Batch.KilledRunIsFinishedByARerunIntoTheSameCsv only";
    BatchOptions options;
    options.input = in;  // the parent's inputs: same files, same mtimes
    options.output_dir = out;
    BatchCallbacks callbacks;
    callbacks.on_progress = [](const BatchProgress& p) {
        if (p.current == "video.mp4")
            std::this_thread::sleep_for(std::chrono::milliseconds(150));
    };
    run_batch(options, default_models(), callbacks);
}

std::string part_marker(const std::string& dir, const std::string& relative) {
    return dir + "/parts/" + sha256_hex(relative.data(), relative.size()).substr(0, 16) + ".json";
}

TEST(Batch, KilledRunIsFinishedByARerunIntoTheSameCsv) {
    const Reference& ref = reference();
    const std::string dir = test::make_temp_dir("batch-kill");
    // Everything the child needs is prepared before fork(): between fork and
    // exec only async-signal-safe calls are allowed (no malloc, no setenv).
    std::vector<std::string> env_strings = {"FACELLAVA_BATCH_CHILD_OUT=" + dir,
                                            "FACELLAVA_BATCH_CHILD_IN=" + batch_input_dir()};
    for (char** e = environ; *e; ++e)
        env_strings.emplace_back(*e);
    std::vector<char*> envp;
    for (auto& e : env_strings)
        envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string self = fs::read_symlink("/proc/self/exe").string();
    std::string filter = "--gtest_filter=BatchKillChild.DISABLED_RunUntilKilled";
    std::string disabled = "--gtest_also_run_disabled_tests";
    char* argv[] = {self.data(), filter.data(), disabled.data(), nullptr};
    const pid_t child = fork();
    ASSERT_GE(child, 0) << "fork failed";
    if (child == 0) {
        execve(self.c_str(), argv, envp.data());
        _exit(127);
    }
    // Kill it once every photo is finished and the video is in flight.
    bool ready = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    while (!ready && std::chrono::steady_clock::now() < deadline) {
        ready = fs::exists(part_marker(dir, "sample6.jpg"));
        int status = 0;
        if (waitpid(child, &status, WNOHANG) == child)
            FAIL() << "the child batch ended before it could be killed (status " << status << ")";
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ASSERT_TRUE(ready) << "the child batch did not finish the photos in time";
    std::this_thread::sleep_for(std::chrono::milliseconds(400));  // a few video frames
    kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child was not killed mid-run (status " << status << ")";
    EXPECT_FALSE(fs::exists(dir + "/faces.csv"));
    EXPECT_FALSE(fs::exists(part_marker(dir, "video.mp4")));
    const std::string marker = part_marker(dir, "video.mp4");
    const std::string video_csv =
        fs::path(marker.substr(0, marker.size() - 5) + ".csv").filename().string();
    bool in_flight = false;  // its rows' temporary file (core/atomic_file.h) is left over
    for (const auto& entry : fs::directory_iterator(dir + "/parts"))
        in_flight = in_flight || is_temporary_of(entry.path().filename().string(), video_csv);
    EXPECT_TRUE(in_flight) << "the video was not in flight when the child was killed";

    const BatchResult rest = run_batch(batch_options(dir), default_models());
    EXPECT_EQ(rest.resumed, 6u);
    EXPECT_EQ(rest.analysed, 1u);
    EXPECT_EQ(read_file(dir + "/faces.csv"), ref.faces_csv);
    for (const auto& entry : fs::directory_iterator(dir + "/parts"))
        EXPECT_NE(entry.path().extension(), ".tmp") << entry.path();
}

TEST(Batch, SeveralThreadsWriteTheSameBytes) {
    const std::string dir = test::make_temp_dir("batch-threads");
    BatchOptions options = batch_options(dir);
    options.threads = 3;
    const BatchResult result = run_batch(options, default_models());
    EXPECT_EQ(result.analysed, 7u);
    EXPECT_EQ(read_file(dir + "/faces.csv"), reference().faces_csv);
}

TEST(Batch, AutoThreadsTakePhotosTogetherThenEachVideoAcrossTheWorkers) {
    const std::string dir = test::make_temp_dir("batch-auto");
    BatchOptions options = batch_options(dir);
    options.threads = 0;
    options.analysis.frame_workers = 2;  // two slots on any machine
    size_t most_photos_at_once = 0;
    bool video_alone_after_the_photos = false, video_seen = false;
    // OpenBLAS's own pool (a thread per core unless told otherwise) must not
    // run beside the files at once: its threads would take their cores.
    const int blas_before = model::blas_threads();  // 0: LibTorch without OpenBLAS
    int most_blas_threads_with_files_at_once = 0;
    BatchCallbacks callbacks;
    callbacks.on_progress = [&](const BatchProgress& p) {
        if (p.files_in_flight > 1)
            most_blas_threads_with_files_at_once =
                std::max(most_blas_threads_with_files_at_once, model::blas_threads());
        if (p.current == "video.mp4") {
            video_seen = true;
            // Every other input (photos, and a broken one named .png) is done.
            video_alone_after_the_photos =
                p.files_in_flight == 1 && p.files_done + 1 == p.files_total;
        } else if (!p.current.empty() && !video_seen) {
            most_photos_at_once = std::max(most_photos_at_once, p.files_in_flight);
        }
    };
    const BatchResult result = run_batch(options, default_models(), callbacks);
    EXPECT_EQ(result.analysed, 7u);
    EXPECT_EQ(most_photos_at_once, 2u);
    EXPECT_TRUE(video_seen);
    EXPECT_TRUE(video_alone_after_the_photos);
    EXPECT_EQ(read_file(dir + "/faces.csv"), reference().faces_csv);
    if (blas_before > 1) {
        EXPECT_EQ(most_blas_threads_with_files_at_once, 1);
    }
    EXPECT_EQ(model::blas_threads(), blas_before) << "restored when the files at once are done";
    options.threads = -1;
    EXPECT_THROW(run_batch(options, default_models()), Error);
}

TEST(Batch, ShardsMergeIntoTheSameCsvAsOneRun) {
    const Reference& ref = reference();
    const std::string root = test::make_temp_dir("batch-shards");
    std::vector<std::string> folders;
    std::multiset<std::string> taken;
    for (int k = 1; k <= 3; ++k) {
        BatchOptions options = batch_options(root + "/shard-" + std::to_string(k));
        options.shard = {k, 3};
        const BatchResult result = run_batch(options, default_models());
        EXPECT_FALSE(result.cancelled);
        EXPECT_FALSE(result.files.empty()) << "the ten names split 4/3/3";
        for (const auto& file : result.files) {
            taken.insert(file.input.relative);
            EXPECT_EQ(shard_of(file.input.relative, 3), k) << file.input.relative;
        }
        const auto meta = nlohmann::json::parse(read_file(options.output_dir + "/metadata.json"));
        EXPECT_EQ(meta["shard"]["index"], k);
        EXPECT_EQ(meta["shard"]["count"], 3);
        EXPECT_EQ(meta["shard"]["hash"], kShardHashRule);
        EXPECT_EQ(meta["shard"]["inputs_found"], 10);
        EXPECT_EQ(meta["shard"]["inputs"].size(), result.files.size());
        folders.push_back(options.output_dir);
    }
    std::multiset<std::string> all;
    for (const auto& file : ref.result.files)
        all.insert(file.input.relative);
    EXPECT_EQ(taken, all) << "every input in exactly one shard";

    const MergeResult merged = merge_batch_shards({folders, root + "/merged"});
    EXPECT_EQ(merged.inputs, 10u);
    EXPECT_EQ(merged.failed, 3u);
    EXPECT_EQ(merged.rows, ref.result.rows);
    // The same row set as one unsharded run…
    const CsvTable mine = read_csv_file(merged.faces_csv);
    const CsvTable theirs = read_csv_file(ref.dir + "/faces.csv");
    EXPECT_EQ(mine.header, theirs.header);
    EXPECT_EQ(std::multiset<std::vector<std::string>>(mine.rows.begin(), mine.rows.end()),
              std::multiset<std::vector<std::string>>(theirs.rows.begin(), theirs.rows.end()));
    // …and in fact the same bytes, errors.csv too.
    EXPECT_EQ(read_file(merged.faces_csv), ref.faces_csv);
    EXPECT_EQ(read_file(merged.errors_csv), read_file(ref.dir + "/errors.csv"));
    const auto meta = nlohmann::json::parse(read_file(merged.metadata_json));
    const auto ref_meta = nlohmann::json::parse(read_file(ref.dir + "/metadata.json"));
    for (const char* count : {"inputs", "analysed", "failed", "rows", "faces"})
        EXPECT_EQ(meta["counts"][count], ref_meta["counts"][count]) << count;
    EXPECT_EQ(meta["settings"], ref_meta["settings"]);
    EXPECT_EQ(meta["columns"], ref_meta["columns"]);
    ASSERT_EQ(meta["files"].size(), ref_meta["files"].size());
    for (size_t i = 0; i < meta["files"].size(); ++i) {
        EXPECT_EQ(meta["files"][i]["input"], ref_meta["files"][i]["input"]);
        EXPECT_EQ(meta["files"][i]["status"], ref_meta["files"][i]["status"]);
        EXPECT_EQ(meta["files"][i].value("rows", -1), ref_meta["files"][i].value("rows", -1));
    }
    EXPECT_EQ(meta["merged_from"]["shards"].size(), 3u);
}

TEST(Batch, ShardResumesInItsFolderAndRefusesAnotherJobThere) {
    const std::string dir = test::make_temp_dir("batch-shard-resume");
    BatchOptions options = batch_options(dir);
    options.shard = {2, 3};
    const BatchResult first = run_batch(options, default_models());
    const std::string faces = read_file(dir + "/faces.csv");
    const BatchResult again = run_batch(options, default_models());
    EXPECT_EQ(again.files.size(), first.files.size());
    EXPECT_EQ(again.analysed, 0u);
    EXPECT_EQ(again.resumed, first.analysed);
    EXPECT_EQ(again.failed, first.failed);
    EXPECT_EQ(read_file(dir + "/faces.csv"), faces);

    options.shard = {1, 3};
    try {
        run_batch(options, default_models());
        FAIL() << "shard 1/3 resumed the folder of shard 2/3";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("shard.index"), std::string::npos) << e.what();
    }
    options.shard = {};
    EXPECT_THROW(run_batch(options, default_models()), Error) << "an unsharded run resumed it";
    EXPECT_EQ(read_file(dir + "/faces.csv"), faces);
}

TEST(Batch, OtherSettingsDoNotResumeUnlessRestarted) {
    const std::string dir = test::make_temp_dir("batch-settings");
    BatchOptions options = batch_options(dir);
    options.discovery.globs = {"sample2.jpg"};
    run_batch(options, default_models());
    options.analysis.max_faces = 1;
    try {
        run_batch(options, default_models());
        FAIL() << "resumed a job made with other settings";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("settings.max_faces"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("--restart"), std::string::npos) << e.what();
    }
    options.restart = true;
    const BatchResult restarted = run_batch(options, default_models());
    EXPECT_EQ(restarted.analysed, 1u);
    EXPECT_EQ(restarted.resumed, 0u);
}

TEST(Batch, CsvIsTheSameUnderAGermanLocale) {
    const Reference& ref = reference();
    const std::string dir = test::make_temp_dir("batch-locale");
    BatchOptions options = batch_options(dir);
    options.discovery.globs = {"sample3.jpg"};
    test_locale::GermanNumbers german;
    if (!german.active())
        GTEST_SKIP() << german.why();
    run_batch(options, default_models());
    // The rows of sample3.jpg, cut out of the reference.
    const std::string& all = ref.faces_csv;
    std::string expected = all.substr(0, all.find('\n') + 1);
    for (size_t at = 0; (at = all.find(",sample3.jpg\n", at)) != std::string::npos; ++at) {
        const size_t begin = all.rfind('\n', at) + 1;
        expected += all.substr(begin, at + 13 - begin);
    }
    EXPECT_EQ(read_file(dir + "/faces.csv"), expected);
    const auto meta = nlohmann::json::parse(read_file(dir + "/metadata.json"));
    EXPECT_DOUBLE_EQ(meta["settings"]["min_confidence"].get<double>(), 0.5);
}

TEST(Batch, JobLevelProblemsThrowErrorsNamingThePath) {
    BatchOptions options = batch_options(test::make_temp_dir("batch-errors"));
    options.input = "/nonexistent/folder";
    EXPECT_THROW(run_batch(options, default_models()), Error);
    options = batch_options("/proc/not-writable");
    try {
        run_batch(options, default_models());
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("/proc/not-writable"), std::string::npos) << e.what();
    }
}

TEST(Batch, SecondRunInTheSameOutputFolderIsRefused) {
    const std::string dir = test::make_temp_dir("batch-one-writer");
    // What a run in another process holds while it writes the folder.
    const FolderLock running(dir, "parts/.lock", "busy", "wait");
    try {
        run_batch(batch_options(dir), default_models());
        FAIL() << "a second batch run wrote a locked output folder";
    } catch (const Error& e) {
        EXPECT_EQ(e.brief(), "another facellava batch run is writing to this output folder");
        EXPECT_EQ(e.path(), dir);
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/faces.csv"));
}

// Peak memory over a long video, for the record (run by hand):
//   facellava_model_tests --gtest_also_run_disabled_tests --gtest_filter='*LongVideo*'
long resident_kib(const char* field) {
    std::string status = read_file("/proc/self/status");
    const size_t at = status.find(field);
    return at == std::string::npos ? -1 : std::atol(status.c_str() + at + std::strlen(field) + 1);
}

TEST(BatchMemory, DISABLED_LongVideoStaysFlat) {
    const std::string in = test::make_temp_dir("batch-long-in");
    const int frames = std::atoi(env_or("FACELLAVA_LONG_VIDEO_FRAMES", "600").c_str());
    test_data::write_pan_video(in + "/long.mp4", frames);
    const std::string out = test::make_temp_dir("batch-long-out");
    BatchOptions options;
    options.input = in;
    options.output_dir = out;
    default_models();
    std::vector<std::pair<int64_t, long>> rss;  // frames done → VmRSS KiB
    BatchCallbacks callbacks;
    callbacks.on_progress = [&](const BatchProgress& p) {
        if (p.frames_analysed % 50 == 0)
            rss.push_back({p.frames_analysed, resident_kib("VmRSS")});
    };
    const auto start = std::chrono::steady_clock::now();
    const BatchResult result = run_batch(options, default_models(), callbacks);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(result.analysed, 1u);
    for (const auto& [done, kib] : rss)
        std::cout << "[ memory   ] frame " << done << ": VmRSS " << kib / 1024 << " MiB\n";
    std::cout << "[ memory   ] " << frames << " frames of " << test_data::kVideoWidth << "x"
              << test_data::kVideoHeight << " in " << seconds << " s (" << double(frames) / seconds
              << " frames/s), " << result.rows << " rows; peak VmHWM "
              << resident_kib("VmHWM") / 1024 << " MiB\n";
    ASSERT_GE(rss.size(), 4u);
    // Flat: the second half of the video adds (almost) nothing.
    const long middle = rss[rss.size() / 2].second;
    EXPECT_LT(rss.back().second - middle, 32 * 1024) << "resident memory grew along the video";
}

}  // namespace
}  // namespace facellava::pipeline

#endif  // FACELLAVA_HAVE_MEDIA
