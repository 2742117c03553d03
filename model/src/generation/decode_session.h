// A KV cache and its decode-step runner kept from one answer to the next, so
// that on a GPU each CUDA graph of the decode step is captured once per
// session instead of once per generate() call: a capture costs about one
// eager step of host work plus the graph's instantiation, which short answers
// (a few dozen tokens) paid every time. The cache grows by doubling when a
// prompt needs more room (the runner then captures again on the new buffers).
//
// DecodeSessionPool hands sessions to concurrent callers, one each, and keeps
// them for the next call.
//
// Thread-safety: a session serves one generation at a time; the pool is
// thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "generation/decode_step.h"
#include "llm/kv_cache.h"
#include "llm/llama_model.h"
#include "torch_pch.h"

namespace facellava::model {

class DecodeSession {
  public:
    // Decode steps with CUDA graphs when `use_graphs` and the device has them
    // (DecodeStepRunner::graphs_wanted); eager static steps otherwise.
    DecodeSession(LlamaForCausalLM lm, const torch::Device& device, bool use_graphs);
    DecodeSession(const DecodeSession&) = delete;  // the runner refers to the cache
    DecodeSession& operator=(const DecodeSession&) = delete;

    KvCache& cache() { return cache_; }
    DecodeStepRunner& runner() { return runner_; }
    const torch::Device& device() const { return device_; }

  private:
    torch::Device device_;
    KvCache cache_;
    DecodeStepRunner runner_;  // after cache_, which it refers to
};

class DecodeSessionPool {
  public:
    DecodeSessionPool(LlamaForCausalLM lm, const torch::Device& device, bool use_graphs);

    // A session for one generation, returned to the pool when the lease ends.
    class Lease {
      public:
        Lease(DecodeSessionPool& pool, std::unique_ptr<DecodeSession> session)
            : pool_(&pool), session_(std::move(session)) {}
        ~Lease();
        Lease(Lease&&) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        DecodeSession& operator*() const { return *session_; }

      private:
        DecodeSessionPool* pool_;
        std::unique_ptr<DecodeSession> session_;
    };

    // An idle session, or a new one when every session is in use.
    Lease acquire();
    // Sessions made so far (in use or idle).
    size_t sessions() const;

  private:
    LlamaForCausalLM lm_;
    torch::Device device_;
    bool use_graphs_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<DecodeSession>> idle_;
    size_t made_ = 0;
};

}  // namespace facellava::model
