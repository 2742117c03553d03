// A pure function of one device tensor (a vision tower's forward), replayed
// from a CUDA graph captured once per input shape.
//
// A ViT-L/14 forward is ~500 kernels; at batch 1 to 8 the GPU finishes each
// faster than the host launches the next, so launching dominates. A graph
// launches them all at once. Shapes seen first are captured (up to a bound:
// each graph keeps its own activations), later ones run eagerly.
//
// The function must be static (no host synchronisation, no upload from host
// memory) and read weights that stay where they are: reset() after replacing
// them. A capture that fails turns graphs off for good, with a warning, and
// every call then runs the function eagerly — the same results, slower.
//
// Thread-safety: calls are serialised (one set of graph buffers).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::model {

class GraphedCall {
  public:
    using Fn = std::function<torch::Tensor(const torch::Tensor&)>;

    // `use_graphs` false (a CPU model) or graphs switched off
    // (CudaGraph::enabled()): always eager.
    GraphedCall(Fn fn, bool use_graphs, size_t max_shapes = 4);
    ~GraphedCall();
    GraphedCall(const GraphedCall&) = delete;
    GraphedCall& operator=(const GraphedCall&) = delete;

    // fn(input): from a graph for a CUDA input with gradients off, else eager.
    // The result is the caller's own (not a graph buffer).
    torch::Tensor operator()(const torch::Tensor& input);
    // Drops every captured graph (the weights they read were replaced).
    void reset();

    bool uses_graphs() const;
    int64_t captures() const;
    std::string graph_error() const;

  private:
    struct Entry;

    Fn fn_;
    size_t max_shapes_;
    mutable std::mutex mutex_;
    bool use_graphs_;
    int64_t captures_ = 0;
    std::string graph_error_;
    std::map<std::vector<int64_t>, std::unique_ptr<Entry>> graphs_;  // by sizes + dtype
};

}  // namespace facellava::model
