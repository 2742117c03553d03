#include "llm/kv_cache.h"

#include <algorithm>

#include "facellava/core/error.h"

namespace facellava::model {

namespace {

bool allocated(const std::vector<torch::Tensor>& buffers) {
    return !buffers.empty() && buffers.front().defined();
}

}  // namespace

KvCache::KvCache(int64_t num_layers, int64_t capacity)
    : keys_(static_cast<size_t>(std::max<int64_t>(num_layers, 0))),
      values_(keys_.size()),
      capacity_(std::max<int64_t>(capacity, 0)) {
    if (num_layers <= 0)
        throw Error("a KV cache needs at least one layer, got " + std::to_string(num_layers));
}

void KvCache::allocate(int64_t capacity) {
    for (size_t i = 0; i < keys_.size(); ++i) {
        for (auto* buffers : {&keys_, &values_}) {
            // Zeros, not empty(): a static decode step (generation/decode_step)
            // attends slots past its position with weight 0, and 0 × NaN from
            // uninitialised memory would be NaN.
            auto fresh = torch::zeros({batch_, kv_heads_, capacity, head_dim_}, options_);
            auto& old = (*buffers)[i];
            if (old.defined() && length_ > 0)
                fresh.narrow(2, 0, length_).copy_(old.narrow(2, 0, length_));
            old = fresh;
        }
    }
    capacity_ = capacity;
    ++allocations_;
}

void KvCache::reserve(int64_t capacity) {
    if (capacity <= capacity_)
        return;
    if (allocated(keys_)) {
        allocate(capacity);
    } else {
        capacity_ = capacity;  // shape unknown yet: allocated by the first prepare()
    }
}

void KvCache::truncate(int64_t n) {
    if (n < 0 || n > length_)
        throw Error("cannot truncate a KV cache of " + std::to_string(length_) + " positions to " +
                    std::to_string(n));
    length_ = n;
}

void KvCache::release() {
    for (auto& t : keys_)
        t = torch::Tensor();
    for (auto& t : values_)
        t = torch::Tensor();
    length_ = 0;
    capacity_ = 0;
    batch_ = kv_heads_ = head_dim_ = 0;
}

void KvCache::prepare(int64_t batch, int64_t kv_heads, int64_t head_dim, int64_t count,
                      const torch::TensorOptions& options) {
    const bool has_buffers = allocated(keys_);
    const bool same = batch == batch_ && kv_heads == kv_heads_ && head_dim == head_dim_ &&
                      options.dtype() == options_.dtype() && options.device() == options_.device();
    if (has_buffers && !same) {
        if (length_ > 0)
            throw Error("the KV cache holds " + std::to_string(length_) +
                            " positions of another shape, dtype or device",
                        {}, "reset() or release() the cache before reusing it with this input");
        release();
    }
    if (!allocated(keys_)) {
        batch_ = batch;
        kv_heads_ = kv_heads;
        head_dim_ = head_dim;
        options_ = options;
        allocate(std::max(capacity_, length_ + count));
        return;
    }
    const int64_t needed = length_ + count;
    if (needed > capacity_)
        allocate(std::max(needed, 2 * capacity_));
}

std::pair<torch::Tensor, torch::Tensor> KvCache::append(int64_t layer, const torch::Tensor& k,
                                                        const torch::Tensor& v) {
    const int64_t count = k.size(2);
    auto& keys = keys_.at(static_cast<size_t>(layer));
    auto& values = values_.at(static_cast<size_t>(layer));
    if (!keys.defined() || length_ + count > capacity_)
        throw Error("KV cache used without prepare() for " + std::to_string(count) + " positions");
    keys.narrow(2, length_, count).copy_(k);
    values.narrow(2, length_, count).copy_(v);
    return {keys.narrow(2, 0, length_ + count), values.narrow(2, 0, length_ + count)};
}

std::pair<torch::Tensor, torch::Tensor> KvCache::write_at(int64_t layer,
                                                          const torch::Tensor& position,
                                                          const torch::Tensor& k,
                                                          const torch::Tensor& v, int64_t window) {
    auto [keys, values] = storage(layer, window);
    keys.index_copy_(2, position, k);
    values.index_copy_(2, position, v);
    return {keys.narrow(2, 0, window), values.narrow(2, 0, window)};
}

std::pair<torch::Tensor, torch::Tensor> KvCache::storage(int64_t layer, int64_t window) const {
    const auto& keys = keys_.at(static_cast<size_t>(layer));
    if (!keys.defined() || window > capacity_ || window < 1)
        throw Error("KV cache of " + std::to_string(capacity_) +
                    " allocated positions used for a static step over " + std::to_string(window));
    return {keys, values_.at(static_cast<size_t>(layer))};
}

void KvCache::advance(int64_t count) {
    length_ = std::min(length_ + count, capacity_);
}

}  // namespace facellava::model
