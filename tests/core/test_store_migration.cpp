// Schema migrations: every earlier version upgrades to the latest keeping
// every row; newer and foreign files are refused untouched.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "facellava/core/error.h"
#include "facellava/core/sha256.h"
#include "facellava/core/store/session_store.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace {

bool has_index(const std::string& path, const std::string& name) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?1", -1,
                       &st, nullptr);
    sqlite3_bind_text(st, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    const bool found = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    sqlite3_close(db);
    return found;
}

void exec(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
        << sqlite3_errmsg(db);
    sqlite3_close(db);
}

TEST(MigrationFromEveryVersion, KeepsEveryRowAndReachesLatest) {
    ASSERT_GE(SessionStore::latest_schema_version(), 2);
    for (int version = 0; version < SessionStore::latest_schema_version(); ++version) {
        SCOPED_TRACE("from schema version " + std::to_string(version));
        const std::string dir = test::make_temp_dir("migrate");
        const std::string path = dir + "/session.sqlite";
        {
            OpenOptions old;
            old.schema_version = version;
            SessionStore store(path, old);
            ASSERT_EQ(store.schema_version(), version);
            // Version 1 holds every table; fill them so the upgrade has rows to keep.
            if (version >= 1)
                testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
        }
        const auto before = testdata::dump_tables(path);
        {
            SessionStore store(path);
            EXPECT_EQ(store.schema_version(), SessionStore::latest_schema_version());
            EXPECT_TRUE(store.check().ok());
        }
        if (version >= 1) {
            EXPECT_EQ(testdata::dump_tables(path), before);
        }
        EXPECT_TRUE(has_index(path, "face_observations_by_track_frame"));
        EXPECT_TRUE(has_index(path, "annotations_live_by_media"));
    }
}

TEST(MigrationFromEveryVersion, ReadOnlyOpenOfAnOldFileAsksForAnUpgrade) {
    const std::string path = test::make_temp_dir("migrate-ro") + "/session.sqlite";
    {
        OpenOptions old;
        old.schema_version = 1;
        SessionStore store(path, old);
    }
    OpenOptions read_only;
    read_only.read_only = true;
    try {
        SessionStore store(path, read_only);
        FAIL() << "an old schema must not be readable without upgrading";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find("older format"), std::string::npos);
    }
}

TEST(MigrationRefuses, FileFromANewerVersionIsLeftUnchanged) {
    const std::string path = test::make_temp_dir("migrate-new") + "/session.sqlite";
    { SessionStore store(path); }
    exec(path, "PRAGMA user_version = 99");
    const std::string digest = sha256_file(path);
    try {
        SessionStore store(path);
        FAIL() << "a newer schema must be refused";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find("newer Face-LLaVA"), std::string::npos);
    }
    EXPECT_EQ(sha256_file(path), digest);
}

TEST(MigrationRefuses, ForeignSqliteDatabase) {
    const std::string path = test::make_temp_dir("migrate-foreign") + "/other.db";
    exec(path,
         "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos (name) "
         "VALUES ('x');");
    try {
        SessionStore store(path);
        FAIL() << "another program's database must not be migrated";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find("not a Face-LLaVA session"), std::string::npos);
    }
    EXPECT_FALSE(has_index(path, "face_observations_by_track_frame"));
}

}  // namespace
}  // namespace facellava::store
#endif
