#include "facellava/core/paths.h"

#include <ftw.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
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
