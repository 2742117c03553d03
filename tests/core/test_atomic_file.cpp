// The one atomic writer (core/atomic_file.h): planted symlinks are never
// followed, a full disk (or a file-size limit) leaves the old file and no
// temporary behind, and a process killed between write and rename leaves the
// old file and at most one temporary that later writes do not trip over.
// Failures are provoked for real in forked children (setrlimit, SIGKILL).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/core/npy.h"
#include "facellava/core/paths.h"
#include "test_support.h"

namespace facellava {
namespace {
namespace fs = std::filesystem;

void put(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::set<std::string> names_in(const std::string& dir) {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.insert(entry.path().filename().string());
    return names;
}

// Runs `body` in a forked child and returns its exit status (or 128 + the
// signal that ended it). The child reports through its exit code only: no
// gtest macros there.
int run_in_child(const std::function<int()>& body) {
    const pid_t child = ::fork();
    if (child == 0) {
        int code = 99;
        try {
            code = body();
        } catch (...) {
            code = 98;
        }
        ::_exit(code);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Names the test seam hands out: a fixed one first, then random ones.
int g_fixed_names_left = 0;
std::string fixed_then_random() {
    if (g_fixed_names_left > 0) {
        --g_fixed_names_left;
        return "PLANTEDplant";
    }
    static int counter = 0;
    return "Rnd" + std::to_string(100000000 + counter++);
}

class FixedTempNames {
  public:
    explicit FixedTempNames(int fixed) {
        g_fixed_names_left = fixed;
        previous_ = detail::set_temp_name_source_for_testing(&fixed_then_random);
    }
    ~FixedTempNames() { detail::set_temp_name_source_for_testing(previous_); }

  private:
    detail::TempNameSource previous_;
};

TEST(AtomicFile, ReplacesTheTargetWholeAndLeavesNothingElse) {
    const std::string dir = test::make_temp_dir("atomic-replace");
    const std::string target = dir + "/result.json";
    write_file_atomically(target, "first\n");
    write_file_atomically(target, "second, longer\n");
    EXPECT_EQ(read_file(target), "second, longer\n");
    EXPECT_EQ(names_in(dir), std::set<std::string>{"result.json"});
    EXPECT_EQ(fs::status(target).permissions() & fs::perms::owner_write, fs::perms::owner_write);
}

TEST(AtomicFile, StreamsSmallAndLargeWritesInOrder) {
    const std::string dir = test::make_temp_dir("atomic-stream");
    const std::string target = dir + "/big.bin";
    std::string expected;
    AtomicFileWriter writer(target);
    for (int i = 0; i < 20000; ++i) {  // many small rows: buffered
        const std::string row = "row " + std::to_string(i) + "\n";
        writer.write(row);
        expected += row;
    }
    const std::string block(3 << 20, 'x');  // larger than the buffer: written directly
    writer.write(block.data(), block.size());
    expected += block;
    writer.write("tail");
    expected += "tail";
    EXPECT_EQ(writer.bytes_written(), expected.size());
    EXPECT_FALSE(fs::exists(target));  // nothing under the final name before commit
    const std::string temporary = writer.temporary_path();
    EXPECT_TRUE(is_temporary_of(fs::path(temporary).filename().string(), "big.bin")) << temporary;
    writer.commit();
    EXPECT_EQ(writer.temporary_path(), "");
    EXPECT_FALSE(fs::exists(temporary));
    EXPECT_EQ(read_file(target), expected);
}

TEST(AtomicFile, WriterDroppedWithoutCommitKeepsTheOldFile) {
    const std::string dir = test::make_temp_dir("atomic-drop");
    const std::string target = dir + "/keep.txt";
    put(target, "old");
    {
        AtomicFileWriter writer(target);
        writer.write(std::string(1 << 20, 'n'));
        writer.flush();
    }
    EXPECT_EQ(read_file(target), "old");
    EXPECT_EQ(names_in(dir), std::set<std::string>{"keep.txt"});
}

TEST(AtomicFile, RefuseModeNeverOverwrites) {
    const std::string dir = test::make_temp_dir("atomic-refuse");
    const std::string target = dir + "/once.db";
    AtomicWriteOptions refuse;
    refuse.existing = ExistingTarget::Refuse;
    write_file_atomically(target, "created", refuse);
    EXPECT_EQ(read_file(target), "created");
    try {
        write_file_atomically(target, "clobbered", refuse);
        FAIL() << "an existing file was replaced";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), target);
        EXPECT_NE(std::string(e.what()).find("already exists"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file(target), "created");
    EXPECT_EQ(names_in(dir), std::set<std::string>{"once.db"});
}

TEST(AtomicFile, SymlinkPlantedAtTheTemporaryNameIsNotFollowed) {
    const std::string dir = test::make_temp_dir("atomic-planted");
    const std::string outside = test::make_temp_dir("atomic-planted-victim");
    const std::string victim = outside + "/victim.txt";
    put(victim, "keep me");
    const std::string target = dir + "/out.csv";
    // The exact name the writer tries first, and the fixed names the old
    // writers of the tree used.
    const std::string planted = dir + "/out.csv.PLANTEDplant.tmp";
    fs::create_symlink(victim, planted);
    for (const std::string& old_name :
         {target + ".tmp", target + ".partial", target + ".tmp-" + std::to_string(::getpid()),
          target + ".importing"})
        fs::create_symlink(victim, old_name);
    {
        FixedTempNames names(1);
        write_file_atomically(target, "new content");
    }
    EXPECT_EQ(read_file(victim), "keep me");
    EXPECT_EQ(read_file(target), "new content");
    EXPECT_TRUE(fs::is_symlink(planted));
    EXPECT_EQ(fs::read_symlink(planted), victim);
    // A regular file planted there is neither truncated nor reused.
    fs::remove(planted);
    put(planted, "someone else's");
    {
        FixedTempNames names(1);
        AtomicFileWriter writer(target);
        EXPECT_NE(writer.temporary_path(), planted);
        writer.write("newer");
        writer.commit();
    }
    EXPECT_EQ(read_file(planted), "someone else's");
    EXPECT_EQ(read_file(target), "newer");
}

TEST(AtomicFile, SymlinkAtTheTargetIsReplacedNotWrittenThrough) {
    const std::string dir = test::make_temp_dir("atomic-target-link");
    const std::string outside = test::make_temp_dir("atomic-target-victim");
    const std::string victim = outside + "/victim.txt";
    put(victim, "keep me");
    const std::string target = dir + "/export.csv";
    fs::create_symlink(victim, target);

    AtomicWriteOptions refuse;
    refuse.existing = ExistingTarget::Refuse;
    EXPECT_THROW(write_file_atomically(target, "x", refuse), Error);
    EXPECT_TRUE(fs::is_symlink(target));

    write_file_atomically(target, "exported");
    EXPECT_EQ(read_file(victim), "keep me");
    EXPECT_FALSE(fs::is_symlink(target));
    EXPECT_EQ(read_file(target), "exported");
}

TEST(AtomicFile, EveryTemporaryNameTakenIsAClearError) {
    const std::string dir = test::make_temp_dir("atomic-taken");
    const std::string target = dir + "/x.bin";
    put(dir + "/x.bin.PLANTEDplant.tmp", "");
    FixedTempNames names(1000);
    try {
        write_file_atomically(target, "data");
        FAIL() << "written although every name was taken";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), target);
        EXPECT_NE(std::string(e.what()).find("temporary name"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(target));
}

// A full disk, for real: the file-size limit makes write(2) fail (EFBIG)
// exactly as ENOSPC does, part-way through the file.
TEST(AtomicFile, FileSizeLimitLeavesTheOldFileAndNoTemporary) {
    const std::string dir = test::make_temp_dir("atomic-full");
    const std::string target = dir + "/faces.csv";
    const std::string npy = dir + "/landmarks.npy";
    put(target, "old rows\n");
    put(npy, "old array");
    const int status = run_in_child([&] {
        ::signal(SIGXFSZ, SIG_IGN);  // write(2) then fails with EFBIG instead of killing us
        const rlimit limit{64 << 10, 64 << 10};
        if (::setrlimit(RLIMIT_FSIZE, &limit) != 0)
            return 10;
        try {
            write_file_atomically(target, std::string(1 << 20, 'r'));
            return 11;  // no error
        } catch (const Error& e) {
            if (e.path() != target)
                return 12;
            if (std::string(e.what()).find("larger than allowed") == std::string::npos)
                return 13;
        }
        try {
            write_npy(npy, {512, 512}, std::vector<float>(512 * 512, 1.0f));
            return 14;
        } catch (const Error& e) {
            if (e.path() != npy)
                return 15;
        }
        return 0;
    });
    EXPECT_EQ(status, 0) << "10: setrlimit failed, 11/14: no error, 12/15: wrong path, "
                            "13: the message does not explain the limit";
    EXPECT_EQ(read_file(target), "old rows\n");
    EXPECT_EQ(read_file(npy), "old array");
    EXPECT_EQ(names_in(dir), (std::set<std::string>{"faces.csv", "landmarks.npy"}));
}

TEST(AtomicFile, DiskFullAndOtherCausesAreExplained) {
    std::string problem, advice;
    detail::describe_write_error(ENOSPC, problem, advice);
    EXPECT_NE(problem.find("disk is full"), std::string::npos) << problem;
    EXPECT_NE(advice.find("free space"), std::string::npos) << advice;
    EXPECT_NE(advice.find("unchanged"), std::string::npos) << advice;
    detail::describe_write_error(EACCES, problem, advice);
    EXPECT_NE(problem.find("permission"), std::string::npos) << problem;
    detail::describe_write_error(EROFS, problem, advice);
    EXPECT_NE(problem.find("read-only"), std::string::npos) << problem;

    const std::string missing = test::make_temp_dir("atomic-missing") + "/no/such/folder/x.txt";
    try {
        write_file_atomically(missing, "x");
        FAIL();
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), missing);
        EXPECT_NE(std::string(e.what()).find("folder does not exist"), std::string::npos)
            << e.what();
    }
}

// kill -9 between write and rename: the parent kills the child after it has
// written (and handed to the kernel) the whole new content but before commit.
TEST(AtomicFile, KillBetweenWriteAndRenameKeepsTheOldFile) {
    const std::string dir = test::make_temp_dir("atomic-kill");
    const std::string target = dir + "/metadata.json";
    put(target, "{\"old\": true}\n");
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(ready[0]);
        AtomicFileWriter writer(target);
        writer.write(std::string(4 << 20, 'n'));
        writer.flush();
        const char byte = 1;
        if (::write(ready[1], &byte, 1) != 1)
            ::_exit(2);
        ::pause();  // killed here, before commit()
        ::_exit(3);
    }
    ::close(ready[1]);
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the child died before writing";
    ::close(ready[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);

    EXPECT_EQ(read_file(target), "{\"old\": true}\n");
    std::vector<std::string> leftovers;
    for (const auto& name : names_in(dir))
        if (name != "metadata.json")
            leftovers.push_back(name);
    ASSERT_EQ(leftovers.size(), 1u) << "expected the killed writer's temporary file";
    EXPECT_TRUE(is_temporary_of(leftovers[0], "metadata.json")) << leftovers[0];

    // The next write picks another name and succeeds; the owner of the folder
    // may then sweep the leftover.
    write_file_atomically(target, "{\"new\": true}\n");
    EXPECT_EQ(read_file(target), "{\"new\": true}\n");
    EXPECT_TRUE(fs::exists(dir + "/" + leftovers[0]));
    EXPECT_EQ(remove_stale_temporaries(target), 1);
    EXPECT_EQ(names_in(dir), std::set<std::string>{"metadata.json"});
}

TEST(AtomicFile, LongNamesStillGetATemporaryName) {
    const std::string dir = test::make_temp_dir("atomic-long");
    const std::string name = std::string(250, 'n') + ".csv";  // 254 bytes: NAME_MAX is 255
    write_file_atomically(dir + "/" + name, "ok");
    EXPECT_EQ(read_file(dir + "/" + name), "ok");
    EXPECT_TRUE(is_temporary_of(name.substr(0, 238) + ".abcdefABCDEF.tmp", name));
    EXPECT_FALSE(is_temporary_of(name + ".abcdefABCDEF.tmp", name));
    EXPECT_FALSE(is_temporary_of("x.csv.abc-efABCDEF.tmp", "x.csv"));
    EXPECT_FALSE(is_temporary_of("x.csv.tmp", "x.csv"));
}

TEST(AtomicFile, FoldersAreBuiltAsideAndCommittedWhole) {
    const std::string dir = test::make_temp_dir("atomic-folder");
    const std::string target = dir + "/step-00000010";
    const std::string temporary = create_temporary_folder(target);
    EXPECT_TRUE(fs::is_directory(temporary));
    EXPECT_TRUE(is_temporary_of(fs::path(temporary).filename().string(), "step-00000010"));
    write_file_atomically(temporary + "/state.json", "{}\n");
    put(temporary + "/optimizer.pt", "weights");  // written by another library
    commit_folder(temporary, target);
    EXPECT_FALSE(fs::exists(temporary));
    EXPECT_EQ(read_file(target + "/state.json"), "{}\n");
    EXPECT_EQ(read_file(target + "/optimizer.pt"), "weights");

    // Replacing a folder: move the old one aside over an empty temporary
    // folder, then commit the new one.
    const std::string aside = create_temporary_folder(target + ".old");
    rename_durably(target, aside);
    EXPECT_EQ(read_file(aside + "/optimizer.pt"), "weights");
    const std::string again = create_temporary_folder(target);
    commit_folder(again, target);
    EXPECT_TRUE(fs::is_empty(target));
    EXPECT_THROW(rename_durably(dir + "/missing", dir + "/elsewhere"), Error);
}

}  // namespace
}  // namespace facellava
