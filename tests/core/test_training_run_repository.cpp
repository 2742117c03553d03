// TrainingRunRepository: the Training dialog's run history written and read
// back, progress kept across updates, runs of older files (no details row)
// readable and updatable after the upgrade.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>

#include "facellava/core/error.h"
#include "facellava/core/store/session_store.h"
#include "test_support.h"

namespace facellava::store {
namespace {

TrainingRun sample_run(Id session) {
    TrainingRun run;
    run.session_id = session;
    run.config_json = R"({"stage":"lora"})";
    run.status = JobStatus::Running;
    run.metrics_path = "/runs/a/metrics.jsonl";
    return run;
}

TrainingRunDetails sample_details() {
    TrainingRunDetails d;
    d.output_dir = "/runs/a";
    d.command = "facellava train --stage=lora";
    return d;
}

TEST(TrainingRunRepository, KeepsProgressAndOutcome) {
    const std::string dir = test::make_temp_dir("training_runs");
    SessionStore store(dir + "/session.sqlite");
    const Id session = store.sessions().create("study", "");
    const Id first = store.training_runs().add(sample_run(session), sample_details());
    const Id second = store.training_runs().add(sample_run(session), sample_details());

    TrainingRunProgress progress;
    progress.steps_done = 3;
    progress.total_steps = 10;
    progress.last_loss = 1.25;
    store.training_runs().update(first, progress);
    // Later updates without a loss or checkpoint keep the stored ones.
    progress.status = JobStatus::Cancelled;
    progress.steps_done = 4;
    progress.last_loss.reset();
    progress.checkpoint_dir = "/runs/a/checkpoints/step-00000004";
    store.training_runs().update(first, progress);
    progress.checkpoint_dir.clear();
    progress.error = "aborted";
    store.training_runs().update(first, progress);

    const auto entry = store.training_runs().find(first);
    ASSERT_TRUE(entry);
    EXPECT_EQ(entry->run.status, JobStatus::Cancelled);
    EXPECT_EQ(entry->run.checkpoint_dir, "/runs/a/checkpoints/step-00000004");
    EXPECT_EQ(entry->run.error, "aborted");
    EXPECT_EQ(entry->run.config_json, R"({"stage":"lora"})");
    EXPECT_EQ(entry->details.steps_done, 4);
    EXPECT_EQ(entry->details.total_steps, 10);
    ASSERT_TRUE(entry->details.last_loss);
    EXPECT_DOUBLE_EQ(*entry->details.last_loss, 1.25);
    EXPECT_EQ(entry->details.command, "facellava train --stage=lora");
    EXPECT_EQ(entry->details.output_dir, "/runs/a");

    const auto list = store.training_runs().for_session(session);
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].run.id, second);  // newest first
    EXPECT_FALSE(list[0].details.last_loss);
    // JobRepository sees the same rows.
    EXPECT_EQ(store.jobs().runs(session).front().id, first);

    store.training_runs().remove(second);
    EXPECT_EQ(store.training_runs().for_session(session).size(), 1u);
    EXPECT_THROW(store.training_runs().update(second, progress), Error);
    EXPECT_TRUE(store.check().ok());
}

TEST(TrainingRunRepository, RunsOfAVersion2FileGainDetails) {
    const std::string dir = test::make_temp_dir("training_runs_v2");
    const std::string path = dir + "/session.sqlite";
    Id run = 0;
    {
        OpenOptions old;
        old.schema_version = 2;
        SessionStore store(path, old);
        TrainingRun r;
        r.session_id = store.sessions().create("old", "");
        r.metrics_path = "/old/metrics.jsonl";
        run = store.jobs().add_run(r);
    }
    SessionStore store(path);
    ASSERT_GE(store.schema_version(), 3);
    auto migrated = store.training_runs().find(run);
    ASSERT_TRUE(migrated);
    EXPECT_EQ(migrated->run.metrics_path, "/old/metrics.jsonl");
    EXPECT_EQ(migrated->details.steps_done, 0);
    EXPECT_FALSE(migrated->details.last_loss);

    TrainingRunProgress progress;
    progress.status = JobStatus::Done;
    progress.steps_done = 7;
    progress.final_model_dir = "/old/final";
    store.training_runs().update(run, progress);
    migrated = store.training_runs().find(run);
    EXPECT_EQ(migrated->run.status, JobStatus::Done);
    EXPECT_EQ(migrated->details.steps_done, 7);
    EXPECT_EQ(migrated->details.final_model_dir, "/old/final");
}

}  // namespace
}  // namespace facellava::store
#endif
