// Security rules of the core layer: no path read from a data file escapes its
// root (the shared helper, and session import built on it), and JSON read
// from user files is parsed with limits on depth, string length and size.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/json_limits.h"
#include "facellava/core/paths.h"
#include "test_support.h"

#ifdef FACELLAVA_HAVE_SQLITE
#include "facellava/core/sha256.h"
#include "facellava/core/store/session_export.h"
#include "store_test_data.h"
#endif

namespace facellava {
namespace {

namespace fs = std::filesystem;

struct Rooted {
    std::string dir = test::make_temp_dir("rooted");
    std::string root = dir + "/root";
    Rooted() {
        fs::create_directories(root + "/sub");
        std::ofstream(root + "/sub/inside.png") << "x";
        std::ofstream(dir + "/outside.png") << "secret";
    }
};

TEST(SecurityPaths, RelativePathsInsideTheRootResolve) {
    Rooted r;
    std::string resolved;
    EXPECT_EQ(path_escape_problem(r.root, "sub/inside.png", &resolved), "");
    EXPECT_EQ(resolved, r.root + "/sub/inside.png");
    EXPECT_EQ(path_escape_problem(r.root, "./sub//inside.png", &resolved), "");
    EXPECT_EQ(resolved, r.root + "/sub/inside.png");
    EXPECT_EQ(path_escape_problem(r.root, "not/yet/there.png"), "") << "need not exist";
    // A symlink that stays inside the root is fine.
    fs::create_symlink(r.root + "/sub/inside.png", r.root + "/alias.png");
    EXPECT_EQ(path_escape_problem(r.root, "alias.png"), "");
    fs::create_directory_symlink("sub", r.root + "/subdir");
    EXPECT_EQ(path_escape_problem(r.root, "subdir/inside.png"), "");
}

TEST(SecurityPaths, EscapesAreRefused) {
    Rooted r;
    fs::create_symlink(r.dir + "/outside.png", r.root + "/link.png");
    fs::create_directory_symlink(r.dir, r.root + "/up");
    fs::create_symlink("../../../../../../etc/passwd", r.root + "/relative_link");
    fs::create_symlink(r.dir + "/not-yet-created", r.root + "/dangling");
    fs::create_symlink("loop_b", r.root + "/loop_a");
    fs::create_symlink("loop_a", r.root + "/loop_b");
    for (const std::string bad :
         {"../outside.png", "sub/../../outside.png", "sub/../inside.png", "/etc/passwd", "",
          "link.png", "up/outside.png", "relative_link", "dangling", "loop_a"}) {
        SCOPED_TRACE(bad);
        EXPECT_NE(path_escape_problem(r.root, bad), "");
        try {
            resolve_under_root(r.root, bad, "data.json");
            FAIL() << "escape accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), "data.json");
        }
    }
}

TEST(SecurityPaths, EmptyRootMeansTheCurrentFolder) {
    std::string resolved;
    EXPECT_EQ(path_escape_problem("", "a/b.png", &resolved), "");
    EXPECT_EQ(resolved, "a/b.png");
    EXPECT_NE(path_escape_problem("", "/etc/passwd"), "");
    EXPECT_NE(path_escape_problem("", "../x.png"), "");
}

// --- JSON limits ------------------------------------------------------------

TEST(SecurityJsonLimits, DepthStringAndSizeLimitsAreEnforced) {
    JsonLimits limits;
    limits.max_depth = 8;
    limits.max_string_bytes = 100;
    EXPECT_NO_THROW(parse_json_limited(R"({"a":[[[1]]],"b":"short"})", "f.json", limits));
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    try {
        parse_json_limited(deep, "deep.json", limits);
        FAIL() << "deep JSON accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), "deep.json");
        EXPECT_NE(std::string(e.what()).find("nesting deeper than 8"), std::string::npos);
    }
    try {
        parse_json_limited("{\"k\":\"" + std::string(101, 'x') + "\"}", "long.json", limits);
        FAIL() << "long string accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("longer than 100 bytes"), std::string::npos);
    }
    try {
        parse_json_limited("{\"" + std::string(101, 'k') + "\":1}", "key.json", limits);
        FAIL() << "long key accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("longer than 100 bytes"), std::string::npos);
    }
    try {
        parse_json_limited("{\"a\": ", "cut.json", limits);
        FAIL() << "truncated JSON accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("malformed JSON"), std::string::npos);
    }
    const std::string dir = test::make_temp_dir("json_limits");
    std::ofstream(dir + "/big.json") << "[" << std::string(2000, ' ') << "]";
    limits.max_file_bytes = 1000;
    try {
        read_json_file_limited(dir + "/big.json", limits);
        FAIL() << "oversized file accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), dir + "/big.json");
        EXPECT_NE(std::string(e.what()).find("over the limit of 1000"), std::string::npos);
    }
}

TEST(SecurityJsonLimits, DefaultDepthLimitStopsStackExhaustion) {
    // Ten million levels would overflow the stack of a recursive parser or
    // destructor; the limit stops parsing at level 64.
    const std::string deep = std::string(10'000'000, '[');
    EXPECT_THROW(parse_json_limited(deep, "deep.json"), Error);
}

#ifdef FACELLAVA_HAVE_SQLITE
// --- session import -----------------------------------------------------------

struct ExportedSession {
    std::string dir = test::make_temp_dir("sec_export");
    std::string folder = dir + "/exported";
    std::string destination = dir + "/imported.sqlite";
    ExportedSession() {
        store::SessionStore store(dir + "/session.sqlite");
        store::testdata::populate(store, store::testdata::write_media_file(dir + "/clip.mp4"));
        store::export_session(store, folder);
    }
    nlohmann::json manifest() const {
        return nlohmann::json::parse(std::ifstream(folder + "/manifest.json"));
    }
    void write_manifest(const nlohmann::json& j) const {
        std::ofstream(folder + "/manifest.json") << j.dump(2);
    }
    // Replaces the snapshot and makes the manifest's sha256 match it, so only
    // the content itself is wrong.
    void replace_snapshot(const std::string& bytes) const {
        std::ofstream(folder + "/session.sqlite", std::ios::binary | std::ios::trunc) << bytes;
        auto j = manifest();
        j["database_sha256"] = sha256_file(folder + "/session.sqlite");
        write_manifest(j);
    }
    // Import must fail with an Error naming a file of the folder and leave
    // nothing at the destination.
    void expect_refused(const std::string& needle) const {
        try {
            store::import_session(folder, destination);
            FAIL() << "import accepted";
        } catch (const Error& e) {
            EXPECT_NE(e.path().find(dir), std::string::npos) << e.path();
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
        }
        for (const char* suffix : {"", ".importing", "-wal", "-shm", ".importing-wal",
                                   ".importing-shm", ".importing-journal"}) {
            EXPECT_FALSE(fs::exists(destination + suffix)) << suffix;
        }
        const std::string name = fs::path(destination).filename().string();
        for (const auto& entry : fs::directory_iterator(fs::path(destination).parent_path())) {
            const std::string left = entry.path().filename().string();
            EXPECT_FALSE(is_temporary_of(left, name) || left.find(".tmp-") != std::string::npos)
                << "left over: " << left;
        }
    }
};

TEST(SecuritySessionImport, TruncatedSnapshotIsRefusedWithoutPartialOutput) {
    ExportedSession e;
    const std::string bytes = read_file(e.folder + "/session.sqlite");
    e.replace_snapshot(bytes.substr(0, bytes.size() / 3));
    e.expect_refused("");
}

TEST(SecuritySessionImport, SnapshotThatIsNotSqliteIsRefused) {
    ExportedSession e;
    e.replace_snapshot(std::string(8192, 'Z'));
    e.expect_refused("");
}

TEST(SecuritySessionImport, MalformedAndTruncatedManifestsAreRefused) {
    ExportedSession e;
    const std::string text = read_file(e.folder + "/manifest.json");
    std::ofstream(e.folder + "/manifest.json") << text.substr(0, text.size() / 2);
    e.expect_refused("malformed JSON");
    std::ofstream(e.folder + "/manifest.json") << "[1, 2, 3]";
    e.expect_refused("manifest is not valid");
    auto j = nlohmann::json::parse(text);
    j["counts"] = "many";
    e.write_manifest(j);
    e.expect_refused("manifest is not valid");
}

TEST(SecuritySessionImport, DeepOrHugeManifestsHitTheJsonLimits) {
    ExportedSession e;
    auto j = e.manifest();
    std::ofstream(e.folder + "/manifest.json")
        << std::string(100000, '[') << std::string(100000, ']');
    e.expect_refused("nesting deeper than");
    j["created_at"] = std::string(1 << 20, 'x');
    e.write_manifest(j);
    e.expect_refused("longer than");
}

TEST(SecuritySessionImport, DotDotAbsoluteAndSymlinkedSnapshotsAreRefused) {
    ExportedSession e;
    const auto original = e.manifest();
    fs::copy_file(e.folder + "/session.sqlite", e.dir + "/elsewhere.sqlite");
    for (const std::string& bad : std::vector<std::string>{
             "../elsewhere.sqlite", e.dir + "/elsewhere.sqlite", "x/../../elsewhere.sqlite"}) {
        SCOPED_TRACE(bad);
        auto j = original;
        j["database"] = bad;
        e.write_manifest(j);
        e.expect_refused("outside the session folder");
    }
    // A directory symlink inside the folder leading out of it.
    fs::create_directory_symlink(e.dir, e.folder + "/up");
    auto j = original;
    j["database"] = "up/elsewhere.sqlite";
    e.write_manifest(j);
    e.expect_refused("outside the session folder");
    // manifest.json itself a link to a file outside.
    e.write_manifest(original);
    fs::rename(e.folder + "/manifest.json", e.dir + "/manifest.json");
    fs::create_symlink(e.dir + "/manifest.json", e.folder + "/manifest.json");
    e.expect_refused("outside the session folder");
}

TEST(SecuritySessionImport, ImportWritesOnlyTheDestination) {
    // A symlink planted at the fixed temporary name of older versions must
    // not redirect the copy: the copy goes to a new name made with O_EXCL |
    // O_NOFOLLOW (core/atomic_file.h), and the planted link is left alone.
    ExportedSession e;
    std::ofstream(e.dir + "/victim.txt") << "keep me";
    fs::create_symlink(e.dir + "/victim.txt", e.destination + ".importing");
    store::import_session(e.folder, e.destination);
    EXPECT_EQ(read_file(e.dir + "/victim.txt"), "keep me");
    EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(e.destination)));
    EXPECT_EQ(fs::read_symlink(e.destination + ".importing"), e.dir + "/victim.txt");
    const std::string name = fs::path(e.destination).filename().string();
    for (const auto& entry : fs::directory_iterator(fs::path(e.destination).parent_path()))
        EXPECT_FALSE(is_temporary_of(entry.path().filename().string(), name)) << entry.path();
}

// The CLI entry point: a clear error naming the file and a non-zero exit.
TEST(SecuritySessionImport, CliImportOfBadFolderFailsNamingTheFile) {
    const std::string exe = test::binary_dir() + "/bin/facellava";
    ASSERT_TRUE(fs::exists(exe)) << exe << " is missing: build the facellava target first";
    ExportedSession e;
    auto j = e.manifest();
    j["database"] = "../elsewhere.sqlite";
    e.write_manifest(j);
    const std::string log = e.dir + "/cli.log";
    const std::string command = "'" + exe + "' session import '" + e.folder + "' '" +
                                e.destination + "' >'" + log + "' 2>&1";
    const int status = std::system(command.c_str());
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_NE(WEXITSTATUS(status), 0);
    const std::string output = read_file(log);
    EXPECT_NE(output.find(e.folder + "/manifest.json"), std::string::npos) << output;
    EXPECT_NE(output.find("outside the session folder"), std::string::npos) << output;
    EXPECT_FALSE(fs::exists(e.destination));
}
#endif

}  // namespace
}  // namespace facellava
