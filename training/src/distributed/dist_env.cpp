#include "distributed/dist_env.h"

#include <cerrno>
#include <cstdlib>

#include "facellava/core/error.h"

namespace facellava::training {
namespace {

constexpr const char* kHint =
    "set MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK and LOCAL_WORLD_SIZE as torchrun "
    "does (or start the ranks with `facellava train --nproc N`)";

std::string required(const EnvLookup& lookup, const std::string& name) {
    auto value = lookup(name);
    if (!value || value->empty()) {
        throw Error("distributed training: " + name +
                        " is not set (WORLD_SIZE is, so this process expects to join a group)",
                    "", kHint);
    }
    return *value;
}

int integer(const EnvLookup& lookup, const std::string& name, long low, long high) {
    const std::string text = required(lookup, name);
    errno = 0;
    char* end = nullptr;
    const long x = std::strtol(text.c_str(), &end, 10);
    if (*end != '\0' || errno != 0 || x < low || x > high) {
        throw Error("distributed training: " + name + "='" + text + "' is not an integer in [" +
                        std::to_string(low) + ", " + std::to_string(high) + "]",
                    "", kHint);
    }
    return int(x);
}

}  // namespace

EnvLookup process_env() {
    return [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (v == nullptr)
            return std::nullopt;
        return std::string(v);
    };
}

std::optional<DistEnv> read_dist_env(const EnvLookup& lookup) {
    if (!lookup("WORLD_SIZE"))
        return std::nullopt;
    DistEnv env;
    env.world_size = integer(lookup, "WORLD_SIZE", 1, 1 << 20);
    env.rank = integer(lookup, "RANK", 0, env.world_size - 1);
    env.local_world_size = integer(lookup, "LOCAL_WORLD_SIZE", 1, env.world_size);
    env.local_rank = integer(lookup, "LOCAL_RANK", 0, env.local_world_size - 1);
    env.master_addr = required(lookup, "MASTER_ADDR");
    env.master_port = integer(lookup, "MASTER_PORT", 1, 65535);
    return env;
}

}  // namespace facellava::training
