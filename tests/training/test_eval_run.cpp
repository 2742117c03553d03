// run_evaluation() end to end on the tiny fixture checkpoint: a 3-sample
// held-out set is answered, scored per task, and reported as JSON.
#include <gtest/gtest.h>

#include <ATen/Parallel.h>

#include <atomic>

#include "facellava/training/evaluation.h"
#include "test_support.h"
#include "training_test_data.h"

#if defined(FACELLAVA_HAVE_MEDIA) && defined(FACELLAVA_HAVE_SPM)
namespace facellava::training {
namespace {

struct EvalFixture {
    EvalRunOptions options;
};

EvalFixture make_fixture(const std::string& tag) {
    at::set_num_threads(1);
    const std::string root = test::make_temp_dir(tag);
    EvalFixture f;
    f.options.checkpoint = testdata::make_tiny_checkpoint(root);
    // Samples 0, 1: images (one multi-turn), 2: a video; task from the file name.
    f.options.data_files = {testdata::make_dataset(root + "/data", "nano_expression", 3)};
    f.options.image_root = root + "/data/images";
    f.options.video_root = root + "/data/videos";
    f.options.max_new_tokens = 8;
    f.options.device = "cpu";
    return f;
}

TEST(EvalRun, AnswersAndScoresEverySample) {
    auto f = make_fixture("eval_run");
    std::vector<EvalRunProgress> progress;
    EvalRunCallbacks callbacks;
    callbacks.on_progress = [&](const EvalRunProgress& p) { progress.push_back(p); };
    const auto r = run_evaluation(f.options, callbacks);
    EXPECT_FALSE(r.cancelled);
    ASSERT_EQ(r.answers.size(), 3u);
    EXPECT_EQ(r.answers_per_task.at("nano_expression"), 3);
    for (const char* key : {"nano_expression/war", "nano_expression/uar",
                            "nano_expression/answered", "nano_expression/unreadable"}) {
        EXPECT_TRUE(r.metrics.count(key)) << key;
    }
    EXPECT_EQ(r.metrics.at("nano_expression/answered"), 3);
    EXPECT_GT(r.loss_tokens, 0);
    EXPECT_GT(r.loss, 0);
    // The reference is the last answer of the sample (sample 1 is multi-turn).
    EXPECT_EQ(r.answers[1].reference.substr(0, 3), "Sad");
    ASSERT_FALSE(progress.empty());
    EXPECT_EQ(progress.back().phase, EvalRunProgress::Phase::Answers);
    EXPECT_EQ(progress.back().done, 3);

    const auto json = nlohmann::json::parse(eval_result_json(f.options, r));
    EXPECT_EQ(json.at("answers").size(), 3u);
    EXPECT_TRUE(json.at("metrics").contains("nano_expression/war"));
    EXPECT_TRUE(json.contains("eval_loss"));
}

TEST(EvalRun, MaxSamplesAndCancellation) {
    auto f = make_fixture("eval_cancel");
    f.options.max_samples = 2;
    f.options.compute_loss = false;
    const auto two = run_evaluation(f.options);
    EXPECT_EQ(two.answers.size(), 2u);
    EXPECT_EQ(two.loss_tokens, 0);

    std::atomic<bool> cancel{false};
    EvalRunCallbacks callbacks;
    callbacks.cancel = &cancel;
    callbacks.on_progress = [&](const EvalRunProgress& p) {
        if (p.phase == EvalRunProgress::Phase::Answers && p.done == 1)
            cancel.store(true);
    };
    f.options.max_samples = 0;
    const auto stopped = run_evaluation(f.options, callbacks);
    EXPECT_TRUE(stopped.cancelled);
    EXPECT_EQ(stopped.answers.size(), 1u);
}

}  // namespace
}  // namespace facellava::training
#endif
