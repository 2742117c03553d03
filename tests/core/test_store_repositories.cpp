// Store repositories: every table written and read back through the public API.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>

#include <filesystem>

#include "facellava/core/error.h"
#include "facellava/core/sha256.h"
#include "facellava/core/store/session_store.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace {

struct Fixture {
    std::string dir = test::make_temp_dir("store");
    std::string media_path = testdata::write_media_file(dir + "/clip.mp4");
    SessionStore store{dir + "/session.sqlite"};
    testdata::Ids ids = testdata::populate(store, media_path);
};

TEST(StoreRepositories, NewFileIsAtLatestSchemaWithEveryTable) {
    Fixture f;
    EXPECT_EQ(f.store.schema_version(), SessionStore::latest_schema_version());
    const auto counts = f.store.row_counts();
    EXPECT_EQ(counts.size(), 10u);
    EXPECT_EQ(counts.at("face_observations"), 3);
    EXPECT_EQ(counts.at("annotations"), 3);
    EXPECT_EQ(counts.at("chat_messages"), 2);
    EXPECT_TRUE(f.store.check().ok());
}

TEST(StoreRepositories, MediaKeepsItsIdentity) {
    Fixture f;
    const auto m = f.store.media().find(f.ids.media);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->path, std::filesystem::absolute(f.media_path).lexically_normal().string());
    EXPECT_EQ(m->sha256, sha256_file(f.media_path));
    EXPECT_EQ(m->size_bytes, int64_t(std::string("not really a video").size()));
    EXPECT_EQ(m->kind, MediaKind::Video);
    EXPECT_DOUBLE_EQ(m->fps, 25);
    EXPECT_EQ(m->frames, 100);
    EXPECT_EQ(m->width, 640);
    EXPECT_EQ(f.store.media().find_by_sha256(m->sha256).size(), 1u);
    EXPECT_EQ(f.store.media().list(f.ids.session).size(), 1u);
    EXPECT_TRUE(f.store.media().missing().empty());
}

TEST(StoreRepositories, FacesRoundTripBitExactLandmarks) {
    Fixture f;
    EXPECT_EQ(f.store.faces().track_for(f.ids.media, 0), f.ids.track);
    const Id second = f.store.faces().track_for(f.ids.media, 1);
    EXPECT_NE(second, f.ids.track);
    const auto at_one = f.store.faces().observations_at(f.ids.media, 1);
    ASSERT_EQ(at_one.size(), 1u);
    EXPECT_EQ(at_one[0].track_id, f.ids.track);
    EXPECT_FLOAT_EQ(at_one[0].box.x, 11.f);
    EXPECT_FLOAT_EQ(at_one[0].box.score, 0.9f);
    ASSERT_TRUE(at_one[0].landmarks);
    EXPECT_EQ(at_one[0].landmarks->xy, testdata::landmarks(1.f).xy);
    EXPECT_EQ(at_one[0].detector, "dlib-hog");

    FaceObservation without;
    without.track_id = second;
    without.frame = 1;
    without.detector = "retinaface";
    f.store.faces().add_observation(without);
    const auto both = f.store.faces().observations_at(f.ids.media, 1);
    ASSERT_EQ(both.size(), 2u);
    EXPECT_FALSE(both[1].landmarks);
    EXPECT_EQ(f.store.faces().observations_of_track(f.ids.track).size(), 3u);
    f.store.faces().rename_track(second, "Bob");
    EXPECT_EQ(f.store.faces().find_track(second)->label, "Bob");
}

TEST(StoreRepositories, BatchedInsertIsAllOrNothing) {
    Fixture f;
    std::vector<FaceObservation> batch(5);
    for (size_t i = 0; i < batch.size(); ++i) {
        batch[i].track_id = f.ids.track;
        batch[i].frame = int64_t(10 + i);
        batch[i].detector = "dlib-hog";
    }
    batch[3].track_id = 999999;  // no such track: the foreign key rejects the row
    EXPECT_THROW(f.store.faces().add_observations(batch), Error);
    EXPECT_EQ(f.store.faces().count_observations(), 3);
}

TEST(StoreRepositories, PredictionsKeepModelProvenance) {
    Fixture f;
    const auto latest = f.store.predictions().latest(f.ids.media, "expression", 1);
    ASSERT_TRUE(latest);
    EXPECT_EQ(latest->value, "happiness");
    EXPECT_EQ(latest->model_id, "face-llava-7b");
    EXPECT_EQ(latest->checkpoint_sha256, std::string(64, 'a'));
    EXPECT_EQ(*latest->track_id, f.ids.track);
    EXPECT_FALSE(f.store.predictions().latest(f.ids.media, "expression"));
    EXPECT_EQ(f.store.predictions().at_frame(f.ids.media, 1).size(), 1u);
}

TEST(StoreRepositories, AFrameAnalysisIsReplacedAndACorrectionRemoved) {
    Fixture f;
    const Id second = f.store.faces().add_track(f.ids.media, 1);
    FaceObservation manual;
    manual.track_id = f.ids.track;
    manual.frame = 1;
    manual.landmarks = testdata::landmarks(7.f);
    manual.detector = kManualDetector;
    f.store.faces().add_observation(manual);
    FaceObservation other;
    other.track_id = second;
    other.frame = 1;
    other.detector = "face-api";
    f.store.faces().add_observation(other);
    ASSERT_EQ(f.store.faces().observations_at(f.ids.media, 1).size(), 3u);

    // Undoing the correction removes only the manual row of that face and frame.
    EXPECT_EQ(f.store.faces().remove_observations(f.ids.track, 1, kManualDetector), 1);
    EXPECT_EQ(f.store.faces().remove_observations(f.ids.track, 1, kManualDetector), 0);
    const auto left = f.store.faces().observations_at(f.ids.media, 1);
    ASSERT_EQ(left.size(), 2u);
    EXPECT_EQ(left[0].detector, "dlib-hog");
    // A new analysis of frame 1 replaces every face there; other frames stay.
    EXPECT_EQ(f.store.faces().remove_observations_at(f.ids.media, 1), 2);
    EXPECT_TRUE(f.store.faces().observations_at(f.ids.media, 1).empty());
    EXPECT_EQ(f.store.faces().observations_at(f.ids.media, 0).size(), 1u);
    EXPECT_EQ(f.store.faces().observations_at(f.ids.media, 2).size(), 1u);
}

TEST(StoreRepositories, PredictionsOfAFrameAreReplacedByTask) {
    Fixture f;
    Prediction age;
    age.media_id = f.ids.media;
    age.track_id = f.ids.track;
    age.frame = 1;
    age.task = "age";
    age.value = "31";
    age.model_id = "face-api";
    f.store.predictions().add(age);
    Prediction answer = age;
    answer.task = "llava_expression";
    answer.value = "The person looks happy.";
    f.store.predictions().add(answer);
    Prediction elsewhere = age;
    elsewhere.frame = 2;
    f.store.predictions().add(elsewhere);

    EXPECT_EQ(f.store.predictions().remove_at(f.ids.media, 1, {}), 0);
    EXPECT_EQ(f.store.predictions().remove_at(f.ids.media, 1, {"expression", "age"}), 2);
    auto at_one = f.store.predictions().at_frame(f.ids.media, 1);
    ASSERT_EQ(at_one.size(), 1u);
    EXPECT_EQ(at_one[0].task, "llava_expression");
    EXPECT_EQ(f.store.predictions().at_frame(f.ids.media, 2).size(), 1u);

    EXPECT_EQ(f.store.predictions().remove_of_track(f.ids.track, 1, "llava_expression"), 1);
    EXPECT_TRUE(f.store.predictions().at_frame(f.ids.media, 1).empty());
    EXPECT_EQ(f.store.predictions().remove_of_track(f.ids.track, 2, "llava_expression"), 0);
}

TEST(StoreRepositories, ChatHistoryIsSearchableAndTruncatable) {
    Fixture f;
    const auto messages = f.store.chat().messages(f.ids.conversation);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(messages[0].role, ChatRole::User);
    EXPECT_EQ(*messages[0].frame, 1);
    EXPECT_EQ(messages[0].sampling_json, R"({"temperature":0.2})");
    EXPECT_EQ(messages[1].timings_json, R"({"ttft_ms":420,"tokens_per_s":12.5})");
    EXPECT_EQ(f.store.chat().search(f.ids.session, "HAPPINESS").size(), 1u);
    EXPECT_EQ(f.store.chat().search(f.ids.session, "100%").size(), 0u);
    EXPECT_EQ(f.store.chat().remove_messages_after(f.ids.conversation, messages[0].id), 1);
    EXPECT_EQ(f.store.chat().messages(f.ids.conversation).size(), 1u);
}

TEST(StoreRepositories, JobsTrackStatusAndInterruptedOnesFail) {
    Fixture f;
    const auto jobs = f.store.jobs().jobs(f.ids.session);
    ASSERT_EQ(jobs.size(), 1u);
    f.store.jobs().update_job(jobs[0].id, JobStatus::Running, 0.5);
    EXPECT_EQ(f.store.jobs().find_job(jobs[0].id)->status, JobStatus::Running);
    const auto runs = f.store.jobs().runs(f.ids.session);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].metrics_path, "/runs/1/metrics.jsonl");
    f.store.jobs().update_run(runs[0].id, JobStatus::Running);
    EXPECT_EQ(f.store.jobs().fail_interrupted("the app closed unexpectedly"), 2);
    EXPECT_EQ(f.store.jobs().find_run(runs[0].id)->status, JobStatus::Failed);
    EXPECT_EQ(f.store.jobs().find_job(jobs[0].id)->error, "the app closed unexpectedly");
}

TEST(StoreRepositories, TransactionRollsBackEverythingOnThrow) {
    Fixture f;
    EXPECT_THROW(f.store.transaction([&] {
        f.store.sessions().create("lost");
        throw std::runtime_error("user cancelled");
    }),
                 std::runtime_error);
    EXPECT_EQ(f.store.sessions().list().size(), 1u);
}

TEST(StoreRepositories, DeletingASessionCascades) {
    Fixture f;
    f.store.sessions().remove(f.ids.session);
    for (const auto& [table, rows] : f.store.row_counts())
        EXPECT_EQ(rows, 0) << table;
}

TEST(StoreRepositories, MovedMediaIsRelinkedBySha256) {
    Fixture f;
    const std::string elsewhere = test::make_temp_dir("store-moved");
    std::filesystem::create_directories(elsewhere + "/deep/er");
    testdata::write_media_file(elsewhere + "/decoy.mp4", "same size, not same!");  // different size
    testdata::write_media_file(elsewhere + "/deep/er/decoy2.mp4",
                               "not really a vide0");  // same size, other hash
    std::filesystem::rename(f.media_path, elsewhere + "/deep/er/renamed.mp4");
    ASSERT_EQ(f.store.media().missing().size(), 1u);

    const auto results = f.store.media().relink_missing({elsewhere});
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0].new_path, elsewhere + "/deep/er/renamed.mp4");
    EXPECT_EQ(f.store.media().find(f.ids.media)->path, elsewhere + "/deep/er/renamed.mp4");
    EXPECT_TRUE(f.store.media().missing().empty());
    EXPECT_TRUE(f.store.check().warnings.empty());
}

TEST(StoreRepositories, MissingMediaIsAWarningNotAnError) {
    Fixture f;
    std::filesystem::remove(f.media_path);
    const auto report = f.store.check();
    EXPECT_TRUE(report.ok());
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_NE(report.warnings[0].find(f.media_path), std::string::npos);
    EXPECT_EQ(f.store.media().relink_missing({f.dir})[0].new_path, "");
}

}  // namespace
}  // namespace facellava::store
#endif
