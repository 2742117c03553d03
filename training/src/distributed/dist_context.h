// A joined process group as the trainer sees it: who this rank is, where its
// tensors live, and collectives whose failures say what happened ("rank 1 of
// 2 lost contact with the other ranks while reducing gradients") instead of
// LibTorch's internals.
//
// Thread-safety: one thread at a time calls the collectives (the training
// thread, or during backward the autograd thread running gradient hooks).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "distributed/c10d_adapter.h"
#include "distributed/dist_env.h"
#include "torch_pch.h"

namespace facellava::training {

struct DistJoinOptions {
    std::string backend = "auto";  // auto (nccl on CUDA when built with it, else gloo), gloo, nccl
    double timeout_s = 600;        // rendezvous and every collective
    bool cuda = false;             // the trainer's device is a CUDA device
    torch::Device device{torch::kCPU};
};

// "auto" → nccl on CUDA when available, else gloo; checks availability.
// Throws facellava::Error naming the value and what to use instead.
CommBackend resolve_comm_backend(const std::string& choice, bool cuda);

class DistContext {
  public:
    // Meets the other ranks (blocks until all have joined or the timeout).
    // Throws facellava::Error.
    static std::unique_ptr<DistContext> join(const DistEnv& env, const DistJoinOptions& options);

    int rank() const { return env_.rank; }
    int world_size() const { return env_.world_size; }
    int local_rank() const { return env_.local_rank; }
    bool is_main() const { return env_.rank == 0; }
    CommBackend backend() const { return backend_; }
    // Where buffers for collectives live: the CUDA device for NCCL, else the CPU.
    torch::Device comm_device() const { return comm_device_; }
    double timeout_s() const { return timeout_s_; }
    std::string describe() const;  // "rank 1 of 2 (gloo)"

    // `what` names the operation in errors ("reducing gradients").
    void all_reduce_sum(const std::vector<torch::Tensor>& tensors, const std::string& what);
    void broadcast(const std::vector<torch::Tensor>& tensors, int root, const std::string& what);
    // An all-reduce (sum, in place) that runs while the caller goes on;
    // wait() on it in the same order on every rank.
    std::unique_ptr<C10dWork> start_all_reduce_sum(const torch::Tensor& tensor,
                                                   const std::string& what);
    void wait(C10dWork& work, const std::string& what);
    void barrier(const std::string& what);
    // Sums of a few numbers, in float64 on the comm device.
    std::vector<double> sum(const std::vector<double>& values, const std::string& what);

  private:
    DistContext() = default;
    [[noreturn]] void lost_peers(const std::string& what, const std::string& detail) const;

    DistEnv env_;
    CommBackend backend_ = CommBackend::Gloo;
    torch::Device comm_device_{torch::kCPU};
    double timeout_s_ = 0;
    std::unique_ptr<C10dGroup> group_;
};

}  // namespace facellava::training
