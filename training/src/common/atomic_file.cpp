#include "common/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "facellava/core/error.h"

namespace facellava::training {
namespace fs = std::filesystem;

std::string temp_path_for(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    return path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
}

void rename_or_throw(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        throw Error("could not rename " + from + " to " + to + ": " + why, to,
                    "check that the folder is writable and on one file system");
    }
}

void sync_directory(const std::string& dir) {
    const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return;
    ::fsync(fd);
    ::close(fd);
}

void write_file_atomic(const std::string& path, const std::string& bytes) {
    const std::string temp = temp_path_for(path);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error(std::string("could not create file: ") + std::strerror(errno), temp,
                    "check that the folder exists and is writable");
    }
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = std::strerror(errno);
            ::close(fd);
            ::unlink(temp.c_str());
            throw Error("could not write file: " + why, path, "check the free disk space");
        }
        written += size_t(n);
    }
    // fsync before rename: otherwise a crash can leave the new name pointing
    // at an empty file on some file systems.
    const bool synced = ::fsync(fd) == 0;
    ::close(fd);
    if (!synced) {
        ::unlink(temp.c_str());
        throw Error("could not flush file to disk", path, "check the free disk space");
    }
    rename_or_throw(temp, path);
    sync_directory(fs::path(path).parent_path().string());
}

}  // namespace facellava::training
