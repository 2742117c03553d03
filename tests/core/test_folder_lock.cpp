// FolderLock: one writer per folder. A second lock on the same file is
// refused with the caller's message naming the folder (even inside one
// process: flock() is per open file), the folder is free again once the
// holder is gone (destroyed or moved from), and a lock file in a subfolder
// creates it.
#include <gtest/gtest.h>

#include <filesystem>
#include <utility>

#include "facellava/core/error.h"
#include "facellava/core/folder_lock.h"
#include "test_support.h"

namespace facellava {
namespace {

TEST(FolderLock, SecondWriterIsRefusedNamingTheFolder) {
    const std::string dir = test::make_temp_dir("folder-lock") + "/out";
    const FolderLock first(dir, ".lock", "busy", "wait");
    try {
        FolderLock second(dir, ".lock", "another run is writing here", "wait for it");
        FAIL() << "two locks on one folder";
    } catch (const Error& e) {
        EXPECT_EQ(e.brief(), "another run is writing here");
        EXPECT_EQ(e.path(), dir);
        EXPECT_EQ(e.hint(), "wait for it");
    }
    // Another lock file in the same folder is another lock.
    EXPECT_NO_THROW(FolderLock(dir, ".other.lock", "busy", "wait"));
}

TEST(FolderLock, FreeAgainOnceTheHolderIsGone) {
    const std::string dir = test::make_temp_dir("folder-lock-free");
    {
        FolderLock held(dir, ".lock", "busy", "wait");
        FolderLock moved = std::move(held);  // the lock goes with the object
        EXPECT_THROW(FolderLock(dir, ".lock", "busy", "wait"), Error);
    }
    EXPECT_NO_THROW(FolderLock(dir, ".lock", "busy", "wait"));
}

TEST(FolderLock, CreatesTheLockFilesFolder) {
    const std::string dir = test::make_temp_dir("folder-lock-sub") + "/new/out";
    const FolderLock lock(dir, "parts/.lock", "busy", "wait");
    EXPECT_TRUE(std::filesystem::is_regular_file(dir + "/parts/.lock"));
}

TEST(FolderLock, UnwritablePlaceIsAClearError) {
    const std::string file = test::make_temp_dir("folder-lock-file") + "/plain";
    { FolderLock make(file + "-dir", ".lock", "busy", "wait"); }
    std::filesystem::rename(file + "-dir/.lock", file);  // a plain file where a folder should be
    try {
        FolderLock lock(file, ".lock", "busy", "wait");
        FAIL() << "locked inside a plain file";
    } catch (const Error& e) {
        EXPECT_NE(e.brief().find("cannot create the output folder"), std::string::npos)
            << e.brief();
        EXPECT_EQ(e.path(), file);
    }
}

}  // namespace
}  // namespace facellava
