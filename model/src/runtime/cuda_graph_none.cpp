// CudaGraph for LibTorch builds without CUDA: nothing can be captured.
#include "runtime/cuda_graph.h"

#include "facellava/core/error.h"

namespace facellava::model {

struct CudaGraph::Impl {};

bool CudaGraph::supported() {
    return false;
}

CudaGraph::CudaGraph() = default;
CudaGraph::~CudaGraph() = default;

void CudaGraph::capture(const std::function<void()>&) {
    throw Error("CUDA graphs need a CUDA build of LibTorch", {},
                "run the step without a graph (FACELLAVA_CUDA_GRAPHS=0)");
}

void CudaGraph::replay() {
    throw Error("CUDA graphs need a CUDA build of LibTorch");
}

}  // namespace facellava::model
