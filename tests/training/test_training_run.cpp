// End-to-end runs of the trainer on the tiny fixture model (CPU, fp32, one
// thread): memorising a generated FaceInstruct dataset, resuming an aborted
// run exactly, bad data at load time, dry runs, and loading the result.
// Needs real images (media build) and the tokenizer (SentencePiece shim).
#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <chrono>
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/core/folder_lock.h"
#include "facellava/core/paths.h"
#include "facellava/model/engine.h"
#include "facellava/training/training.h"
#include "test_support.h"
#include "tiny_fixture_sizes.h"
#include "trainer/trainable_model.h"
#include "training_test_data.h"

#if defined(FACELLAVA_HAVE_MEDIA) && defined(FACELLAVA_HAVE_SPM)

namespace facellava::training {
namespace {

namespace fs = std::filesystem;

struct TinyRun {
    std::string root;
    std::string checkpoint;
    std::string data;
};

TinyRun make_tiny_run(const std::string& tag, int samples) {
    TinyRun r;
    r.root = test::make_temp_dir(tag);
    r.checkpoint = testdata::make_tiny_checkpoint(r.root);
    r.data = testdata::make_dataset(r.root + "/data", "mixed_emotion", samples);
    return r;
}

TrainConfig base_config(const TinyRun& r, const std::string& out) {
    TrainConfig c;
    c.model.checkpoint = r.checkpoint;
    c.model.device = "cpu";
    c.data.train_files = {r.data};
    c.data.image_root = r.root + "/data/images";
    c.data.video_root = r.root + "/data/videos";
    c.data.num_workers = 2;
    c.checkpoint.output_dir = r.root + "/" + out;
    c.checkpoint.save_every = 0;
    c.checkpoint.save_final_model = false;
    c.eval.max_new_tokens = 24;
    c.cpu_threads = 1;
    c.seed = 1234;
    return c;
}

// Loss of every optimiser step, as reported by on_progress.
struct LossRecorder {
    std::map<int64_t, double> losses;
    TrainCallbacks callbacks(std::atomic<bool>* cancel = nullptr, int64_t cancel_at = -1) {
        TrainCallbacks cb;
        cb.cancel = cancel;
        cb.on_progress = [this, cancel, cancel_at](const TrainProgress& p) {
            if (p.phase == TrainProgress::Phase::Training && p.step > 0 && p.eval.empty()) {
                losses[p.step] = p.loss;
                if (cancel && p.step == cancel_at)
                    cancel->store(true);
            }
        };
        return cb;
    }
};

class TrainingRun : public ::testing::Test {
  protected:
    void SetUp() override { at::set_num_threads(1); }
};

TEST_F(TrainingRun, MemorisesATinyDatasetFullStage) {
    const auto r = make_tiny_run("memorise", 4);
    TrainConfig c = base_config(r, "run");
    c.stage = TrainStage::Full;
    c.optim.batch_size = 4;  // the whole set every step: a clean curve
    c.optim.learning_rate = 3e-3;
    c.optim.warmup_steps = 2;
    c.optim.max_steps = 60;
    c.optim.schedule = "constant";
    c.checkpoint.save_final_model = true;
    c.data.eval_files = {r.data};  // evaluation on the memorised set: answers must come back
    c.eval.max_samples = 4;

    const auto before = TrainableFaceLlava::load(r.checkpoint, torch::kCPU, false);
    const auto tower_before = before->tower_parameters();

    LossRecorder rec;
    const auto start = std::chrono::steady_clock::now();
    const auto result = run_training(c, rec.callbacks());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    ASSERT_EQ(result.steps_done, 60);
    ASSERT_EQ(rec.losses.size(), 60u);
    const double first = rec.losses.at(1);
    const double last = rec.losses.at(60);
    const double drop = 1.0 - last / first;
    std::printf("[memorise] loss %.4f -> %.4f (drop %.1f %%) in %.1f s\n", first, last,
                100.0 * drop, seconds);
    EXPECT_GE(drop, 0.90);
    EXPECT_LT(seconds, 60.0);

    // The held-out answers are the memorised ones (greedy decoding).
    ASSERT_TRUE(result.last_eval.count("eval_loss"));
    EXPECT_LT(result.last_eval.at("eval_loss"), 0.1 * first);
    ASSERT_TRUE(result.last_eval.count("mixed_emotion/war"))
        << "expression metrics from the answers";
    EXPECT_GT(result.last_eval.at("mixed_emotion/war"), 0.7);

    // metrics.jsonl has a line per step with every documented field.
    std::ifstream log(c.checkpoint.output_dir + "/metrics.jsonl");
    std::string line;
    int64_t train_lines = 0, eval_lines = 0;
    while (std::getline(log, line)) {
        const auto j = nlohmann::json::parse(line);
        if (j.contains("eval_loss")) {
            ++eval_lines;
            continue;
        }
        ++train_lines;
        for (const char* k : {"step", "epoch", "loss", "lr", "grad_norm", "tokens_per_s",
                              "memory_bytes", "elapsed_s", "eta_s"}) {
            EXPECT_TRUE(j.contains(k)) << k;
        }
    }
    EXPECT_EQ(train_lines, 60);
    EXPECT_EQ(eval_lines, 1);

    // Towers stayed frozen; the final folder loads as a chat model.
    auto after = TrainableFaceLlava::load(result.final_model_dir, torch::kCPU, false);
    const auto tower_after = after->tower_parameters();
    ASSERT_EQ(tower_before.size(), tower_after.size());
    for (size_t i = 0; i < tower_before.size(); ++i) {
        EXPECT_TRUE(torch::equal(tower_before[i].second, tower_after[i].second))
            << tower_before[i].first;
    }
    const auto engine =
        model::FaceLlavaEngine::load(result.final_model_dir, {"cpu", "float32", 1, {}});
    EXPECT_TRUE(engine->info().has_landmark_modules);
    // Its data held expression samples only ("mixed_emotion"): its config says
    // so, and the CLI and GUI will ask it nothing else.
    std::ifstream final_config(result.final_model_dir + "/config.json");
    EXPECT_EQ(nlohmann::json::parse(final_config).at("facellava_tasks"),
              nlohmann::json({"expression"}));
    EXPECT_TRUE(engine->info().tasks.listed);
    EXPECT_EQ(engine->info().tasks.names, std::vector<std::string>{"expression"});
}

TEST_F(TrainingRun, ResumeAfterAbortReproducesTheUninterruptedLosses) {
    const auto r = make_tiny_run("resume", 8);
    auto config = [&](const std::string& out) {
        TrainConfig c = base_config(r, out);
        c.stage = TrainStage::Lora;  // LoRA dropout: the RNG state must come back too
        c.lora.rank = 4;
        c.lora.alpha = 8;
        c.lora.dropout = 0.1;
        c.optim.batch_size = 2;
        c.optim.grad_accumulation = 2;  // 2 steps per epoch: resume lands mid-epoch
        c.optim.learning_rate = 2e-3;
        c.optim.max_steps = 6;
        c.optim.warmup_steps = 1;
        c.optim.max_grad_norm = 1.0;
        c.data.group_by_length = true;
        return c;
    };
    LossRecorder uninterrupted;
    run_training(config("full_run"), uninterrupted.callbacks());
    ASSERT_EQ(uninterrupted.losses.size(), 6u);

    std::atomic<bool> cancel{false};
    LossRecorder first_part;
    const auto aborted = run_training(config("split_run"), first_part.callbacks(&cancel, 3));
    EXPECT_TRUE(aborted.cancelled);
    EXPECT_EQ(aborted.steps_done, 3);
    ASSERT_FALSE(aborted.last_checkpoint.empty());
    for (int64_t s = 1; s <= 3; ++s)
        EXPECT_EQ(first_part.losses.at(s), uninterrupted.losses.at(s)) << s;

    TrainConfig resumed = config("split_run");
    resumed.checkpoint.resume_from = "latest";
    LossRecorder second_part;
    const auto result = run_training(resumed, second_part.callbacks());
    EXPECT_FALSE(result.cancelled);
    ASSERT_EQ(second_part.losses.size(), 3u);
    double max_diff = 0;
    for (int64_t s = 4; s <= 6; ++s) {
        max_diff =
            std::max(max_diff, std::fabs(second_part.losses.at(s) - uninterrupted.losses.at(s)));
    }
    std::printf("[resume] losses 4-6 uninterrupted %.7f %.7f %.7f, max |diff| after resume %.3g\n",
                uninterrupted.losses.at(4), uninterrupted.losses.at(5), uninterrupted.losses.at(6),
                max_diff);
    EXPECT_LE(max_diff, 1e-6);

    // The resumed metrics log continues the aborted one without duplicates.
    std::ifstream log(resumed.checkpoint.output_dir + "/metrics.jsonl");
    std::string line;
    std::vector<int64_t> steps;
    while (std::getline(log, line)) {
        const auto j = nlohmann::json::parse(line);
        if (!j.contains("eval_loss"))
            steps.push_back(j["step"].get<int64_t>());
    }
    EXPECT_EQ(steps, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST_F(TrainingRun, SecondRunInTheSameOutputFolderIsRefused) {
    const auto r = make_tiny_run("one_writer", 2);
    TrainConfig c = base_config(r, "shared_out");
    c.optim.batch_size = 2;
    c.optim.max_steps = 1;
    {
        // What a run in another process holds while it trains.
        const FolderLock running(c.checkpoint.output_dir, ".train.lock", "busy", "wait");
        LossRecorder rec;
        try {
            run_training(c, rec.callbacks());
            FAIL() << "a second run in a locked output folder started";
        } catch (const Error& e) {
            EXPECT_NE(e.brief().find("another facellava train run"), std::string::npos)
                << e.brief();
            EXPECT_EQ(e.path(), c.checkpoint.output_dir);
        }
        EXPECT_TRUE(rec.losses.empty()) << "it trained before refusing";
        EXPECT_FALSE(fs::exists(c.checkpoint.output_dir + "/metrics.jsonl"));
    }
    // Once the first run is gone (its lock with it), the folder is free again.
    LossRecorder rec;
    const auto result = run_training(c, rec.callbacks());
    EXPECT_EQ(result.steps_done, 1);
}

TEST_F(TrainingRun, BadSamplesAreReportedWithFileAndIndexSkippedOrFatal) {
    const auto r = make_tiny_run("bad_data", 4);
    // Entry 4: an image that exists but is not an image (found only when decoded);
    // entry 5: a missing image; entry 6: landmarks of the wrong shape.
    auto list = nlohmann::json::parse(read_file(r.data));
    testdata::write_text(r.root + "/data/images/corrupt.png", "definitely not a PNG");
    write_npy(r.root + "/data/images/bad_lm.npy", {68, 3}, std::vector<float>(204, 1.0f));
    auto entry = [](const std::string& image) {
        return nlohmann::json{
            {"image", image},
            {"conversations", nlohmann::json::array({testdata::turn(true, "<image>\nExpression?"),
                                                     testdata::turn(false, "Happy.")})}};
    };
    list.push_back(entry("corrupt.png"));
    list.push_back(entry("missing.png"));
    auto with_bad_lm = entry("img_0.png");
    with_bad_lm["landmarks_2d"] = "bad_lm.npy";
    list.push_back(with_bad_lm);
    testdata::write_text(r.data, list.dump());

    TrainConfig c = base_config(r, "skip_run");
    c.stage = TrainStage::Landmarks;
    c.optim.batch_size = 7;
    c.optim.max_steps = 2;
    c.optim.learning_rate = 1e-3;

    const auto report = dry_run(c);
    EXPECT_EQ(report.train.entries, 7);
    EXPECT_EQ(report.train.usable, 5);  // the corrupt file passes the existence check
    ASSERT_EQ(report.train.issues.size(), 2u);
    EXPECT_EQ(report.train.issues[0].index, 5);
    EXPECT_EQ(report.train.issues[1].index, 6);
    EXPECT_NE(report.train.issues[1].problem.find("(68, 3)"), std::string::npos);
    // From the model's config and the reference forward's visual tokens.
    const auto& sizes = model::tiny::fixture_sizes();
    EXPECT_EQ(report.resolved.data.num_frames, sizes.num_frames);
    EXPECT_EQ(report.visual_tokens_per_image, sizes.tokens_per_image);
    EXPECT_EQ(report.visual_tokens_per_video, sizes.num_frames * sizes.tokens_per_frame);

    std::vector<std::string> logs;
    TrainCallbacks cb;
    cb.on_log = [&](const std::string& l) { logs.push_back(l); };
    const auto result = run_training(c, cb);
    EXPECT_EQ(result.steps_done, 2);
    auto logged = [&](const std::string& text) {
        return std::any_of(logs.begin(), logs.end(),
                           [&](const std::string& l) { return l.find(text) != std::string::npos; });
    };
    EXPECT_TRUE(logged(r.data + " #4")) << "the corrupt image is reported when loaded";
    EXPECT_TRUE(logged(r.data + " #5"));
    EXPECT_TRUE(logged(r.data + " #6"));

    c.data.on_bad_sample = BadSamplePolicy::Fail;
    c.checkpoint.output_dir = r.root + "/fail_run";
    try {
        run_training(c);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(r.data + " #5"), std::string::npos) << e.what();
    }
    c.data.check_media = false;  // the decode-time failure is fatal too
    try {
        run_training(c);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find(r.data + " #"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace facellava::training

#endif  // FACELLAVA_HAVE_MEDIA && FACELLAVA_HAVE_SPM
