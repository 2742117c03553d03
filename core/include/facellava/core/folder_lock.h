// One writer per output folder: an exclusive flock() on a lock file inside
// it, held while the object lives. The kernel drops the lock when the process
// dies, so a killed run never blocks the next one; a second run (another
// process, or another object in this one) is refused at once, not left to
// interleave its files with the first's.
//
// Thread-safety: an object is owned by one thread; different objects may be
// used from different threads.
#pragma once

#include <string>

namespace facellava {

class FolderLock {
  public:
    // Creates `dir`/`lock_name`'s folder when missing and locks that file
    // (`lock_name` may hold a subfolder: "parts/.lock"). Throws
    // facellava::Error naming the folder or file it cannot create, and one
    // naming `dir` with `busy_problem` and `busy_advice` when another writer
    // holds the lock.
    FolderLock(const std::string& dir, const std::string& lock_name,
               const std::string& busy_problem, const std::string& busy_advice);
    ~FolderLock();
    FolderLock(FolderLock&& other) noexcept;
    FolderLock& operator=(FolderLock&& other) noexcept;
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace facellava
