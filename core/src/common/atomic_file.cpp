#include "facellava/core/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28+)
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava {
namespace fs = std::filesystem;

namespace {

// Small writes (CSV rows) are gathered up to this size; larger ones go to the
// file directly from the caller's memory.
constexpr size_t kBufferBytes = size_t(256) << 10;
constexpr size_t kRandomChars = 12;
constexpr std::string_view kTempEnding = ".tmp";
// "." + random + ".tmp" must fit beside the target's name in NAME_MAX (255).
constexpr size_t kMaxNameBytes = 255;
constexpr size_t kSuffixBytes = 1 + kRandomChars + 4;
// O_EXCL collisions in a row before giving up: with 62^12 names only a
// broken random source (or a test) gets here.
constexpr int kNameAttempts = 64;

std::atomic<detail::TempNameSource> g_name_source{nullptr};

std::string system_random_chars() {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char bytes[kRandomChars];
    if (::getrandom(bytes, sizeof bytes, 0) != ssize_t(sizeof bytes)) {
        std::random_device device;  // getrandom() missing (old kernel): the C++ source
        for (auto& b : bytes)
            b = static_cast<unsigned char>(device());
    }
    std::string out;
    for (unsigned char b : bytes)
        out.push_back(kAlphabet[b % 62]);
    return out;
}

std::string random_chars() {
    const detail::TempNameSource source = g_name_source.load();
    return source ? source() : system_random_chars();
}

// The target's name, cut so that the temporary name still fits NAME_MAX.
std::string_view temp_base(std::string_view target_name) {
    return target_name.substr(0, std::min(target_name.size(), kMaxNameBytes - kSuffixBytes));
}

std::string temp_name_for(std::string_view target_name) {
    return std::string(temp_base(target_name)) + "." + random_chars() + std::string(kTempEnding);
}

struct SplitPath {
    std::string folder;  // "." for a bare name
    std::string name;
};

SplitPath split_target(const std::string& target) {
    const fs::path path(target);
    const std::string name = path.filename().string();
    if (name.empty() || name == "." || name == "..")
        throw Error("the path does not name a file", target, "give a file name, not a folder");
    const std::string folder = path.parent_path().string();
    return {folder.empty() ? std::string(".") : folder, name};
}

[[noreturn]] void throw_errno(const std::string& what, int error_number, const std::string& path) {
    std::string problem, advice;
    detail::describe_write_error(error_number, problem, advice);
    throw Error(what + ": " + problem, path, advice);
}

int open_folder(const std::string& folder, const std::string& target) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        throw_errno("cannot open the folder to write the file in", errno, target);
    return fd;
}

// fsync of an open folder; EINVAL: the file system cannot sync folders.
bool sync_fd(int fd, bool is_folder) {
    if (::fsync(fd) == 0)
        return true;
    return is_folder && (errno == EINVAL || errno == ENOTSUP);
}

void sync_folder_of(const std::string& path) {
    const std::string folder = fs::path(path).parent_path().string();
    sync_to_disk(folder.empty() ? "." : folder);
}

// rename(2) that keeps an existing destination: renameat2(RENAME_NOREPLACE),
// or link + unlink where the file system does not offer it.
int rename_no_replace(int folder_fd, const char* from, const char* to) {
#ifdef RENAME_NOREPLACE
    if (::renameat2(folder_fd, from, folder_fd, to, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return -1;
#endif
    if (::linkat(folder_fd, from, folder_fd, to, 0) != 0)
        return -1;
    ::unlinkat(folder_fd, from, 0);
    return 0;
}

}  // namespace

namespace detail {

TempNameSource set_temp_name_source_for_testing(TempNameSource source) {
    return g_name_source.exchange(source);
}

void describe_write_error(int error_number, std::string& problem, std::string& advice) {
    const std::string unchanged = "; the previous version of the file, if any, is unchanged";
    switch (error_number) {
        case ENOSPC:
            problem = "the disk is full (no space left on the device)";
            advice = "free space on that disk or choose a folder on another disk, then try again" +
                     unchanged;
            return;
        case EDQUOT:
            problem = "your disk quota is used up";
            advice =
                "delete files you do not need or choose another folder, then try again" + unchanged;
            return;
        case EFBIG:
            problem =
                "the file is larger than allowed (the file-size limit of the process, "
                "ulimit -f, or the maximum of the file system)";
            advice =
                "raise the limit (ulimit -f unlimited) or write to another file system" + unchanged;
            return;
        case EACCES:
        case EPERM:
            problem = "permission denied";
            advice = "choose a folder you may write to, or fix its permissions";
            return;
        case EROFS:
            problem = "the file system is read-only";
            advice = "choose a folder on a writable disk";
            return;
        case ENOENT:
        case ENOTDIR:
            problem = "the folder does not exist";
            advice = "create the folder first, or check the path";
            return;
        case EISDIR:
            problem = "a folder has this name";
            advice = "choose another file name";
            return;
        case EEXIST:
        case ENOTEMPTY:
            problem = "it already exists";
            advice = "choose a new name, or remove the old one first";
            return;
        case ENAMETOOLONG:
            problem = "the name is too long";
            advice = "choose a shorter file name or folder";
            return;
        case EIO:
            problem = "input/output error (the disk may be failing or was removed)";
            advice = "check the disk and try again" + unchanged;
            return;
        default:
            problem = std::strerror(error_number);
            advice = "check the folder, its free space and its permissions, then try again";
            return;
    }
}

}  // namespace detail

AtomicFileWriter::AtomicFileWriter(std::string target, AtomicWriteOptions options)
    : target_(std::move(target)), options_(options) {
    SplitPath split = split_target(target_);
    folder_ = std::move(split.folder);
    name_ = std::move(split.name);
    folder_fd_ = open_folder(folder_, target_);
    for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
        temp_name_ = temp_name_for(name_);
        // O_EXCL | O_NOFOLLOW: a file or symlink already at this name (planted,
        // or a leftover) is never opened; we take another name instead.
        fd_ = ::openat(folder_fd_, temp_name_.c_str(),
                       O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                       mode_t(options_.permissions));
        if (fd_ >= 0)
            return;
        if (errno != EEXIST) {
            const int error_number = errno;
            ::close(folder_fd_);
            folder_fd_ = -1;
            throw_errno("cannot create the file", error_number, target_);
        }
    }
    ::close(folder_fd_);
    folder_fd_ = -1;
    throw Error("cannot create the file: every temporary name tried was taken", target_,
                "remove the *.tmp files beside it and try again");
}

AtomicFileWriter::~AtomicFileWriter() {
    close_and_remove();
}

void AtomicFileWriter::close_and_remove() noexcept {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
        ::unlinkat(folder_fd_, temp_name_.c_str(), 0);
    }
    if (folder_fd_ >= 0) {
        ::close(folder_fd_);
        folder_fd_ = -1;
    }
    buffer_.clear();
}

void AtomicFileWriter::discard() noexcept {
    close_and_remove();
}

std::string AtomicFileWriter::temporary_path() const {
    return fd_ >= 0 ? (fs::path(folder_) / temp_name_).string() : std::string();
}

void AtomicFileWriter::fail(const std::string& step, int error_number) {
    close_and_remove();
    throw_errno(step, error_number, target_);
}

void AtomicFileWriter::write_out(const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = ::write(fd_, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            fail("writing the file failed", n < 0 ? errno : EIO);
        data += n;
        size -= size_t(n);
    }
}

void AtomicFileWriter::write(const void* data, size_t size) {
    if (fd_ < 0)
        throw Error("internal error: write after commit or discard", target_);
    const char* bytes = static_cast<const char*>(data);
    if (buffer_.size() + size > kBufferBytes)
        flush();
    if (size >= kBufferBytes)
        write_out(bytes, size);  // straight from the caller's memory
    else
        buffer_.append(bytes, size);
    bytes_ += size;
}

void AtomicFileWriter::flush() {
    if (fd_ < 0)
        throw Error("internal error: flush after commit or discard", target_);
    write_out(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void AtomicFileWriter::append_file(const std::string& source) {
    const int in = ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        throw Error("cannot open the file (" + std::string(std::strerror(errno)) + ")", source,
                    "check that it exists and is readable");
    std::vector<char> block(size_t(1) << 20);
    for (;;) {
        const ssize_t got = ::read(in, block.data(), block.size());
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const std::string why = std::strerror(errno);
            ::close(in);
            throw Error("cannot read the file (" + why + ")", source, "check that it is readable");
        }
        if (got == 0)
            break;
        try {
            write(block.data(), size_t(got));
        } catch (...) {
            ::close(in);
            throw;
        }
    }
    ::close(in);
}

void AtomicFileWriter::commit() {
    if (fd_ < 0)
        throw Error("internal error: commit after commit or discard", target_);
    flush();
    // fsync before rename: otherwise a crash can leave the new name on an
    // empty or partly written file (ext4 delayed allocation, XFS).
    if (::fsync(fd_) != 0)
        fail("flushing the file to disk failed", errno);
    const int fd = fd_;
    fd_ = -1;  // closed below whatever close() says
    if (::close(fd) != 0) {
        const int error_number = errno;
        ::unlinkat(folder_fd_, temp_name_.c_str(), 0);
        close_and_remove();
        throw_errno("closing the file failed", error_number, target_);
    }
    const int renamed = options_.existing == ExistingTarget::Replace
                            ? ::renameat(folder_fd_, temp_name_.c_str(), folder_fd_, name_.c_str())
                            : rename_no_replace(folder_fd_, temp_name_.c_str(), name_.c_str());
    if (renamed != 0) {
        const int error_number = errno;
        ::unlinkat(folder_fd_, temp_name_.c_str(), 0);
        close_and_remove();
        throw_errno("cannot move the finished file into place", error_number, target_);
    }
    // The rename itself lives in the folder: sync it, or a power cut may
    // bring back the old name.
    const bool synced = sync_fd(folder_fd_, true);
    const int error_number = errno;
    close_and_remove();
    if (!synced)
        throw_errno("the file was saved, but flushing its folder to disk failed", error_number,
                    target_);
}

void write_file_atomically(const std::string& path, std::string_view bytes,
                           AtomicWriteOptions options) {
    AtomicFileWriter writer(path, options);
    writer.write(bytes);
    writer.commit();
}

void sync_to_disk(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw_errno("cannot open to flush it to disk", errno, path);
    struct stat info {};
    const bool is_folder = ::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode);
    const bool synced = sync_fd(fd, is_folder);
    const int error_number = errno;
    ::close(fd);
    if (!synced)
        throw_errno("flushing to disk failed", error_number, path);
}

void rename_durably(const std::string& from, const std::string& to) {
    if (std::rename(from.c_str(), to.c_str()) != 0)
        throw_errno("cannot rename " + from + " to " + to, errno, to);
    sync_folder_of(to);
    if (fs::path(from).parent_path() != fs::path(to).parent_path())
        sync_folder_of(from);
}

std::string create_temporary_folder(const std::string& target) {
    const SplitPath split = split_target(target);
    for (int attempt = 0; attempt < kNameAttempts; ++attempt) {
        const std::string path = (fs::path(split.folder) / temp_name_for(split.name)).string();
        if (::mkdir(path.c_str(), 0755) == 0)
            return path;
        if (errno != EEXIST)
            throw_errno("cannot create a folder to build it in", errno, target);
    }
    throw Error("cannot create a folder to build it in: every temporary name tried was taken",
                target, "remove the *.tmp folders beside it and try again");
}

void commit_folder(const std::string& temporary, const std::string& target) {
    DIR* dir = ::opendir(temporary.c_str());
    if (!dir)
        throw_errno("cannot open the finished folder " + temporary, errno, target);
    std::vector<std::string> files;
    while (const dirent* entry = ::readdir(dir)) {
        const std::string name = entry->d_name;
        if (name != "." && name != "..")
            files.push_back((fs::path(temporary) / name).string());
    }
    ::closedir(dir);
    for (const std::string& file : files) {
        const int fd = ::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;  // a symlink: nothing of ours to flush
        struct stat info {};
        const bool regular = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode);
        const bool synced = !regular || ::fsync(fd) == 0;
        const int error_number = errno;
        ::close(fd);
        if (!synced)
            throw_errno("flushing " + file + " to disk failed", error_number, target);
    }
    sync_to_disk(temporary);
    rename_durably(temporary, target);
}

bool is_temporary_of(std::string_view file_name, std::string_view target_name) {
    const std::string_view base = temp_base(target_name);
    if (file_name.size() != base.size() + kSuffixBytes ||
        file_name.substr(0, base.size()) != base || file_name[base.size()] != '.' ||
        file_name.substr(file_name.size() - kTempEnding.size()) != kTempEnding)
        return false;
    const std::string_view random = file_name.substr(base.size() + 1, kRandomChars);
    return std::all_of(random.begin(), random.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

int remove_stale_temporaries(const std::string& target) {
    const SplitPath split = split_target(target);
    DIR* dir = ::opendir(split.folder.c_str());
    if (!dir)
        return 0;
    std::vector<std::string> stale;
    while (const dirent* entry = ::readdir(dir))
        if (is_temporary_of(entry->d_name, split.name))
            stale.push_back((fs::path(split.folder) / entry->d_name).string());
    ::closedir(dir);
    int removed = 0;
    for (const std::string& path : stale)
        if (remove_tree(path) > 0)  // symlinks removed, not followed
            ++removed;
    return removed;
}

}  // namespace facellava
