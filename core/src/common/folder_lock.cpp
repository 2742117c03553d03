#include "facellava/core/folder_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <system_error>
#include <utility>

#include "facellava/core/error.h"

namespace facellava {

FolderLock::FolderLock(const std::string& dir, const std::string& lock_name,
                       const std::string& busy_problem, const std::string& busy_advice) {
    const std::filesystem::path path = std::filesystem::path(dir) / lock_name;
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec || !std::filesystem::is_directory(path.parent_path()))
        throw Error("cannot create the output folder" + (ec ? " (" + ec.message() + ")" : ""),
                    path.parent_path().string(), "choose a folder you may write to");
    fd_ = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw Error("cannot create the lock file", path.string(),
                    "choose a folder you may write to");
    // Per open file description: a second open() of the same file conflicts
    // even inside this process.
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw Error(busy_problem, dir, busy_advice);
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0)
        ::close(fd_);  // releases the flock
}

FolderLock::FolderLock(FolderLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

FolderLock& FolderLock::operator=(FolderLock&& other) noexcept {
    if (this != &other) {
        if (fd_ >= 0)
            ::close(fd_);
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

}  // namespace facellava
