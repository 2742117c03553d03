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

// Deletes a file or a folder with everything in it (symlinks are removed, not
// followed). Returns the number of entries removed (0 when `path` does not
// exist); on failure returns -1 and, when `error` is given, sets it to the
// first problem. Use this instead of std::filesystem::remove_all: the PyTorch
// wheel's libtorch.so exports its own copy of remove_all, which programs
// linked against it bind to and which jumps to a null pointer.
long remove_tree(const std::string& path, std::string* error = nullptr);

// Paths read from data files (FaceInstruct media, session manifests,
// checkpoint indexes) are relative to a root folder and must stay inside it.
// `relative` is refused when it is empty, absolute, has a "..", or when a
// symlink along it (dangling ones included, followed link by link) leads
// outside the canonical root. An empty `root` stands for the current folder.
// On success returns "" and sets `resolved` (when given) to root/relative,
// lexically normalised; otherwise returns why the path was refused. The file
// itself need not exist.
std::string path_escape_problem(const std::string& root, const std::string& relative,
                                std::string* resolved = nullptr);
// The same check, throwing facellava::Error naming `source` (the file the
// path was read from) when the path leaves the root.
std::string resolve_under_root(const std::string& root, const std::string& relative,
                               const std::string& source);

}  // namespace facellava
