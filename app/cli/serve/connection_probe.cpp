#include "connection_probe.h"

#include <dirent.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

namespace facellava::cli::serve {
namespace {

// Host and port as cpp-httplib writes them (getnameinfo, NI_NUMERICHOST), so
// the strings compare equal: "::ffff:127.0.0.1" on a dual-stack listener,
// "fe80::1%eth0" with its scope.
bool numeric_address(const sockaddr_storage& address, socklen_t length, std::string& host,
                     int& port) {
    if (address.ss_family == AF_INET)
        port = ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    else if (address.ss_family == AF_INET6)
        port = ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    else
        return false;  // a Unix socket, …
    char buffer[NI_MAXHOST];
    if (getnameinfo(reinterpret_cast<const sockaddr*>(&address), length, buffer, sizeof(buffer),
                    nullptr, 0, NI_NUMERICHOST) != 0)
        return false;
    host = buffer;
    return true;
}

bool is_connection(int fd, const std::string& remote_addr, int remote_port,
                   const std::string& local_addr, int local_port) {
    struct stat info;
    if (fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode))
        return false;
    sockaddr_storage address{};
    socklen_t length = sizeof(address);
    std::string host;
    int port = -1;
    // Listening and unconnected sockets have no peer: getpeername fails.
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        !numeric_address(address, length, host, port) || port != remote_port || host != remote_addr)
        return false;
    length = sizeof(address);
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0 ||
        !numeric_address(address, length, host, port) || port != local_port)
        return false;
    return local_addr.empty() || host == local_addr;
}

std::vector<int> open_fds() {
    std::vector<int> fds;
#ifdef __linux__
    // Only the open ones: a handful, where getdtablesize() may be a million.
    if (DIR* dir = opendir("/proc/self/fd")) {
        while (const dirent* entry = readdir(dir)) {
            char* end = nullptr;
            const long fd = std::strtol(entry->d_name, &end, 10);
            if (end != entry->d_name && *end == '\0')
                fds.push_back(int(fd));
        }
        closedir(dir);  // its own fd, listed too, is no socket
        return fds;
    }
#endif
    for (int fd = 0, count = getdtablesize(); fd < count; ++fd)
        fds.push_back(fd);
    return fds;
}

}  // namespace

int find_connection_fd(const std::string& remote_addr, int remote_port,
                       const std::string& local_addr, int local_port) {
    if (remote_addr.empty() || remote_port < 0 || local_port < 0)
        return -1;
    // Other threads open and close descriptors meanwhile; a descriptor is
    // judged by what it is when looked at. The one found cannot go away or
    // be reused while the request's handler runs: cpp-httplib closes a
    // connection's socket only after its handler (and a streamed answer's
    // content provider) has returned, and a TCP connection's two ends name it
    // uniquely.
    for (const int fd : open_fds())
        if (is_connection(fd, remote_addr, remote_port, local_addr, local_port))
            return fd;
    return -1;
}

bool peer_closed(int fd) {
    if (fd < 0)
        return false;
    char byte = 0;
    const ssize_t got = recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got > 0)
        return false;  // data waiting: a pipelined request, not a close
    if (got == 0)
        return true;  // orderly close (FIN)
    // Nothing to read yet, or a signal: still there. Anything else (a reset)
    // means gone.
    return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
}

}  // namespace facellava::cli::serve
