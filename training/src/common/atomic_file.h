// Crash-safe file writes: the data goes to a temporary file in the same
// folder, is flushed to disk, then renamed over the target, so a reader (or a
// resumed run after a power cut) sees either the old file or the new one,
// never half of one.
#pragma once

#include <string>

namespace facellava::training {

// Writes `bytes` to `path` atomically; throws facellava::Error naming the file.
void write_file_atomic(const std::string& path, const std::string& bytes);

// A unique temporary path next to `path` (same folder, so rename() is atomic).
std::string temp_path_for(const std::string& path);

// rename() that throws facellava::Error naming both paths.
void rename_or_throw(const std::string& from, const std::string& to);

// Flushes a folder's entries (after renames into it); best effort.
void sync_directory(const std::string& dir);

}  // namespace facellava::training
