// Small file-system helpers shared by every layer.
#pragma once

#include <string>

namespace facellava {

// Directory of the running executable ("" when unknown).
std::string executable_dir();
// Value of an environment variable or the fallback when unset or empty.
std::string env_or(const char* name, const std::string& fallback);
bool is_readable_file(const std::string& path);
bool is_directory(const std::string& path);
// Whole file as bytes; throws facellava::Error naming the file.
std::string read_file(const std::string& path);

}  // namespace facellava
