// `facellava train --nproc N`: starts N local ranks of a data-parallel run
// (like torchrun --standalone) and watches them. Torch-free.
//
// Each rank is `executable args…` with the torchrun variables set (MASTER_ADDR
// 127.0.0.1, a free MASTER_PORT, RANK = LOCAL_RANK = k, WORLD_SIZE =
// LOCAL_WORLD_SIZE = N; OMP_NUM_THREADS = cores / N unless already set), in a
// process group of its own so a terminal Ctrl-C reaches the launcher only,
// which forwards it to every rank (each then stops after the step the group
// agrees on and rank 0 saves a checkpoint). A rank that exits with an error
// or dies ends the run: 1.5 s later (other ranks usually fail right after,
// reporting the lost peer) the rest get SIGTERM, then SIGKILL after a grace
// period, and the result names the failed rank and its exit status — a rank
// killed by a signal before ranks that exited with an error. If the launcher
// itself dies, the ranks get SIGTERM (PR_SET_PDEATHSIG).
//
// Thread-safety: one launch at a time per process (it waits for its children).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace facellava::training {

struct LocalLaunchOptions {
    std::string executable;         // e.g. /proc/self/exe
    std::vector<std::string> args;  // argv[1…] of every rank
    int nproc = 2;
    int master_port = 0;                                         // 0: a free port on 127.0.0.1
    std::vector<std::pair<std::string, std::string>> extra_env;  // set in every rank
    // "": ranks write to the launcher's stdout/stderr; else rank k's stdout
    // and stderr go to <output_dir>/rank-k.log.
    std::string output_dir;
    double kill_grace_s = 20;  // after a rank failed: SIGTERM to the others, SIGKILL after this
    // Set from a signal handler (Ctrl-C, SIGTERM): forwarded once as SIGINT to every rank.
    const std::atomic<bool>* stop = nullptr;
    std::function<void(const std::string&)> on_log;  // launcher messages
};

struct LocalLaunchResult {
    int exit_code = 0;     // 0 when every rank exited 0; else non-zero
    int failed_rank = -1;  // the rank whose failure ended the run (-1: none)
    bool stopped = false;  // the stop flag was forwarded
    // "rank 1 (pid 4242) was killed by signal 9 (Killed); then rank 0 (pid
    // 4241) exited with status 1", or "" when no rank failed.
    std::string message;
};

// Throws facellava::Error when a rank cannot be started (fork, no free port).
LocalLaunchResult run_local_ranks(const LocalLaunchOptions& options);

// True when this process is a rank of a launched group (WORLD_SIZE is set).
bool running_as_rank();

}  // namespace facellava::training
