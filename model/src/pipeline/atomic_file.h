// Files that appear whole or not at all: written to "<path>.tmp", flushed to
// disk (fsync), then renamed over <path>. A run killed mid-write leaves at
// most a stale .tmp beside the old file, never a half-written result.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace facellava::pipeline {

class AtomicFileWriter {
  public:
    // Creates "<path>.tmp" (truncating a stale one); throws facellava::Error
    // naming the file when it cannot.
    explicit AtomicFileWriter(std::string path);
    // Without commit(): removes the .tmp and leaves <path> as it was.
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

    void write(std::string_view bytes);
    // Appends the whole content of another file (streamed in blocks).
    void append_file(const std::string& source);
    // Flushes, fsyncs, closes and renames over the final path. Throws
    // facellava::Error naming the file (disk full, permissions…).
    void commit();
    uint64_t bytes_written() const { return bytes_; }

  private:
    void fail(const std::string& what);

    std::string path_;
    std::string tmp_path_;
    std::FILE* file_ = nullptr;
    uint64_t bytes_ = 0;
};

// Whole content at once, atomically.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace facellava::pipeline
