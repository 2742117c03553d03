#include "test_support.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <vector>

#include "facellava/core/paths.h"

namespace facellava::test {
namespace {

std::vector<std::string>& temp_dirs() {
    static std::vector<std::string> dirs;
    return dirs;
}

void remove_temp_dirs() {
    for (const auto& dir : temp_dirs())
        remove_tree(dir);
    temp_dirs().clear();
}

// Removes the temp dirs when RUN_ALL_TESTS ends (remove_tree, not
// std::filesystem::remove_all: see facellava/core/paths.h).
class TempDirCleanup : public ::testing::Environment {
  public:
    void TearDown() override { remove_temp_dirs(); }
};

}  // namespace

std::string fixtures_dir() {
    std::string dir = env_or("FACELLAVA_FIXTURES", env_or("FACELLAVA_FIXTURES_DEFAULT", ""));
    if (dir.empty())
        dir = std::string(FACELLAVA_SOURCE_DIR) + "/../shared/fixtures";
    if (!is_directory(dir)) {
        ADD_FAILURE() << "fixtures folder not found: " << dir
                      << " (set FACELLAVA_FIXTURES to the shared fixtures folder)";
        throw std::runtime_error("fixtures folder missing: " + dir);
    }
    return dir;
}

std::string fixture(const std::string& relative) {
    std::string path = fixtures_dir() + "/" + relative;
    if (!std::filesystem::exists(path)) {
        ADD_FAILURE() << "fixture file missing: " << path;
        throw std::runtime_error("fixture file missing: " + path);
    }
    return path;
}

std::string make_temp_dir(const std::string& tag) {
    static std::once_flag registered;
    std::call_once(registered, [] { ::testing::AddGlobalTestEnvironment(new TempDirCleanup); });
    std::string pattern =
        std::filesystem::temp_directory_path().string() + "/facellava-" + tag + "-XXXXXX";
    std::vector<char> buffer(pattern.begin(), pattern.end());
    buffer.push_back('\0');
    if (!::mkdtemp(buffer.data()))
        throw std::runtime_error("mkdtemp failed for " + pattern);
    temp_dirs().emplace_back(buffer.data());
    return temp_dirs().back();
}

std::string source_dir() {
    return env_or("FACELLAVA_SOURCE_DIR", FACELLAVA_SOURCE_DIR);
}
std::string binary_dir() {
    return env_or("FACELLAVA_BINARY_DIR", FACELLAVA_TEST_BINARY_DIR);
}

}  // namespace facellava::test
