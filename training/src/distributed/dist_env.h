// The torchrun environment: where the group meets and who this process is.
//
//   MASTER_ADDR, MASTER_PORT  rank 0's host and the TCPStore port
//   RANK, WORLD_SIZE          this process among all (0 ≤ RANK < WORLD_SIZE)
//   LOCAL_RANK, LOCAL_WORLD_SIZE
//                             this process among those on its machine (picks the GPU)
//
// torchrun, `facellava train --nproc N` and scripts/slurm/train_multinode.sbatch
// all set these. Torch-free.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace facellava::training {

struct DistEnv {
    std::string master_addr;
    int master_port = 0;
    int rank = 0;
    int world_size = 1;
    int local_rank = 0;
    int local_world_size = 1;
};

// Returns a variable's value, or nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
EnvLookup process_env();  // getenv

// nullopt when WORLD_SIZE is not set (a plain single-process run). Otherwise
// every variable must be present and consistent; throws facellava::Error
// naming the variable, its value and what is expected.
std::optional<DistEnv> read_dist_env(const EnvLookup& lookup);

}  // namespace facellava::training
