// A reader (the GUI) and writers (a batch job, the StoreWriter queue) on one
// file at once, each with its own connection: no "database is locked".
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "facellava/core/error.h"
#include "facellava/core/store/store_writer.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace {

Annotation frame_label(Id media, int64_t frame) {
    Annotation a;
    a.media_id = media;
    a.target = AnnotationTarget::Frame;
    a.frame = frame;
    a.label = "frame " + std::to_string(frame);
    return a;
}

TEST(StoreConcurrency, ReaderAndTwoWritersNeverSeeLockedErrors) {
    const std::string dir = test::make_temp_dir("concurrent");
    const std::string path = dir + "/session.sqlite";
    testdata::Ids ids;
    {
        SessionStore store(path);
        ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    std::atomic<bool> writing{true};
    std::atomic<int> failures{0};
    std::string first_failure;
    std::mutex failure_mutex;
    auto record = [&](const std::exception& e) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (failures++ == 0)
            first_failure = e.what();
    };

    constexpr int kBatches = 150;
    std::thread batch_writer([&] {
        try {
            SessionStore store(path);
            for (int b = 0; b < kBatches; ++b) {
                std::vector<FaceObservation> batch(50);
                for (size_t i = 0; i < batch.size(); ++i) {
                    batch[i].track_id = ids.track;
                    batch[i].frame = 100 + b;
                    batch[i].landmarks = testdata::landmarks(float(i));
                    batch[i].detector = "dlib-hog";
                }
                store.faces().add_observations(batch);
            }
        } catch (const std::exception& e) {
            record(e);
        }
    });
    std::thread annotation_writer([&] {
        try {
            SessionStore store(path);
            for (int i = 0; i < 300; ++i)
                store.annotations().add(frame_label(ids.media, i));
        } catch (const std::exception& e) {
            record(e);
        }
    });
    std::thread reader([&] {
        try {
            SessionStore store(path);
            int64_t last = 0;
            while (writing) {
                const int64_t count = store.faces().count_observations();
                EXPECT_GE(count, last);  // snapshots only move forward
                last = count;
                store.faces().observations_at(ids.media, 100);
                store.annotations().list(ids.media);
            }
        } catch (const std::exception& e) {
            record(e);
        }
    });
    batch_writer.join();
    annotation_writer.join();
    writing = false;
    reader.join();
    EXPECT_EQ(failures.load(), 0) << first_failure;
    SessionStore store(path);
    EXPECT_EQ(store.faces().count_observations(), 3 + kBatches * 50);
    EXPECT_EQ(store.annotations().list_all().size(), 3u + 300u);
}

TEST(StoreWriterQueue, PostedJobsRunInOrderAndFlushWaits) {
    const std::string dir = test::make_temp_dir("writer");
    const std::string path = dir + "/session.sqlite";
    testdata::Ids ids;
    {
        SessionStore store(path);
        ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    StoreWriter writer(path);
    std::vector<std::future<AnnotationEdit>> edits;
    for (int i = 0; i < 100; ++i) {
        edits.push_back(writer.post(
            [&, i](SessionStore& s) { return s.annotations().add(frame_label(ids.media, i)); }));
    }
    writer.flush();
    EXPECT_EQ(writer.pending(), 0u);
    Id previous = 0;
    for (auto& f : edits) {
        const Id id = f.get().id();
        EXPECT_GT(id, previous);
        previous = id;
    }
    SessionStore reader(path, {true});
    EXPECT_EQ(reader.annotations().list_all().size(), 103u);
}

TEST(StoreWriterQueue, FailedJobRollsBackAndReportsTwice) {
    const std::string dir = test::make_temp_dir("writer-fail");
    const std::string path = dir + "/session.sqlite";
    testdata::Ids ids;
    {
        SessionStore store(path);
        ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    std::atomic<int> handled{0};
    StoreWriter writer(path);
    writer.set_error_handler([&](std::exception_ptr) { ++handled; });
    auto failed = writer.post([&](SessionStore& s) {
        s.annotations().add(frame_label(ids.media, 1));  // rolled back with the job
        Annotation bad = frame_label(ids.media, 2);
        bad.media_id = 424242;  // no such media
        s.annotations().add(bad);
    });
    auto fine = writer.post([&](SessionStore& s) { return s.sessions().create("after"); });
    EXPECT_THROW(failed.get(), Error);
    EXPECT_GT(fine.get(), 0);
    writer.flush();
    EXPECT_EQ(handled.load(), 1);
    SessionStore reader(path);
    EXPECT_EQ(reader.annotations().list_all().size(), 3u);
}

TEST(StoreWriterQueue, DestructorRunsEveryQueuedJob) {
    const std::string dir = test::make_temp_dir("writer-close");
    const std::string path = dir + "/session.sqlite";
    {
        StoreWriter writer(path);
        for (int i = 0; i < 50; ++i) {
            writer.post([i](SessionStore& s) { s.sessions().create("s" + std::to_string(i)); });
        }
    }
    SessionStore store(path);
    EXPECT_EQ(store.sessions().list().size(), 50u);
}

}  // namespace
}  // namespace facellava::store
#endif
