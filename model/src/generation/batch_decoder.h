// Continuous batching: many sequences decode together, one ragged forward
// (llm/ragged_batch.h) per step for all of them, each with its own prompt
// suffix, sampling, stop condition and length. A sequence that finishes
// leaves the batch at once and its slot takes the next one (added between
// steps), so the batch stays full while work is waiting: the weights read by
// a step serve every sequence in it.
//
// A sequence continues from a shared prefix (PrefixKv: e.g. a face's system
// prompt and image tokens, prefilled once) with a suffix of its own (the
// question's tokens), which its first step prefills alongside the others'
// decode tokens. Its greedy tokens are those generate() picks for the whole
// prompt at batch 1 (tests/model/test_batch_decoder.cpp).
//
// Thread-safety: one thread drives a decoder; prefixes may be shared between
// decoders (read-only).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "generation/generator.h"
#include "generation/sampler.h"
#include "llm/llama_model.h"
#include "llm/ragged_batch.h"
#include "torch_pch.h"

namespace facellava::model {

struct BatchSequence {
    std::shared_ptr<const PrefixKv> prefix;  // null: the suffix is the whole prompt
    torch::Tensor suffix_embeds;             // (1, T ≥ 1, H), the model's device and dtype
    std::vector<int64_t> context_ids;        // what the repetition penalty covers (the prompt)
    SamplingParams params;
    // Detokeniser of the new ids: needed for stop strings and the result's text.
    std::function<std::string(const std::vector<int64_t>&)> decode;
    const std::atomic<bool>* cancel = nullptr;  // set: it leaves at the next step, Cancelled
};

struct FinishedSequence {
    int64_t id = 0;
    GenerationResult result;
};

class BatchDecoder {
  public:
    // At most `max_batch` sequences at once.
    BatchDecoder(LlamaForCausalLM lm, int64_t max_batch);
    ~BatchDecoder();
    BatchDecoder(const BatchDecoder&) = delete;
    BatchDecoder& operator=(const BatchDecoder&) = delete;

    int64_t max_batch() const { return max_batch_; }
    int64_t active() const { return int64_t(running_.size()); }
    bool full() const { return active() >= max_batch_; }
    // What the suffix slots occupy.
    int64_t slot_bytes() const { return slots_.bytes(); }

    // Adds a sequence (needs !full()); its suffix is prefilled by the next
    // step(). Returns its id. Throws facellava::Error on bad embeddings or a
    // prompt that leaves the model no position to answer in; max_new_tokens
    // is cut to the positions left, as generate() does.
    int64_t add(BatchSequence sequence);
    // One forward for every active sequence and a token for each. Returns
    // the sequences that finished (eos, max tokens, stop string, cancelled),
    // which have left the batch.
    std::vector<FinishedSequence> step();

  private:
    struct Running;
    void remove(size_t slot);
    // Stop checks after `id` was chosen for r: true when it finished.
    bool finishes(Running& r, int64_t id);

    LlamaForCausalLM lm_;
    int64_t max_batch_;
    SuffixSlots slots_;
    std::vector<std::unique_ptr<Running>> running_;  // by slot: slots are compact
    int64_t next_id_ = 0;
};

}  // namespace facellava::model
