#include "facellava/core/paths.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "facellava/core/error.h"

namespace facellava {
namespace {

// nftw gives its callback no user pointer: the walk's state lives here, one
// per thread, reset by each remove_tree() call.
struct RemoveState {
    long removed = 0;
    std::string first_error;
};
thread_local RemoveState* t_remove_state = nullptr;

int remove_entry(const char* path, const struct stat*, int, struct FTW*) {
    if (::remove(path) == 0) {
        ++t_remove_state->removed;
    } else if (t_remove_state->first_error.empty()) {
        t_remove_state->first_error = std::string(path) + ": " + std::strerror(errno);
    }
    return 0;  // keep going: remove what can be removed
}

}  // namespace

long remove_tree(const std::string& path, std::string* error) {
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno == ENOENT)
            return 0;
        if (error)
            *error = path + ": " + std::strerror(errno);
        return -1;
    }
    RemoveState state;
    t_remove_state = &state;
    const int rc = ::nftw(path.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS);
    t_remove_state = nullptr;
    if (rc != 0 && state.first_error.empty())
        state.first_error = path + ": " + std::strerror(errno);
    if (!state.first_error.empty()) {
        if (error)
            *error = state.first_error;
        return -1;
    }
    return state.removed;
}

namespace {

namespace fs = std::filesystem;

bool starts_with_path(const fs::path& path, const fs::path& prefix) {
    auto p = path.begin();
    for (auto q = prefix.begin(); q != prefix.end(); ++q, ++p) {
        if (q->empty())
            continue;  // the trailing "" of "dir/"
        if (p == path.end() || *p != *q)
            return false;
    }
    return true;
}

}  // namespace

std::string path_escape_problem(const std::string& root, const std::string& relative,
                                std::string* resolved) {
    if (relative.empty())
        return "the path is empty";
    const fs::path rel(relative);
    if (rel.is_absolute() || rel.has_root_name() || rel.has_root_directory())
        return "'" + relative + "' is an absolute path; paths must be relative to " +
               (root.empty() ? std::string("the current folder") : "'" + root + "'");
    for (const auto& part : rel) {
        if (part == "..")
            return "'" + relative + "' contains '..'; paths must stay inside " +
                   (root.empty() ? std::string("the current folder") : "'" + root + "'");
    }
    std::error_code ec;
    const fs::path base = fs::weakly_canonical(root.empty() ? fs::path(".") : fs::path(root), ec);
    if (ec)
        return "cannot resolve the folder '" + root + "': " + ec.message();
    // Walk the path one component at a time, following every symlink (even a
    // dangling one, whose target may be created later) to where it points.
    fs::path current = base;
    for (const auto& part : rel) {
        if (part.empty() || part == ".")
            continue;
        current /= part;
        for (int hops = 0; fs::is_symlink(fs::symlink_status(current, ec)); ++hops) {
            if (hops == 40)
                return "'" + relative + "' has a symlink loop";
            const fs::path target = fs::read_symlink(current, ec);
            if (ec)
                return "cannot read the symlink '" + current.string() + "': " + ec.message();
            current = fs::weakly_canonical(current.parent_path() / target, ec);
            if (ec)
                return "cannot resolve the symlink '" + current.string() + "': " + ec.message();
        }
        if (!starts_with_path(current, base)) {
            return "'" + relative + "' is a symlink leading outside " +
                   (root.empty() ? std::string("the current folder") : "'" + root + "'") +
                   " (to '" + current.string() + "')";
        }
    }
    if (resolved) {
        *resolved = root.empty() ? rel.lexically_normal().string()
                                 : (fs::path(root) / rel).lexically_normal().string();
    }
    return {};
}

std::string resolve_under_root(const std::string& root, const std::string& relative,
                               const std::string& source) {
    std::string resolved;
    const std::string problem = path_escape_problem(root, relative, &resolved);
    if (!problem.empty()) {
        throw Error("a path leads outside its folder: " + problem, source,
                    "refusing to read it; fix the file that names it");
    }
    return resolved;
}

std::string executable_dir() {
    char buffer[4096];
    ssize_t n = ::readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
    if (n <= 0)
        return {};
    std::string path(buffer, size_t(n));
    auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string env_or(const char* name, const std::string& fallback) {
    const char* value = std::getenv(name);
    return (value && *value) ? std::string(value) : fallback;
}

bool is_readable_file(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode) &&
           ::access(path.c_str(), R_OK) == 0;
}

bool is_directory(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error("cannot open file", path, std::strerror(errno));
    std::ostringstream contents;
    contents << in.rdbuf();
    if (in.bad())
        throw Error("read error", path, "check the disk and the file permissions");
    return contents.str();
}

}  // namespace facellava
