// Writes export files so a crash or full disk never leaves a half-written
// file under the final name: write a temporary sibling, fsync, rename.
#pragma once

#include <string>

namespace facellava::store::detail {

// Throws facellava::Error naming `path` when any step fails.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace facellava::store::detail
