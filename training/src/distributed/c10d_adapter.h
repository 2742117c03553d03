// The one file that touches LibTorch's c10d C++ API, which moved between the
// releases we build against: in 1.13 (Debian) the collectives live on
// c10d::ProcessGroup, in 2.x on c10d::Backend, which ProcessGroupGloo and
// ProcessGroupNCCL derive from there. Everything else in training/ talks to
// C10dGroup and never includes a c10d header.
//
// Which backends exist is decided when the project is configured
// (training/CMakeLists.txt): Gloo needs the gloo headers (Debian: libgloo-dev),
// NCCL a CUDA LibTorch and nccl.h.
//
// Thread-safety: one thread at a time issues the collectives of a group (the
// gradient hooks of the autograd engine may be that thread during backward).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::training {

enum class CommBackend { Gloo, Nccl };

const char* comm_backend_name(CommBackend backend);
// Whether this build of the project (and of LibTorch) has the backend.
bool c10d_has_backend(CommBackend backend);
std::string torch_version_text();  // "1.13.0", for error messages

struct C10dGroupOptions {
    std::string master_addr;  // rank 0's host; rank 0 serves the TCPStore there
    int master_port = 0;
    int rank = 0;
    int world_size = 1;
    CommBackend backend = CommBackend::Gloo;
    std::chrono::milliseconds timeout{std::chrono::minutes(10)};  // rendezvous and every collective
    // Gloo: the network interface to use ("" — GLOO_SOCKET_IFNAME, else the
    // loopback when master_addr is a loopback address, else this host's name).
    std::string gloo_interface;
};

// A collective in flight (C10dGroup::start_all_reduce_sum). Its tensor must
// stay alive and untouched until wait() has returned.
class C10dWork {
  public:
    ~C10dWork();
    C10dWork(const C10dWork&) = delete;
    C10dWork& operator=(const C10dWork&) = delete;
    // Returns when the operation has completed (on CUDA: when the caller's
    // current stream will see the result). Throws as LibTorch does.
    void wait();

  private:
    friend class C10dGroup;
    struct Impl;
    explicit C10dWork(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

class C10dGroup {
  public:
    // Rendezvous through a TCPStore (rank 0 is its server) and the process
    // group. Throws std::exception (c10::Error, gloo errors) as LibTorch does.
    explicit C10dGroup(const C10dGroupOptions& options);
    ~C10dGroup();
    C10dGroup(const C10dGroup&) = delete;
    C10dGroup& operator=(const C10dGroup&) = delete;

    // Collectives: every rank calls them in the same order. Each returns when
    // the operation has completed (a lost peer or the timeout throws).
    // Sums every tensor in place across ranks; all are in flight at once.
    void all_reduce_sum(const std::vector<torch::Tensor>& tensors);
    // Starts summing `tensor` in place across ranks and returns at once.
    std::unique_ptr<C10dWork> start_all_reduce_sum(const torch::Tensor& tensor);
    void broadcast(const std::vector<torch::Tensor>& tensors, int root);
    void barrier();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace facellava::training
