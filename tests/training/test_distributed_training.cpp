// Data-parallel training across processes on the CPU (Gloo over loopback),
// on the tiny fixture model: two ranks × batch 2 train like one process with
// batch 4 (losses and final weights within 1e-5); a rank that dies makes the
// other stop with a clear error in bounded time, and the run resumes from its
// last checkpoint with another world size; the gradient all-reduce overlapped
// with backward trains like the one after it; `facellava train --nproc 2` runs
// and forwards Ctrl-C. Ranks are this test binary re-executed
// (DistChild.DISABLED_Rank) or the facellava binary.
// Needs real images (media build) and the tokenizer (SentencePiece shim).
#include <gtest/gtest.h>

#include <ATen/Parallel.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <csignal>
#include <thread>

#include "distributed/c10d_adapter.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/training/local_launch.h"
#include "facellava/training/training.h"
#include "io/safetensors.h"
#include "test_support.h"
#include "trainer/checkpoint_io.h"
#include "training_test_data.h"

#if defined(FACELLAVA_HAVE_MEDIA) && defined(FACELLAVA_HAVE_SPM)

extern char** environ;

namespace facellava::training {
namespace {

namespace fs = std::filesystem;

constexpr const char* kChildConfig = "FACELLAVA_DIST_CHILD_CONFIG";
constexpr const char* kChildDieRank = "FACELLAVA_DIST_CHILD_DIE_RANK";
constexpr const char* kChildDieStep = "FACELLAVA_DIST_CHILD_DIE_STEP";

std::atomic<bool> g_child_stop{false};
extern "C" void on_child_stop(int) {
    g_child_stop.store(true);
}

// One rank: trains the config named by the environment; rank DIE_RANK kills
// itself (SIGKILL) when it has done step DIE_STEP. Handles SIGTERM/SIGINT as
// `facellava train` does.
TEST(DistChild, DISABLED_Rank) {
    const char* config_path = std::getenv(kChildConfig);
    if (config_path == nullptr)
        GTEST_SKIP() << "run as a child of the DistTraining tests only";
    at::set_num_threads(1);
    std::signal(SIGINT, on_child_stop);
    std::signal(SIGTERM, on_child_stop);
    const int rank = std::atoi(std::getenv("RANK"));
    const char* die_rank = std::getenv(kChildDieRank);
    const int64_t die_step =
        std::getenv(kChildDieStep) ? std::atoll(std::getenv(kChildDieStep)) : -1;
    const bool dies = die_rank != nullptr && std::atoi(die_rank) == rank;
    TrainCallbacks cb;
    cb.cancel = &g_child_stop;
    cb.on_log = [](const std::string& line) {
        std::fprintf(stderr, "%s\n", line.c_str());
        std::fflush(stderr);
    };
    cb.on_progress = [&](const TrainProgress& p) {
        if (dies && p.phase == TrainProgress::Phase::Training && p.step == die_step)
            std::raise(SIGKILL);
    };
    try {
        run_training(load_train_config(config_path), cb);
    } catch (const Error& e) {
        std::fprintf(stderr, "rank %d: error: %s\n", rank, e.what());
        std::fflush(stderr);
        std::_Exit(1);
    }
}

struct TinyRun {
    std::string root;
    std::string checkpoint;
    std::string data;
};

const TinyRun& tiny_run() {
    static const TinyRun run = [] {
        TinyRun r;
        r.root = test::make_temp_dir("dist");
        r.checkpoint = testdata::make_tiny_checkpoint(r.root);
        r.data = testdata::make_dataset(r.root + "/data", "mixed_emotion", 8);
        return r;
    }();
    return run;
}

// 8 samples, global batch 4: two steps per epoch, 6 steps = 3 epochs.
TrainConfig config(const std::string& out, int64_t batch_size) {
    const TinyRun& r = tiny_run();
    TrainConfig c;
    c.model.checkpoint = r.checkpoint;
    c.model.device = "cpu";
    c.data.train_files = {r.data};
    c.data.image_root = r.root + "/data/images";
    c.data.video_root = r.root + "/data/videos";
    c.data.num_workers = 1;
    c.stage = TrainStage::Full;
    c.optim.batch_size = batch_size;
    c.optim.learning_rate = 1e-3;
    c.optim.warmup_steps = 1;
    c.optim.max_steps = 6;
    c.optim.max_grad_norm = 1.0;
    c.checkpoint.output_dir = r.root + "/" + out;
    c.checkpoint.save_every = 2;
    c.checkpoint.keep_last = 0;
    c.checkpoint.save_final_model = false;
    c.cpu_threads = 1;
    c.seed = 99;
    c.dist.timeout_s = 60;
    return c;
}

std::map<int64_t, double> logged_losses(const std::string& output_dir) {
    std::map<int64_t, double> losses;
    std::ifstream in(output_dir + "/metrics.jsonl");
    std::string line;
    while (std::getline(in, line)) {
        const auto j = nlohmann::json::parse(line);
        if (j.contains("loss"))
            losses[j["step"].get<int64_t>()] = j["loss"].get<double>();
    }
    return losses;
}

double max_weight_diff(const std::string& a_dir, const std::string& b_dir, int64_t step) {
    const std::string name =
        "/checkpoints/" + checkpoint_folder_name(step) + "/trainable.safetensors";
    io::SafetensorsFile a(a_dir + name), b(b_dir + name);
    EXPECT_EQ(a.entries().size(), b.entries().size());
    double diff = 0;
    for (const auto& e : a.entries()) {
        const auto ta = a.tensor(e.name, torch::kFloat32);
        const auto tb = b.tensor(e.name, torch::kFloat32);
        diff = std::max(diff, (ta - tb).abs().max().item<double>());
    }
    return diff;
}

double max_loss_diff(const std::map<int64_t, double>& a, const std::map<int64_t, double>& b,
                     int64_t from, int64_t to) {
    double diff = 0;
    for (int64_t s = from; s <= to; ++s) {
        EXPECT_TRUE(a.count(s) && b.count(s)) << "step " << s;
        if (a.count(s) && b.count(s))
            diff = std::max(diff, std::fabs(a.at(s) - b.at(s)));
    }
    return diff;
}

// Ranks of this test binary on `cfg`, with their output in <output_dir>/ranks.
LocalLaunchResult launch_children(const TrainConfig& cfg, int nproc,
                                  std::vector<std::pair<std::string, std::string>> env = {},
                                  double grace_s = 20) {
    const std::string path = cfg.checkpoint.output_dir + ".json";
    save_train_config(cfg, path);
    LocalLaunchOptions o;
    o.executable = fs::read_symlink("/proc/self/exe").string();
    o.args = {"--gtest_filter=DistChild.DISABLED_Rank", "--gtest_also_run_disabled_tests"};
    o.nproc = nproc;
    o.extra_env = std::move(env);
    o.extra_env.emplace_back(kChildConfig, path);
    o.output_dir = cfg.checkpoint.output_dir + "/ranks";
    o.kill_grace_s = grace_s;
    return run_local_ranks(o);
}

class DistTraining : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!c10d_has_backend(CommBackend::Gloo))
            FAIL() << "built without the c10d Gloo backend: install libgloo-dev and re-run cmake";
        at::set_num_threads(1);
    }
};

// The single-process reference: batch 4, run once for the tests below.
const std::string& reference_run() {
    static const std::string out = [] {
        const TrainConfig c = config("reference", 4);
        run_training(c);
        return c.checkpoint.output_dir;
    }();
    return out;
}

TEST_F(DistTraining, TwoRanksTrainLikeOneProcessWithTheSameGlobalBatch) {
    const std::string single = reference_run();
    const TrainConfig two = config("two_ranks", 2);
    const auto result = launch_children(two, 2);
    ASSERT_EQ(result.exit_code, 0) << result.message << "\n"
                                   << read_file(two.checkpoint.output_dir + "/ranks/rank-0.log")
                                   << read_file(two.checkpoint.output_dir + "/ranks/rank-1.log");
    const auto a = logged_losses(single);
    const auto b = logged_losses(two.checkpoint.output_dir);
    ASSERT_EQ(a.size(), 6u);
    ASSERT_EQ(b.size(), 6u) << "rank 0 alone writes metrics.jsonl, one line per step";
    const double loss_diff = max_loss_diff(a, b, 1, 6);
    const double weight_diff = max_weight_diff(single, two.checkpoint.output_dir, 6);
    std::printf("[dist] 1×4 vs 2×2: losses %.6f → %.6f; max |Δloss| %.3g, max |Δweight| %.3g\n",
                a.at(1), a.at(6), loss_diff, weight_diff);
    EXPECT_LE(loss_diff, 1e-5);
    EXPECT_LE(weight_diff, 1e-5);
    EXPECT_LT(a.at(6), a.at(1)) << "it learns";
    // The checkpoint records the global position for a resume with any world size.
    const auto state =
        nlohmann::json::parse(read_file(two.checkpoint.output_dir + "/checkpoints/" +
                                        checkpoint_folder_name(6) + "/trainer_state.json"));
    EXPECT_EQ(state["world_size"], 2);
    EXPECT_EQ(state["global_batch"], 4);
}

TEST_F(DistTraining, ALostRankStopsTheOtherWithAClearErrorAndTheRunResumesWithOneProcess) {
    const std::string single = reference_run();
    const TrainConfig two = config("killed", 2);
    const auto start = std::chrono::steady_clock::now();
    const auto result =
        launch_children(two, 2, {{kChildDieRank, "1"}, {kChildDieStep, "3"}}, /*grace_s=*/60);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::string rank0_log = read_file(two.checkpoint.output_dir + "/ranks/rank-0.log");
    EXPECT_EQ(result.failed_rank, 1);
    EXPECT_NE(result.message.find("rank 1"), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("signal 9"), std::string::npos) << result.message;
    EXPECT_NE(result.exit_code, 0);
    EXPECT_NE(rank0_log.find("rank 0 of 2 (gloo) lost contact with the other ranks"),
              std::string::npos)
        << rank0_log;
    EXPECT_LT(seconds, 60.0) << "rank 0 stopped on its own, not by the launcher's SIGKILL";
    const auto at = rank0_log.find("rank 0 of 2 (gloo) lost contact");
    std::printf(
        "[dist] rank 1 killed at step 3: %s; the run ended in %.1f s\n[dist] rank 0 said: %s\n",
        result.message.c_str(), seconds,
        at == std::string::npos ? "" : rank0_log.substr(at, rank0_log.find('\n', at) - at).c_str());

    // Resume with one process and batch 4 (same global batch): the rest of
    // the curve and the final weights are the reference's.
    TrainConfig resumed = config("killed", 4);
    resumed.checkpoint.resume_from = "latest";
    const auto done = run_training(resumed);
    EXPECT_EQ(done.steps_done, 6);
    const auto a = logged_losses(single);
    const auto b = logged_losses(resumed.checkpoint.output_dir);
    ASSERT_EQ(b.size(), 6u) << "the resumed log continues the killed run's without gaps";
    const double loss_diff = max_loss_diff(a, b, 1, 6);
    const double weight_diff = max_weight_diff(single, resumed.checkpoint.output_dir, 6);
    std::printf("[dist] resumed 2×2 → 1×4: max |Δloss| %.3g, max |Δweight| %.3g\n", loss_diff,
                weight_diff);
    EXPECT_LE(loss_diff, 1e-5);
    EXPECT_LE(weight_diff, 1e-5);
}

// The buckets' all-reduce during backward (the default) and after it train
// alike, with gradient accumulation and activation checkpointing; with small
// buckets rank 0 reports buckets started before its last gradient.
TEST_F(DistTraining, OverlapOnAndOffTrainAlikeAndBucketsStartDuringBackward) {
    std::string dirs[2];
    for (const bool overlap : {true, false}) {
        TrainConfig c = config(overlap ? "overlap_on" : "overlap_off", 2);
        c.dist.overlap = overlap;
        c.dist.bucket_mb = 0.01;
        c.optim.grad_accumulation = 2;
        c.optim.activation_checkpointing = true;
        c.optim.max_steps = 3;
        const auto result = launch_children(c, 2);
        ASSERT_EQ(result.exit_code, 0) << result.message << "\n"
                                       << read_file(c.checkpoint.output_dir + "/ranks/rank-0.log")
                                       << read_file(c.checkpoint.output_dir + "/ranks/rank-1.log");
        dirs[overlap ? 0 : 1] = c.checkpoint.output_dir;
    }
    const auto on = logged_losses(dirs[0]);
    const auto off = logged_losses(dirs[1]);
    ASSERT_EQ(on.size(), 3u);
    ASSERT_EQ(off.size(), 3u);
    const double loss_diff = max_loss_diff(on, off, 1, 3);
    const double weight_diff = max_weight_diff(dirs[0], dirs[1], 3);
    std::printf("[dist] overlap on vs off: max |Δloss| %.3g, max |Δweight| %.3g\n", loss_diff,
                weight_diff);
    EXPECT_LE(loss_diff, 1e-6);
    EXPECT_LE(weight_diff, 1e-6);

    const std::string log = read_file(dirs[0] + "/ranks/rank-0.log");
    const std::string marker = "gradient all-reduce overlapped with backward: ";
    const auto at = log.find(marker);
    ASSERT_NE(at, std::string::npos) << log;
    const std::string line = log.substr(at, log.find('\n', at) - at);
    std::printf("[dist] rank 0: %s\n", line.c_str());
    long started = 0, buckets = 0, first_after = 0, gradients = 0;
    ASSERT_EQ(std::sscanf(line.c_str() + marker.size(),
                          "%ld of %ld bucket(s) started during the backward pass, the first "
                          "after %ld of %ld gradients",
                          &started, &buckets, &first_after, &gradients),
              4)
        << line;
    EXPECT_GT(buckets, 1);
    EXPECT_GE(started, 1);
    EXPECT_LT(first_after, gradients) << "the first bucket left before backward ended";
    EXPECT_EQ(read_file(dirs[1] + "/ranks/rank-0.log").find(marker), std::string::npos);
}

// The facellava binary of this build; "" when it is not built.
std::string facellava_exe() {
    const std::string exe = test::binary_dir() + "/bin/facellava";
    return fs::exists(exe) ? exe : "";
}

// `facellava train` with stdout+stderr into `log`; returns the pid.
pid_t start_facellava(const std::vector<std::string>& args, const std::string& log) {
    const std::string exe = facellava_exe();
    std::vector<std::string> argv_strings = {exe};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
        ::execv(exe.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(fd);
    return pid;
}

int wait_exit(pid_t pid, double limit_s) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(int64_t(limit_s * 1000));
    int status = 0;
    while (::waitpid(pid, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST_F(DistTraining, CliNprocRunsTheRanksAndForwardsCtrlC) {
    if (facellava_exe().empty())
        GTEST_SKIP() << "the facellava binary is not built (build the facellava target first)";
    // A whole run: 2 ranks, rank 0 reports.
    TrainConfig c = config("cli", 2);
    c.dist.nproc = 2;
    c.optim.max_steps = 2;
    save_train_config(c, c.checkpoint.output_dir + ".json");
    const std::string log = c.checkpoint.output_dir + ".log";
    const pid_t run =
        start_facellava({"train", "--config", c.checkpoint.output_dir + ".json"}, log);
    EXPECT_EQ(wait_exit(run, 120), 0) << read_file(log);
    const std::string out = read_file(log);
    EXPECT_NE(out.find("launcher: started 2 ranks"), std::string::npos) << out;
    EXPECT_NE(out.find("Finished after 2 steps"), std::string::npos) << out;
    EXPECT_EQ(logged_losses(c.checkpoint.output_dir).size(), 2u);

    // Ctrl-C to the launcher after the first step: both ranks stop at the
    // same step and rank 0 saves an abort checkpoint.
    TrainConfig slow = config("cli_abort", 2);
    slow.dist.nproc = 2;
    slow.optim.max_steps = 200;
    slow.checkpoint.save_every = 0;
    save_train_config(slow, slow.checkpoint.output_dir + ".json");
    const std::string abort_log = slow.checkpoint.output_dir + ".log";
    const pid_t launcher =
        start_facellava({"train", "--config", slow.checkpoint.output_dir + ".json"}, abort_log);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (logged_losses(slow.checkpoint.output_dir).empty() &&
           std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ::kill(launcher, SIGINT);
    EXPECT_EQ(wait_exit(launcher, 120), 130)  // Ctrl-C's exit code (`facellava --help`)
        << read_file(abort_log);
    const std::string abort_out = read_file(abort_log);
    EXPECT_NE(abort_out.find("launcher: aborted"), std::string::npos) << abort_out;
    const std::string latest = resolve_resume_dir("latest", slow.checkpoint.output_dir);
    const auto state = nlohmann::json::parse(read_file(latest + "/trainer_state.json"));
    EXPECT_EQ(state["reason"], "abort");
    EXPECT_LT(state["step"].get<int64_t>(), 200);
}

}  // namespace
}  // namespace facellava::training

#endif
