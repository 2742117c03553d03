// One LLaMA forward over several sequences at once, each bringing its own
// number of new tokens (a question's first tokens, or one decode token), the
// tokens of all of them flattened into one (1, N, H) input so that every
// weight is read once for the whole batch (continuous batching; vLLM's
// "flattened" batch).
//
// A sequence's past has two parts:
//   a shared prefix (PrefixKv): the keys and values of a prompt prefilled
//     once, e.g. the system prompt and a face's image tokens, which every
//     question about that face continues from. It is never written after
//     its prefill, so any number of sequences read it at once: a fork costs
//     no copy (SGLang's shared prefix, without the radix tree: here the
//     sharing is known when the questions are asked);
//   its own suffix, in a slot of SuffixSlots: the question's tokens and the
//     answer so far.
// Attention combines the two exactly (llm/ragged_attention.h).
//
// Thread-safety: a RaggedBatch and its slots belong to one scheduler thread;
// PrefixKv is immutable and shared.
#pragma once

#include <memory>
#include <vector>

#include "torch_pch.h"

namespace facellava::model {

class KvCache;

// The keys and values of a prefilled prompt prefix, per layer
// (1, kv_heads, length, head_dim), read-only. May view a batched cache's
// storage (one row of it): the storage lives while any view does.
struct PrefixKv {
    std::vector<torch::Tensor> keys;
    std::vector<torch::Tensor> values;
    int64_t length = 0;

    // What its keys and values occupy.
    int64_t bytes() const;
    // The prefixes held by row b of every layer of `cache`, first `length`
    // positions, one per batch row (views, no copy).
    static std::vector<std::shared_ptr<const PrefixKv>> from_cache(const KvCache& cache);
};

// Per-sequence suffix keys and values: per layer one (slots, kv_heads,
// capacity, head_dim) buffer, a slot per sequence in the batch, each with its
// own length. Slots are kept compact by the scheduler (move()).
class SuffixSlots {
  public:
    SuffixSlots(int64_t num_layers, int64_t slots);

    int64_t slots() const { return slots_; }
    int64_t capacity() const { return capacity_; }
    int64_t num_layers() const { return num_layers_; }
    int64_t length(int64_t slot) const { return lengths_.at(size_t(slot)); }
    void set_length(int64_t slot, int64_t length);
    // What the buffers occupy (0 before the first ensure()).
    int64_t bytes() const;

    // Makes room for `capacity` positions per slot of the given shape,
    // reallocating (and keeping what is held) when it grows.
    void ensure(int64_t kv_heads, int64_t head_dim, int64_t capacity,
                const torch::TensorOptions& options);
    // Copies slot `from`'s positions into slot `to` (compaction after a
    // sequence leaves); `to` takes its length.
    void move(int64_t from, int64_t to);

    torch::Tensor& keys(int64_t layer) { return keys_.at(size_t(layer)); }
    torch::Tensor& values(int64_t layer) { return values_.at(size_t(layer)); }

  private:
    int64_t num_layers_;
    int64_t slots_;
    int64_t capacity_ = 0;
    std::vector<int64_t> lengths_;
    std::vector<torch::Tensor> keys_;    // per layer (slots, kv, capacity, D)
    std::vector<torch::Tensor> values_;  // same
};

// One sequence's share of a ragged forward.
struct RaggedEntry {
    const PrefixKv* prefix = nullptr;  // null: no shared prefix
    int64_t slot = 0;                  // its SuffixSlots slot
    int64_t past = 0;                  // suffix positions already in the slot
    int64_t tokens = 1;                // new tokens of this forward (≥ 1)
};

// A ragged forward's sequences, their tokens flattened in entry order, and
// the index tensors every layer shares (made once by prepare()).
struct RaggedBatch {
    std::vector<RaggedEntry> entries;
    SuffixSlots* slots = nullptr;

    // --- set by prepare(), on the model's device ---
    int64_t total_tokens = 0;  // N
    torch::Tensor positions;   // (N) int64: each token's position (prefix length + suffix index)
    torch::Tensor write_slot;  // (N) int64: the slot each token's key/value goes to
    torch::Tensor write_pos;   // (N) int64: the position in that slot
    // The one-token entries (decode steps), attended together: their count,
    // and whether they sit in slots 0..count-1 in order (the buffers' first
    // rows are then their keys, no gather).
    int64_t single = 0;
    bool single_compact = false;
    torch::Tensor single_tokens;  // (single) int64: their tokens' indices in N
    torch::Tensor single_slots;   // (single) int64
    torch::Tensor single_bias;    // (single, 1, 1, window) 0 where visible, -inf past the length
    int64_t single_window = 0;    // suffix positions the one-token entries attend
    // Groups of one-token entries sharing a prefix: for each, the prefix and
    // the rows (into the single entries) that read it.
    struct PrefixGroup {
        const PrefixKv* prefix = nullptr;
        torch::Tensor rows;  // (n) int64
    };
    std::vector<PrefixGroup> groups;
    std::vector<int64_t> multi;        // entries with more than one token
    std::vector<int64_t> first_token;  // per entry: the index of its first token in N
    torch::Tensor last_tokens;         // (entries) int64: each entry's last token index in N

    // Checks the entries against the slots and fills the fields above.
    // Throws facellava::Error on a slot overflow or an entry without tokens.
    void prepare(const torch::Device& device);
};

}  // namespace facellava::model
