#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/core/sha256.h"
#include "test_support.h"

namespace facellava {
namespace {

void write(const std::string& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary);
    out << content;
}

TEST(Sha256, KnownVectors) {
    // FIPS 180-2 examples.
    EXPECT_EQ(sha256_hex("", 0),
              "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc", 3),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const std::string two_blocks = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    EXPECT_EQ(sha256_hex(two_blocks.data(), two_blocks.size()),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    const std::string million(1000000, 'a');
    EXPECT_EQ(sha256_hex(million.data(), million.size()),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, StreamingEqualsOneShotAndFilesHash) {
    const std::string data(100003, 'x');
    Sha256 hasher;
    for (size_t i = 0; i < data.size(); i += 977)
        hasher.update(data.data() + i, std::min<size_t>(977, data.size() - i));
    const std::string streamed = hasher.hex_digest();
    EXPECT_EQ(streamed, sha256_hex(data.data(), data.size()));
    const std::string path = test::make_temp_dir("sha") + "/data.bin";
    write(path, data);
    EXPECT_EQ(sha256_file(path), streamed);
    EXPECT_THROW(sha256_file(path + ".missing"), Error);
}

TEST(RemoveTree, DeletesNestedFoldersAndLinksWithoutFollowingThem) {
    namespace fs = std::filesystem;
    const fs::path root = test::make_temp_dir("remove_tree");
    const fs::path keep = root / "outside";
    fs::create_directories(keep);
    std::ofstream(keep / "precious.txt") << "stays";
    const fs::path tree = root / "tree";
    fs::create_directories(tree / "a" / "b");
    std::ofstream(tree / "a" / "b" / "f.bin") << "x";
    std::ofstream(tree / "top.txt") << "y";
    fs::create_directory_symlink(keep, tree / "a" / "link");
    // tree, a, b, f.bin, top.txt, link: six entries.
    EXPECT_EQ(remove_tree(tree.string()), 6);
    EXPECT_FALSE(fs::exists(tree));
    EXPECT_TRUE(fs::exists(keep / "precious.txt")) << "the link's target must survive";
    EXPECT_EQ(remove_tree(tree.string()), 0) << "a missing path is not an error";
    std::ofstream(root / "file.txt") << "z";
    EXPECT_EQ(remove_tree((root / "file.txt").string()), 1);
}

TEST(RemoveTree, ReportsWhatCouldNotBeRemoved) {
    if (::geteuid() == 0)
        GTEST_SKIP() << "root ignores folder permissions";
    namespace fs = std::filesystem;
    const fs::path root = test::make_temp_dir("remove_tree_ro");
    fs::create_directories(root / "locked");
    std::ofstream(root / "locked" / "f.txt") << "x";
    fs::permissions(root / "locked", fs::perms::owner_read | fs::perms::owner_exec);
    std::string error;
    EXPECT_EQ(remove_tree((root / "locked").string(), &error), -1);
    EXPECT_NE(error.find("f.txt"), std::string::npos) << error;
    fs::permissions(root / "locked", fs::perms::owner_all);
}

TEST(Error, MessageNamesFileAndFix) {
    Error e("cannot open video", "/data/clip.mp4", "check the file exists");
    EXPECT_STREQ(e.what(), "cannot open video [/data/clip.mp4]: check the file exists");
    EXPECT_EQ(e.path(), "/data/clip.mp4");
    EXPECT_EQ(e.hint(), "check the file exists");
    EXPECT_EQ(e.brief(), "cannot open video");
}

TEST(AssetLocator, ReportsMissingAssetsWithTheFixCommand) {
    const std::string empty_cache = test::make_temp_dir("cache");
    AssetLocator locator(empty_cache, test::source_dir() + "/resources", empty_cache + "/no-dlib");
    const auto statuses = locator.check(false);
    // 14 face-api files + 17 human-models files + the dlib predictor
    ASSERT_GE(statuses.size(), 32u);
    for (const auto& s : statuses) {
        EXPECT_FALSE(s.found) << s.name;
        EXPECT_EQ(s.problem, "missing");
        EXPECT_FALSE(s.fix.empty());
    }
    try {
        locator.faceapi_file("model/face_expression_model.bin");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("bootstrap.sh"), std::string::npos) << e.what();
    }
    EXPECT_THROW(locator.dlib_shape_predictor(), Error);
}

TEST(AssetLocator, MissingHumanModelsFileNamesTheFetch) {
    const std::string empty_cache = test::make_temp_dir("cache");
    AssetLocator locator(empty_cache, test::source_dir() + "/resources", empty_cache + "/no-dlib",
                         "/opt/fl/bin/facellava-fetch-assets");
    // Every pinned file of the package is listed (info shows them), none found.
    std::vector<std::string> listed;
    for (const auto& s : locator.check(false)) {
        if (s.name.rfind("human-models ", 0) == 0) {
            listed.push_back(s.name);
            EXPECT_FALSE(s.found) << s.name;
            EXPECT_EQ(s.fix, "/opt/fl/bin/facellava-fetch-assets");
        }
    }
    for (const char* needed : {"human-models models/facemesh.json", "human-models models/iris.bin",
                               "human-models LICENSE"}) {
        EXPECT_NE(std::find(listed.begin(), listed.end(), needed), listed.end()) << needed;
    }
    try {
        locator.human_models_file("models/facemesh.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("models/facemesh.json"), std::string::npos) << what;
        EXPECT_NE(what.find("/opt/fl/bin/facellava-fetch-assets"), std::string::npos) << what;
        EXPECT_NE(what.find("human-models@3.0.4"), std::string::npos) << what;
        EXPECT_EQ(e.path(), empty_cache + "/npm/human-models-3.0.4/package/models/facemesh.json");
    }
}

TEST(AssetLocator, DetectsACorruptedAssetBySha256) {
    const std::string cache = test::make_temp_dir("cache");
    AssetLocator locator(cache, test::source_dir() + "/resources", cache);
    const std::string file = locator.faceapi_root() + "/model/face_expression_model.bin";
    std::filesystem::create_directories(locator.faceapi_root() + "/model");
    write(file, "not the real weights");
    bool seen = false;
    for (const auto& s : locator.check(true)) {
        if (s.path == file) {
            seen = true;
            EXPECT_TRUE(s.found);
            EXPECT_FALSE(s.verified);
            EXPECT_NE(s.problem.find("sha256 mismatch"), std::string::npos);
        }
    }
    EXPECT_TRUE(seen);
}

TEST(AssetLocator, InstalledAssetsVerify) {
    // The set-up (scripts/bootstrap.sh) has run on every machine that runs the
    // tests, so the real assets must be present and intact.
    const auto locator = AssetLocator::from_environment();
    for (const auto& s : locator.check(true)) {
        EXPECT_TRUE(s.problem.empty())
            << s.name << ": " << s.problem << " (" << s.path << ") fix: " << s.fix;
    }
}

}  // namespace
}  // namespace facellava
