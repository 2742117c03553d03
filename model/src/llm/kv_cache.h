// Per-session key/value cache of a LLaMA decoder: one preallocated
// (B, kv_heads, capacity, head_dim) buffer per layer for keys and one for
// values, filled left to right. Keys are stored after RoPE and before the
// grouped-query repeat, so GQA models keep the smaller footprint.
//
// Growth: the model calls prepare() once per forward; buffers are allocated on
// first use (shape, dtype and device taken from the model) and reallocated by
// doubling only when a forward would overflow them, never per token. Size the
// cache with reserve() (or the constructor) to avoid growth altogether.
//
// Thread-safety: a KvCache belongs to one session; it is not shared.
#pragma once

#include <utility>
#include <vector>

#include "torch_pch.h"

namespace facellava::model {

class KvCache {
  public:
    // `capacity`: positions to allocate on first use (0: exactly what the first
    // forward needs).
    explicit KvCache(int64_t num_layers, int64_t capacity = 0);
    KvCache(KvCache&&) = default;
    KvCache& operator=(KvCache&&) = default;
    KvCache(const KvCache&) = delete;  // buffers are handles: a copy would alias
    KvCache& operator=(const KvCache&) = delete;

    int64_t num_layers() const { return static_cast<int64_t>(keys_.size()); }
    int64_t length() const { return length_; }      // positions filled (the next one's index)
    int64_t capacity() const { return capacity_; }  // positions that fit without growing
    // Counts the times the buffers were (re)allocated: a holder of pointers
    // into them (a CUDA graph) knows they moved when it changes.
    int64_t allocations() const { return allocations_; }

    // Makes room for `capacity` positions (allocating now if the shape is known).
    void reserve(int64_t capacity);
    // Forgets every position but keeps the buffers for the next prompt.
    void reset() { length_ = 0; }
    // Keeps the first n positions (0 ≤ n ≤ length()), e.g. to regenerate an answer.
    void truncate(int64_t n);
    // Frees the buffers.
    void release();

    // --- used by the model during a forward ---
    // Ensures every layer can take `count` more positions of the given shape.
    // Throws facellava::Error when batch, heads, dtype or device differ from
    // what the cache already holds.
    void prepare(int64_t batch, int64_t kv_heads, int64_t head_dim, int64_t count,
                 const torch::TensorOptions& options);
    // Writes k, v (B, kv_heads, T, D) of `layer` at [length(), length() + T) and
    // returns views of all its keys and values, (B, kv_heads, length() + T, D).
    std::pair<torch::Tensor, torch::Tensor> append(int64_t layer, const torch::Tensor& k,
                                                   const torch::Tensor& v);
    // Called once all layers appended `count` positions.
    void advance(int64_t count);
    // Static-shape form of append() for one position (CUDA graphs): writes k, v
    // (B, kv_heads, 1, D) at the slot held by the device tensor `position` (1)
    // and returns views of slots [0, window), whatever they hold; the caller
    // masks the slots past the position and calls advance(1) itself. Needs
    // prepare() to have allocated at least `window` positions. No host sync.
    std::pair<torch::Tensor, torch::Tensor> write_at(int64_t layer, const torch::Tensor& position,
                                                     const torch::Tensor& k, const torch::Tensor& v,
                                                     int64_t window);

    // The whole buffers of `layer`, (B, kv_heads, capacity, D), for kernels
    // that write a slot and read a window themselves (kernels/fused_kernels.h).
    // Needs prepare() to have allocated at least `window` positions.
    std::pair<torch::Tensor, torch::Tensor> storage(int64_t layer, int64_t window) const;

  private:
    void allocate(int64_t capacity);

    std::vector<torch::Tensor> keys_;    // per layer (B, kv_heads, capacity, D) or undefined
    std::vector<torch::Tensor> values_;  // same
    int64_t length_ = 0;
    int64_t capacity_ = 0;
    int64_t allocations_ = 0;
    // Shape and placement, fixed by the first prepare().
    int64_t batch_ = 0;
    int64_t kv_heads_ = 0;
    int64_t head_dim_ = 0;
    torch::TensorOptions options_;
};

}  // namespace facellava::model
