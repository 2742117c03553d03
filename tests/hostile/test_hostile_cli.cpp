// The bad-input catalogue against the `facellava` binary: analyze, batch,
// chat and train as child processes. Each bad file gives exit code 1 and a
// message on stderr naming it; nothing half-written is left behind (analyze's
// stdout stays empty, batch's folder holds only whole files).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bad_input_catalogue.h"
#include "facellava/core/paths.h"
#include "test_support.h"

namespace facellava::hostile {
namespace {

namespace fs = std::filesystem;

const Catalogue& catalogue() {
    static const Catalogue c = build_catalogue(test::make_temp_dir("hostile-cli"));
    return c;
}

struct RunResult {
    int exit_code = -1;  // -1: killed by a signal or timed out
    std::string out;
    std::string err;
};

// Runs the CLI with `args`, stdout and stderr captured; killed after 60 s.
RunResult run_cli(const std::vector<std::string>& args) {
    static int counter = 0;
    const std::string dir = test::make_temp_dir("hostile-run-" + std::to_string(counter++));
    const std::string out_path = dir + "/out";
    const std::string err_path = dir + "/err";
    std::vector<std::string> argv_storage{FACELLAVA_CLI_BINARY};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const pid_t child = fork();
    if (child == 0) {
        const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(out, 1);
        dup2(err, 2);
        setenv("FACELLAVA_FFMPEG_LOGLEVEL", "quiet", 1);
        execv(argv[0], argv.data());
        _exit(127);
    }
    RunResult result;
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (waitpid(child, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            kill(child, SIGKILL);
            waitpid(child, &status, 0);
            ADD_FAILURE() << "timed out: facellava " << args.front();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (WIFEXITED(status))
        result.exit_code = WEXITSTATUS(status);
    result.out = read_bytes(out_path);
    result.err = read_bytes(err_path);
    return result;
}

bool mentions(const std::string& text, const std::string& what) {
    return text.find(what) != std::string::npos;
}

#ifdef FACELLAVA_HAVE_MEDIA

// Every file below `dir` (relative paths), to look for leftovers.
std::vector<std::string> files_below(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        if (e.is_regular_file())
            out.push_back(fs::relative(e.path(), dir).string());
    return out;
}

// One file per distinct way of failing (every file goes through batch below,
// whose models load once; a process per file would cost a second each).
TEST(HostileCli, AnalyzeRefusesBadMediaNamingItWithEmptyStdout) {
    for (const char* name :
         {"jpeg_truncated", "png_zero_bytes", "png_absurd_dimensions", "jpeg_bitflipped",
          "mp4_truncated", "mp4_index_lies", "avi_header_only", "video_no_video_stream",
          "bad_image_non_utf8_name", "video_vfr", "video_rotated_90"}) {
        const CatalogueEntry& entry = catalogue().at(name);
        SCOPED_TRACE(entry.name + " (" + entry.note + ")");
        const RunResult r = run_cli({"analyze", "--quiet", entry.path});
        ASSERT_NE(r.exit_code, -1) << "crashed: " << r.err;
        if (r.exit_code == 0) {
            EXPECT_NE(entry.outcome, Outcome::Refused) << "accepted";
            EXPECT_NE(entry.outcome, Outcome::RefusedTooLarge) << "accepted";
            // A whole JSON document, never half of one.
            const auto doc = nlohmann::json::parse(r.out, nullptr, false);
            ASSERT_FALSE(doc.is_discarded()) << r.out.substr(0, 300);
            const auto& summary = doc.at("summary");
            if (entry.name == "video_rotated_90") {
                EXPECT_EQ(summary.at("width"), kGoodHeight);
                EXPECT_EQ(summary.at("height"), kGoodWidth);
            }
            if (entry.name == "video_vfr") {
                ASSERT_EQ(doc.at("frames").size(), size_t(kVideoFrames));
                for (int k = 0; k < kVideoFrames; ++k)
                    EXPECT_NEAR(doc["frames"][size_t(k)].at("timestamp").get<double>(),
                                vfr_time_ms(k) / 1000.0, 0.0015);
            }
            continue;
        }
        EXPECT_NE(entry.outcome, Outcome::Decodes) << r.err;
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_TRUE(mentions(r.err, entry.path)) << r.err;
        EXPECT_TRUE(r.out.empty()) << "half a document on stdout: " << r.out.substr(0, 200);
        if (entry.outcome == Outcome::RefusedTooLarge) {
            EXPECT_TRUE(mentions(r.err, "too large")) << r.err;
        }
    }
}

TEST(HostileCli, BatchReportsEveryBadFileByNameAndFinishesTheRest) {
    const std::string input = test::make_temp_dir("hostile-batch-in");
    const std::string output = test::make_temp_dir("hostile-batch-out") + "/job";
    for (const auto& entry : catalogue().media())
        fs::copy_file(entry.path, input + "/" + fs::path(entry.path).filename().string());
    const RunResult r = run_cli({"batch", "--quiet", "--every", "8", input, "-o", output});
    ASSERT_EQ(r.exit_code, 3) << r.err;  // finished, some inputs failed (kExitPartial)
    const std::string errors = read_bytes(output + "/errors.csv");
    const auto metadata = nlohmann::json::parse(read_bytes(output + "/metadata.json"));
    std::map<std::string, std::string> status;
    for (const auto& file : metadata.at("files"))
        status[file.at("input").get<std::string>()] = file.at("status").get<std::string>();
    for (const auto& entry : catalogue().media()) {
        SCOPED_TRACE(entry.name);
        const std::string name = fs::path(entry.path).filename().string();
        if (entry.outcome == Outcome::Refused || entry.outcome == Outcome::RefusedTooLarge) {
            // errors.csv holds the file name as it is on disk.
            EXPECT_TRUE(mentions(errors, name)) << errors;
            EXPECT_FALSE(mentions(errors, "unexpected error")) << errors;
        }
        if (entry.outcome == Outcome::Decodes && mentions(name, "non_utf8") == false) {
            EXPECT_EQ(status[name], "analysed")
                << metadata.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    }
    EXPECT_EQ(metadata.at("files").size(), catalogue().media().size());
    for (const auto& file : files_below(output))
        EXPECT_NE(fs::path(file).extension(), ".tmp") << "left over: " << file;
}

TEST(HostileCli, NonUtf8FileNamesAreAnalysedAndReported) {
    const auto& good = catalogue().at("image_non_utf8_name");
    const RunResult a = run_cli({"analyze", "--quiet", good.path});
    ASSERT_EQ(a.exit_code, 0) << a.err;
    EXPECT_FALSE(nlohmann::json::parse(a.out, nullptr, false).is_discarded()) << a.out;

    const std::string input = test::make_temp_dir("hostile-utf8-in");
    const std::string output = test::make_temp_dir("hostile-utf8-out") + "/job";
    const std::string good_name = fs::path(good.path).filename().string();
    const std::string bad_name =
        fs::path(catalogue().at("bad_image_non_utf8_name").path).filename().string();
    fs::copy_file(good.path, input + "/" + good_name);
    fs::copy_file(catalogue().at("bad_image_non_utf8_name").path, input + "/" + bad_name);
    const RunResult b = run_cli({"batch", "--quiet", input, "-o", output});
    ASSERT_EQ(b.exit_code, 3) << b.err;  // the bad file failed (kExitPartial)
    const std::string errors = read_bytes(output + "/errors.csv");
    EXPECT_TRUE(mentions(errors, bad_name)) << errors;
    EXPECT_FALSE(mentions(errors, good_name)) << errors;
    EXPECT_FALSE(mentions(errors, "unexpected")) << errors;
    const auto metadata = nlohmann::json::parse(read_bytes(output + "/metadata.json"));
    EXPECT_EQ(metadata.at("files").size(), 2u);
    // A second run resumes: the finished part is recognised, not redone.
    const RunResult again = run_cli({"batch", input, "-o", output});
    ASSERT_EQ(again.exit_code, 3) << again.err;  // the bad file is tried again, and fails
    EXPECT_TRUE(mentions(again.err, "1 done before")) << again.err;
}

TEST(HostileCli, BatchIntoAReadOnlyFolderFailsNamingIt) {
    const std::string input = test::make_temp_dir("hostile-ro-in");
    fs::copy_file(catalogue().good_jpeg, input + "/good.jpg");
    // root ignores permission bits: then a folder of procfs, which no one may
    // create files in, stands in for the read-only folder.
    std::string output;
    if (geteuid() != 0) {
        output = test::make_temp_dir("hostile-ro-out");
        ASSERT_EQ(chmod(output.c_str(), 0555), 0);
    } else {
        output = "/proc/self/fdinfo";
    }
    const RunResult r = run_cli({"batch", "--quiet", input, "-o", output});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(mentions(r.err, output)) << r.err;
    EXPECT_FALSE(mentions(r.err, "unexpected error")) << r.err;
    if (geteuid() != 0) {
        EXPECT_TRUE(files_below(output).empty());
        chmod(output.c_str(), 0755);
    }
}

#ifdef FACELLAVA_HAVE_SPM
TEST(HostileCli, ChatRefusesBadMediaAndLandmarksNamingThem) {
    for (const char* name : {"jpeg_truncated", "png_absurd_dimensions"}) {
        const auto& entry = catalogue().at(name);
        const RunResult r = run_cli({"chat", "--image", entry.path, "--landmarks", "none",
                                     "--device", "cpu", "--max-tokens", "2", "hi"});
        EXPECT_EQ(r.exit_code, 1) << name << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, entry.path)) << name << ": " << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    for (const char* name : {"video_no_video_stream"}) {
        const auto& entry = catalogue().at(name);
        const RunResult r =
            run_cli({"chat", "--video", entry.path, "--device", "cpu", "--max-tokens", "2", "hi"});
        EXPECT_EQ(r.exit_code, 1) << name << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, entry.path)) << name << ": " << r.err;
    }
    for (const char* name : {"npy_fortran_order"}) {
        const auto& entry = catalogue().at(name);
        const RunResult r = run_cli({"chat", "--image", catalogue().good_jpeg, "--landmarks",
                                     entry.path, "--device", "cpu", "--max-tokens", "2", "hi"});
        EXPECT_EQ(r.exit_code, 1) << name << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, entry.path)) << name << ": " << r.err;
    }
}
#endif

#endif  // FACELLAVA_HAVE_MEDIA

#ifdef FACELLAVA_HAVE_SPM
// The demo checkpoint shipped in resources/ (config.json, tokenizer.model,
// model.safetensors): a copy with hostile weights must be refused naming the
// weights file, before anything is written to the output folder.
TEST(HostileCli, TrainRefusesBadDataAndWeightsNamingThem) {
    const std::string nano = test::source_dir() + "/resources/models/facellava-nano";
    ASSERT_TRUE(fs::exists(nano + "/model.safetensors")) << nano;
    const std::string work = test::make_temp_dir("hostile-train");
    for (const auto& entry : catalogue().of_kind(InputKind::FaceInstruct)) {
        SCOPED_TRACE(entry.name);
        const RunResult r =
            run_cli({"train", "--dry-run", "--checkpoint", nano, "--train-files", entry.path,
                     "--image-root", catalogue().dir, "--output-dir", work + "/dry"});
        EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
        EXPECT_TRUE(mentions(r.err, entry.path)) << r.err;
        EXPECT_FALSE(mentions(r.err, "unexpected error")) << r.err;
    }
    // Good data, hostile weights.
    const std::string data = work + "/good.json";
    write_bytes(data,
                "[{\"image\": \"good.jpg\", \"conversations\": [{\"from\": \"human\", "
                "\"value\": \"<image>\\nWhat is the expression?\"}, {\"from\": \"gpt\", "
                "\"value\": \"Happy.\"}]}]");
    for (const char* name : {"st_header_length_past_end", "st_overlapping_offsets"}) {
        SCOPED_TRACE(name);
        const std::string checkpoint = work + "/" + name;
        fs::create_directories(checkpoint);
        for (const char* file : {"config.json", "tokenizer.model"})
            fs::copy_file(nano + "/" + file, checkpoint + "/" + file);
        fs::copy_file(catalogue().at(name).path, checkpoint + "/model.safetensors");
        const std::string output = work + "/out-" + name;
        const RunResult r =
            run_cli({"train", "--checkpoint", checkpoint, "--train-files", data, "--image-root",
                     catalogue().dir, "--check-media", "false", "--max-steps", "1", "--device",
                     "cpu", "--output-dir", output});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_TRUE(mentions(r.err, checkpoint + "/model.safetensors")) << r.err;
        EXPECT_FALSE(fs::exists(output + "/final")) << "a final model from bad weights";
        EXPECT_FALSE(fs::exists(output + "/checkpoints")) << "a checkpoint from bad weights";
    }
}
#endif

}  // namespace
}  // namespace facellava::hostile
