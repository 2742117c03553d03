#include "store/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "facellava/core/error.h"

namespace facellava::store::detail {

void write_file_atomically(const std::string& path, const std::string& content) {
    const std::string temporary = path + ".partial";
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error("cannot create the file (" + std::string(std::strerror(errno)) + ")", path,
                    "check that the folder exists and is writable");
    }
    size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const std::string reason = std::strerror(errno);
            ::close(fd);
            ::unlink(temporary.c_str());
            throw Error("writing the file failed (" + reason + ")", path,
                        "free disk space and retry");
        }
        written += size_t(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const bool closed = ::close(fd) == 0;
    if (!synced || !closed || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        throw Error("saving the file failed (" + reason + ")", path,
                    "check disk space and permissions, then retry");
    }
}

}  // namespace facellava::store::detail
