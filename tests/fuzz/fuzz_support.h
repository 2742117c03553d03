// Shared by the fuzz targets (libFuzzer's LLVMFuzzerTestOneInput, also run by
// replay_main.cpp in the normal build). Readers that take a path get the
// input written to a file in a per-process scratch folder: /dev/shm when it
// exists, so millions of inputs never touch the disk.
//
// A finding is anything but the reader's documented outcome for bad input: a
// crash, a sanitizer report, an exception of another type, a hang, or a broken
// invariant (FUZZ_CHECK prints it and aborts, so libFuzzer saves the input).
#pragma once

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "facellava/core/paths.h"

#define FUZZ_CHECK(condition)                                                                      \
    do {                                                                                           \
        if (!(condition)) {                                                                        \
            std::fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__, #condition); \
            std::abort();                                                                          \
        }                                                                                          \
    } while (false)

namespace facellava::fuzz {

// The scratch folder, removed when the process exits normally (a crashed run
// leaves it behind, with the input that crashed it).
class ScratchDir {
  public:
    ScratchDir() {
        const char* base = ::access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
        path_ = std::string(base) + "/facellava-fuzz-" + std::to_string(::getpid());
        if (::mkdir(path_.c_str(), 0700) != 0 && errno != EEXIST) {
            std::perror(path_.c_str());
            std::abort();
        }
    }
    ~ScratchDir() { remove_tree(path_); }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

inline const std::string& scratch_dir() {
    static ScratchDir dir;
    return dir.path();
}

// Writes the input to <scratch>/<name> (replacing it) and returns its path.
inline std::string write_input(const std::string& name, const uint8_t* data, size_t size) {
    const std::string path = scratch_dir() + "/" + name;
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        std::perror(path.c_str());
        std::abort();
    }
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n <= 0) {
            std::perror(path.c_str());
            std::abort();
        }
        done += size_t(n);
    }
    ::close(fd);
    return path;
}

}  // namespace facellava::fuzz
