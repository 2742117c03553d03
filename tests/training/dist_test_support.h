// Helpers of the distributed-training tests: a free loopback port and a
// DistEnv for in-process groups.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

#include "distributed/dist_env.h"

namespace facellava::training::disttest {

inline int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof(addr);
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        if (fd >= 0)
            ::close(fd);
        throw std::runtime_error("no free loopback port");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

inline DistEnv loopback_env(int port, int rank, int world_size) {
    DistEnv env;
    env.master_addr = "127.0.0.1";
    env.master_port = port;
    env.rank = rank;
    env.world_size = world_size;
    env.local_rank = rank;
    env.local_world_size = world_size;
    return env;
}

}  // namespace facellava::training::disttest
