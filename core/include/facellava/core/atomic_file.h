// Files that appear whole or not at all: the one atomic writer of the tree.
//
// The bytes go to a new temporary file in the target's folder, named
// "<target name>.<12 random letters and digits>.tmp" and created with
// O_CREAT | O_EXCL | O_NOFOLLOW, so a file or symlink someone planted at a
// name we might use is never opened, let alone followed. commit() flushes the
// file to disk (fsync), renames it over the target (rename(2) replaces a
// symlink at the target itself, it does not write through it) and fsyncs the
// folder, so after a power cut the target is the old file or the new one,
// never half of one or an empty one. On any failure the temporary file is
// removed and a facellava::Error names the target and the cause (a full disk
// says so, with what to do).
//
// A process killed between write and commit leaves at most its temporary
// file beside the old target; the next write picks another name and is not
// disturbed by it. A folder owner that knows no other writer is active (it
// holds the folder's lock) may sweep such leftovers with
// remove_stale_temporaries().
//
// Thread-safety: a writer is used by one thread; different writers (also of
// one target) may run at once: each has its own temporary file, the last
// commit wins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace facellava {

// What commit() does when the target already exists.
enum class ExistingTarget {
    Replace,  // the new file takes its place (a symlink there is replaced, not followed)
    Refuse,   // commit() fails with facellava::Error and leaves the target as it is
};

struct AtomicWriteOptions {
    ExistingTarget existing = ExistingTarget::Replace;
    unsigned permissions = 0644;  // of the new file, before the process umask
};

// Streams a file of any size to a temporary sibling and moves it into place on
// commit(). Small writes are buffered; large ones (tensors) go straight from
// the caller's memory to the file, without a copy.
class AtomicFileWriter {
  public:
    // Creates the temporary file. Throws facellava::Error naming `target`
    // when its folder is missing or not writable.
    explicit AtomicFileWriter(std::string target, AtomicWriteOptions options = {});
    // Without commit(): removes the temporary file; the target stays as it was.
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(const void* data, size_t size);
    void write(std::string_view bytes) { write(bytes.data(), bytes.size()); }
    // Appends the whole content of another file, streamed in blocks.
    void append_file(const std::string& source);
    // Hands the buffered bytes to the kernel, so the temporary file can be
    // read by path (e.g. checked by SQLite) before commit().
    void flush();
    // Flushes to disk, moves the file into place and syncs the folder.
    // Throws facellava::Error naming the target; the temporary file is gone
    // either way.
    void commit();
    // Gives up: removes the temporary file now (the destructor's job, early).
    void discard() noexcept;

    const std::string& target() const { return target_; }
    // The temporary file, "" once committed or discarded.
    std::string temporary_path() const;
    uint64_t bytes_written() const { return bytes_; }

  private:
    void write_out(const char* data, size_t size);
    [[noreturn]] void fail(const std::string& step, int error_number);
    void close_and_remove() noexcept;

    std::string target_;
    std::string folder_;  // the target's folder ("." for a bare name)
    std::string name_;    // the target's file name
    std::string temp_name_;
    AtomicWriteOptions options_;
    int folder_fd_ = -1;  // the folder, opened once: temp and target are in the same one
    int fd_ = -1;
    std::string buffer_;
    uint64_t bytes_ = 0;
};

// The whole content at once, atomically.
void write_file_atomically(const std::string& path, std::string_view bytes,
                           AtomicWriteOptions options = {});

// Flushes a file or a folder to disk by path (for a folder: the names
// created, renamed or removed in it). Throws facellava::Error naming it;
// a file system that cannot sync folders (EINVAL) is not an error.
void sync_to_disk(const std::string& path);

// rename(2) that throws facellava::Error naming both paths, then syncs the
// destination's folder so the new name survives a power cut. For folders
// too (the destination must not exist or be an empty folder).
void rename_durably(const std::string& from, const std::string& to);

// Folders built whole before they appear under their name (checkpoints):
// creates a new empty folder "<target>.<random>.tmp" beside `target` (mode
// 0755 before the umask) and returns its path.
std::string create_temporary_folder(const std::string& target);
// Syncs every regular file directly inside `temporary` and the folder itself,
// renames it to `target` (which must not exist, or be an empty folder) and
// syncs the parent. Throws facellava::Error naming `target`.
void commit_folder(const std::string& temporary, const std::string& target);

// True for names this kit gives temporary files and folders of `target_name`.
bool is_temporary_of(std::string_view file_name, std::string_view target_name);
// Removes the temporary files and folders of `target` that a killed writer
// left beside it. Only for a caller that knows no other writer of `target`
// is running (it holds the folder's lock). Returns how many it removed.
int remove_stale_temporaries(const std::string& target);

namespace detail {
// Test seam: where the random part of temporary names comes from (nullptr:
// the system's random source). Returns the previous source. Lets tests plant
// a symlink at the exact name a writer tries first.
using TempNameSource = std::string (*)();
TempNameSource set_temp_name_source_for_testing(TempNameSource source);
// How a failed write(2)/fsync(2)/rename(2) is explained to the user:
// sets `problem` to what went wrong and `advice` to what to do.
void describe_write_error(int error_number, std::string& problem, std::string& advice);
}  // namespace detail

}  // namespace facellava
