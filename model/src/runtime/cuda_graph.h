// A recorded CUDA graph of some LibTorch work, replayed without the host
// launching each kernel again. Decode steps need it: a 7B step is ~600 small
// kernels, and launching them from the host takes longer than the GPU needs
// to run them.
//
// Only a CUDA build of LibTorch has graphs. Elsewhere supported() is false and
// capture() throws; runtime/cuda_graph_cuda.cpp or cuda_graph_none.cpp is
// compiled (model/CMakeLists.txt). Pimpl keeps CUDA headers out of here.
//
// Thread-safety: one graph belongs to one thread at a time.
#pragma once

#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>

namespace facellava::model {

class CudaGraph {
  public:
    // Whether this build can capture graphs at all.
    static bool supported();
    // supported(), unless the user switched graphs off (FACELLAVA_CUDA_GRAPHS=0,
    // e.g. to compare): the one switch for decode steps and vision towers.
    static bool enabled() {
        const char* flag = std::getenv("FACELLAVA_CUDA_GRAPHS");
        return supported() && !(flag != nullptr && std::strcmp(flag, "0") == 0);
    }

    CudaGraph();
    ~CudaGraph();
    CudaGraph(const CudaGraph&) = delete;
    CudaGraph& operator=(const CudaGraph&) = delete;

    // Runs `work` once on a side stream to warm up (cuBLAS handles, allocator
    // blocks), then records a second run. `work` must be static: the same
    // shapes every time, no host synchronisation, no upload from host memory.
    // Tensors it creates live in the graph's private memory pool and are
    // rewritten by every replay. Throws facellava::Error when capture fails.
    void capture(const std::function<void()>& work);
    // Runs the recorded work again, on the current stream.
    void replay();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// capture(), for callers that can always run the work eagerly instead: on
// failure prints one warning that `subject` (e.g. "decoding") continues
// without CUDA graphs and returns why; returns "" when the graph was captured.
std::string capture_or_warn(CudaGraph& graph, const std::function<void()>& work,
                            const std::string& subject);

}  // namespace facellava::model
