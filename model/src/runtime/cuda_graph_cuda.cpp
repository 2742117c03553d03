// CudaGraph on a CUDA build of LibTorch: at::cuda::CUDAGraph, captured on a
// side stream as torch.cuda.graph does.
#include <ATen/cuda/CUDAGraph.h>
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>
#include <torch/version.h>

#include "facellava/core/error.h"
#include "runtime/cuda_graph.h"

namespace facellava::model {

struct CudaGraph::Impl {
    at::cuda::CUDAGraph graph;
    bool captured = false;
};

bool CudaGraph::supported() {
    return true;
}

CudaGraph::CudaGraph() : impl_(std::make_unique<Impl>()) {}
CudaGraph::~CudaGraph() = default;

void CudaGraph::capture(const std::function<void()>& work) {
    if (impl_->captured)
        throw Error("a CUDA graph is captured only once");
    // The side stream must start after what is queued on the current one.
    c10::cuda::getCurrentCUDAStream().synchronize();
    auto side = c10::cuda::getStreamFromPool(false);
    {
        c10::cuda::CUDAStreamGuard guard(side);
        work();
        side.synchronize();
        try {
#if TORCH_VERSION_MAJOR >= 2
            // Thread-local: other threads (face analysis on the same GPU) may
            // keep allocating while this one records.
            impl_->graph.capture_begin({0, 0}, cudaStreamCaptureModeThreadLocal);
#else
            impl_->graph.capture_begin();
#endif
            work();
            impl_->graph.capture_end();
        } catch (const std::exception& e) {
            try {
                impl_->graph.capture_end();  // leave the stream out of capture mode
            } catch (...) {
            }
            throw Error(std::string("CUDA graph capture failed: ") + e.what());
        }
    }
    side.synchronize();
    impl_->captured = true;
}

void CudaGraph::replay() {
    if (!impl_->captured)
        throw Error("a CUDA graph was replayed before it was captured");
    impl_->graph.replay();
}

}  // namespace facellava::model
