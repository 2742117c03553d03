// The cached decode steps of one generation, with static shapes: the token
// ids and the position live in device buffers, and attention covers a fixed
// window of the KV cache (the position rounded up to `window_step` slots,
// slots past the position masked), so no step needs a value from the host.
// On a CUDA device each window's step is captured once as a CUDA graph and
// then replayed: one launch instead of hundreds of kernels. Without graphs
// (CPU, FACELLAVA_CUDA_GRAPHS=0, a failed capture) the same step runs eagerly,
// which is how the CPU tests compare it with the ordinary cached forward.
//
// Thread-safety: a runner belongs to one generation on one thread.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "llm/kv_cache.h"
#include "llm/llama_model.h"
#include "runtime/cuda_graph.h"
#include "torch_pch.h"

namespace facellava::model {

class DecodeStepRunner {
  public:
    // `cache` holds the prefilled prompt and already has room for every step
    // (KvCache::reserve before the prefill): a graph keeps pointers into its
    // buffers, so they must not move while the runner lives.
    DecodeStepRunner(LlamaForCausalLM lm, KvCache& cache, int64_t batch,
                     const torch::Device& device, bool use_graphs, int64_t window_step = 256);

    // Graphs where they pay: a CUDA device, a build that has them, and not
    // switched off with FACELLAVA_CUDA_GRAPHS=0.
    static bool graphs_wanted(const torch::Device& device);

    // ids (B, 1) int64 on the device → logits (B, V) of the next position;
    // the cache advances by one. The result is the runner's output buffer,
    // overwritten by the next step: read or copy it before then.
    torch::Tensor step(const torch::Tensor& ids);
    // Batch 1 with the id known on the host (checked against the vocabulary).
    torch::Tensor step(int64_t id);

    bool uses_graphs() const { return use_graphs_; }
    // Why graphs were given up after a failed capture (empty otherwise).
    const std::string& graph_error() const { return graph_error_; }

  private:
    torch::Tensor run(int64_t window);  // one eager static step over `window` slots

    struct WindowGraph {
        CudaGraph graph;
        torch::Tensor logits;  // output buffer the replays rewrite
    };

    LlamaForCausalLM lm_;
    KvCache& cache_;
    torch::Tensor ids_;       // (B, 1) int64: this step's input tokens
    torch::Tensor position_;  // (1) int64: this step's cache slot
    torch::Tensor inv_freq_;  // RoPE frequencies on the device
    int64_t window_step_;
    bool use_graphs_;
    std::string graph_error_;
    std::map<int64_t, std::unique_ptr<WindowGraph>> graphs_;  // by window
};

}  // namespace facellava::model
