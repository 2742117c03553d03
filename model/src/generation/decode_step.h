// The cached decode steps of one generation, with static shapes: the token
// ids and the position live in device buffers, and attention covers a fixed
// window of the KV cache (the position rounded up to `window_step` slots,
// slots past the position masked), so no step needs a value from the host.
// On a CUDA device each window's step is captured once as a CUDA graph and
// then replayed: one launch instead of hundreds of kernels. Without graphs
// (CPU, FACELLAVA_CUDA_GRAPHS=0, a failed capture) the same step runs eagerly,
// which is how the CPU tests compare it with the ordinary cached forward.
//
// A runner may serve one generation after another on the same cache (a
// DecodeSession): after cache.reset() and the next prompt's prefill its
// graphs replay on the same buffers, so each window is captured once per
// session, not per answer. Should the cache reallocate its buffers, the
// graphs that point into the old ones are dropped and captured again.
//
// Thread-safety: a runner belongs to one generation at a time, on one thread.
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
    // `cache` outlives the runner and, before each step(), holds a prefilled
    // prompt and room for every step (KvCache::reserve before the prefill, so
    // its buffers do not move in the middle of an answer).
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
    // Graphs captured so far (a session's later answers replay them), and
    // steps run.
    int64_t captures() const { return captures_; }
    int64_t steps() const { return steps_; }
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
    int64_t graphs_buffers_ = -1;  // cache_.allocations() the graphs point into
    int64_t captures_ = 0;
    int64_t steps_ = 0;
};

}  // namespace facellava::model
