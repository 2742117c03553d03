// Bad files and failing disks give a clear facellava::Error naming the file,
// and never cost data that was already saved.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

#include "facellava/core/error.h"
#include "facellava/core/store/session_store.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace {

Annotation frame_label(Id media, int64_t frame, const std::string& label) {
    Annotation a;
    a.media_id = media;
    a.target = AnnotationTarget::Frame;
    a.frame = frame;
    a.label = label;
    return a;
}

// Runs `open` and returns the facellava::Error it must throw.
template <typename F>
Error expect_error(F open) {
    try {
        open();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "expected a facellava::Error";
    return Error("none");
}

TEST(StoreFailures, NotAnSqliteFile) {
    const std::string path = test::make_temp_dir("bad") + "/notes.txt";
    std::ofstream(path) << std::string(5000, 'x');
    const Error e = expect_error([&] { SessionStore store(path); });
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(std::string(e.what()).find("not a Face-LLaVA session"), std::string::npos)
        << e.what();
    EXPECT_FALSE(e.hint().empty());
}

TEST(StoreFailures, DamagedFileIsReportedNotCrashed) {
    const std::string dir = test::make_temp_dir("corrupt");
    const std::string path = dir + "/session.sqlite";
    {
        SessionStore store(path);
        testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    // Overwrite everything after the 100-byte header of page 1 (the schema).
    {
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(100);
        const std::string garbage(4096 * 3, '\xA5');
        file.write(garbage.data(), std::streamsize(garbage.size()));
    }
    const Error e = expect_error([&] {
        SessionStore store(path);
        store.annotations().list_all();
    });
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("session check"), std::string::npos);
}

TEST(StoreFailures, DamagedDataPageFailsCheck) {
    const std::string dir = test::make_temp_dir("corrupt-page");
    const std::string path = dir + "/session.sqlite";
    {
        SessionStore store(path);
        const auto ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
        std::vector<FaceObservation> many(2000);
        for (auto& o : many) {
            o.track_id = ids.track;
            o.landmarks = testdata::landmarks(3.f);
            o.detector = "dlib-hog";
        }
        store.faces().add_observations(many);
    }
    {
        // Garble the middle of the file, far from the schema page.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(0, std::ios::end);
        const auto size = int64_t(file.tellp());
        file.seekp(size / 2 / 4096 * 4096);
        const std::string garbage(4096 * 4, '\x5A');
        file.write(garbage.data(), std::streamsize(garbage.size()));
    }
    bool reported = false;
    try {
        SessionStore store(path);
        reported = !store.check().ok();
    } catch (const Error& e) {
        reported = e.path() == path;
    }
    EXPECT_TRUE(reported);
}

TEST(StoreFailures, ReadOnlySessionRefusesWritesClearly) {
    const std::string dir = test::make_temp_dir("readonly");
    const std::string path = dir + "/session.sqlite";
    testdata::Ids ids;
    {
        SessionStore store(path);
        ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    ASSERT_EQ(::chmod(path.c_str(), 0444), 0);
    OpenOptions read_only;
    read_only.read_only = true;
    SessionStore store(path, read_only);
    EXPECT_TRUE(store.read_only());
    EXPECT_EQ(store.annotations().list_all().size(), 3u);
    const Error e = expect_error([&] { store.annotations().add(frame_label(ids.media, 5, "x")); });
    EXPECT_EQ(e.path(), path);
    EXPECT_NE(std::string(e.what()).find("read-only"), std::string::npos) << e.what();
    EXPECT_EQ(store.annotations().list_all().size(), 3u);

    // Root ignores file permissions; for anyone else, opening a 0444 file for
    // writing must say so up front rather than fail on the first save.
    if (::geteuid() != 0) {
        const Error rw = expect_error([&] { SessionStore writable(path); });
        EXPECT_NE(std::string(rw.what()).find("read-only"), std::string::npos) << rw.what();
    }
}

TEST(StoreFailures, ReadOnlyOpenWorksInAFolderWeCannotWrite) {
    // E.g. an archived session on a read-only share: no -shm can be created.
    // (As root every folder is writable, so this exercises the fallback only
    // when run by another user; it must pass either way.)
    const std::string dir = test::make_temp_dir("readonly-dir");
    const std::string path = dir + "/session.sqlite";
    {
        SessionStore store(path);
        testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
    OpenOptions read_only;
    read_only.read_only = true;
    size_t rows = 0;
    try {
        SessionStore store(path, read_only);
        rows = store.annotations().list_all().size();
    } catch (const Error& e) {
        ADD_FAILURE() << e.what();
    }
    ::chmod(dir.c_str(), 0755);  // so the temporary folder can be removed
    EXPECT_EQ(rows, 3u);
}

TEST(StoreFailures, MissingFileReadOnlyIsNotCreated) {
    const std::string path = test::make_temp_dir("missing") + "/nope.sqlite";
    OpenOptions read_only;
    read_only.read_only = true;
    const Error e = expect_error([&] { SessionStore store(path, read_only); });
    EXPECT_EQ(e.path(), path);
    EXPECT_FALSE(std::ifstream(path).good());
}

TEST(StoreFailures, FullDiskKeepsWhatWasSaved) {
    const std::string dir = test::make_temp_dir("full");
    const std::string path = dir + "/session.sqlite";
    testdata::Ids ids;
    {
        SessionStore store(path);
        ids = testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
    }
    const auto saved = testdata::dump_tables(path);
    {
        // A quota a little above the current size stands in for a full disk:
        // SQLite gets SQLITE_FULL exactly where a real disk would fail it.
        OpenOptions quota;
        quota.max_size_bytes = 200 * 1024;
        SessionStore store(path, quota);
        std::vector<FaceObservation> batch(5000);  // ~3 MB of landmarks
        for (auto& o : batch) {
            o.track_id = ids.track;
            o.landmarks = testdata::landmarks(7.f);
            o.detector = "dlib-hog";
        }
        const Error e = expect_error([&] { store.faces().add_observations(batch); });
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
        EXPECT_NE(e.hint().find("intact"), std::string::npos);
        // The connection stays usable: small edits still fit.
        store.annotations().add(frame_label(ids.media, 9, "after the failure"));
        EXPECT_EQ(store.faces().count_observations(), 3);
        EXPECT_TRUE(store.check().ok());
    }
    auto after = testdata::dump_tables(path);
    EXPECT_EQ(after["face_observations"], saved.at("face_observations"));
    EXPECT_EQ(after["media"], saved.at("media"));
    EXPECT_NE(after["annotations"].find("after the failure"), std::string::npos);
}

TEST(StoreFailures, FolderInsteadOfFile) {
    const std::string dir = test::make_temp_dir("folder");
    const Error e = expect_error([&] { SessionStore store(dir); });
    EXPECT_EQ(e.path(), dir);
}

}  // namespace
}  // namespace facellava::store
#endif
