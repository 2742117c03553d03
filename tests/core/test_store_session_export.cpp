// Session folders: export, import on "another machine", and refusal of
// folders that point outside themselves or were tampered with.
#ifdef FACELLAVA_HAVE_SQLITE
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "facellava/core/error.h"
#include "facellava/core/sha256.h"
#include "facellava/core/store/session_export.h"
#include "store_test_data.h"
#include "test_support.h"

namespace facellava::store {
namespace fs = std::filesystem;
namespace {

struct Exported {
    std::string dir = test::make_temp_dir("export");
    std::string source = dir + "/session.sqlite";
    std::string folder = dir + "/exported";
    SessionManifest manifest;

    Exported() {
        SessionStore store(source);
        testdata::populate(store, testdata::write_media_file(dir + "/clip.mp4"));
        store.annotations().remove(
            store.annotations().list_all().back().id);  // soft-deleted rows travel too
        manifest = export_session(store, folder);
    }

    void rewrite_manifest(const std::function<void(nlohmann::json&)>& change) {
        const std::string path = folder + "/manifest.json";
        auto j = nlohmann::json::parse(std::ifstream(path));
        change(j);
        std::ofstream(path) << j.dump(2);
    }
};

TEST(SessionExport, RoundTripPreservesEveryRow) {
    Exported e;
    EXPECT_TRUE(fs::is_regular_file(e.folder + "/manifest.json"));
    EXPECT_EQ(e.manifest.schema_version, SessionStore::latest_schema_version());
    EXPECT_EQ(e.manifest.counts.at("annotations"), 3);
    ASSERT_EQ(e.manifest.media.size(), 1u);
    EXPECT_EQ(e.manifest.media[0].sha256, sha256_file(e.dir + "/clip.mp4"));

    const std::string imported = e.dir + "/imported.sqlite";
    const SessionManifest read_back = import_session(e.folder, imported);
    EXPECT_EQ(read_back.counts, e.manifest.counts);
    EXPECT_EQ(testdata::dump_tables(imported), testdata::dump_tables(e.source));
    SessionStore store(imported);
    EXPECT_TRUE(store.check().ok());
    EXPECT_EQ(store.annotations().list_all(true).size(), 3u);
}

TEST(SessionExport, RefusesNonEmptyFolderAndExistingDestination) {
    Exported e;
    SessionStore store(e.source);
    EXPECT_THROW(export_session(store, e.folder), Error);
    EXPECT_THROW(import_session(e.folder, e.source), Error);
}

TEST(SessionExport, RefusesPathsLeavingTheFolder) {
    for (const std::string bad : {"../session.sqlite", "/etc/passwd", "sub/../../x.sqlite", ""}) {
        SCOPED_TRACE(bad);
        Exported e;
        e.rewrite_manifest([&](nlohmann::json& j) { j["database"] = bad; });
        const std::string destination = e.dir + "/imported.sqlite";
        try {
            import_session(e.folder, destination);
            FAIL() << "import must refuse";
        } catch (const Error& error) {
            EXPECT_NE(std::string(error.what()).find("outside"), std::string::npos) << error.what();
        }
        EXPECT_FALSE(fs::exists(destination));
    }
}

TEST(SessionExport, RefusesSymlinkEscapingTheFolder) {
    Exported e;
    fs::rename(e.folder + "/session.sqlite", e.dir + "/outside.sqlite");
    fs::create_symlink(e.dir + "/outside.sqlite", e.folder + "/session.sqlite");
    try {
        import_session(e.folder, e.dir + "/imported.sqlite");
        FAIL() << "import must refuse";
    } catch (const Error& error) {
        EXPECT_NE(std::string(error.what()).find("outside"), std::string::npos) << error.what();
    }
}

TEST(SessionExport, RefusesTamperedSnapshotAndBadManifest) {
    Exported e;
    {
        std::ofstream append(e.folder + "/session.sqlite", std::ios::app | std::ios::binary);
        append << "tampered";
    }
    EXPECT_THROW(read_manifest(e.folder), Error);

    Exported counts;
    counts.rewrite_manifest([](nlohmann::json& j) { j["counts"]["annotations"] = 99; });
    const std::string destination = counts.dir + "/imported.sqlite";
    EXPECT_THROW(import_session(counts.folder, destination), Error);
    EXPECT_FALSE(fs::exists(destination));
    EXPECT_FALSE(fs::exists(destination + ".importing"));

    Exported garbage;
    std::ofstream(garbage.folder + "/manifest.json") << "{ not json";
    try {
        read_manifest(garbage.folder);
        FAIL() << "a broken manifest must be refused";
    } catch (const Error& error) {
        EXPECT_EQ(error.path(), garbage.folder + "/manifest.json");
    }
    EXPECT_THROW(read_manifest(garbage.dir), Error);  // no manifest at all
}

}  // namespace
}  // namespace facellava::store
#endif
