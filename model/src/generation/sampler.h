// Picks the next token from a row of logits: greedy, or temperature sampling
// with top-k / top-p filtering, after an optional repetition penalty. The
// processors follow HF transformers' semantics and order (repetition penalty,
// temperature, top-k, top-p), on float32 CPU logits like HF's generate.
//
// Reproducible: draws come from a torch CPU generator seeded with
// SamplingParams::seed, by inverse-CDF on one uniform number per token, so the
// same seed gives the same tokens on any device and LibTorch version.
//
// Thread-safety: one Sampler per generation; not shared.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::model {

struct SamplingParams {
    float temperature = 0.0f;               // 0: greedy (argmax); > 0: sample softmax(logits / T)
    float top_p = 1.0f;                     // nucleus mass to keep, (0, 1]; 1: off
    int top_k = 0;                          // keep the k most likely tokens; 0: off
    float repetition_penalty = 1.0f;        // > 0; seen tokens' logits: positive / p, negative · p
    int max_new_tokens = 256;               // generation stops after this many new tokens
    uint64_t seed = 0;                      // seeds the sampler's generator
    std::vector<std::string> stop_strings;  // generation stops when the new text contains one

    // Throws facellava::Error naming the first out-of-range value.
    void validate() const;
};

// HF RepetitionPenaltyLogitsProcessor over `seen` (ids outside the row are ignored).
torch::Tensor apply_repetition_penalty(const torch::Tensor& logits,
                                       const std::vector<int64_t>& seen, float penalty);
// HF TopKLogitsWarper: tokens below the k-th largest logit get -inf (ties kept).
torch::Tensor apply_top_k(const torch::Tensor& logits, int k);
// HF TopPLogitsWarper: keeps the most likely tokens whose cumulative probability
// reaches p (at least one), the others get -inf.
torch::Tensor apply_top_p(const torch::Tensor& logits, float p);

class Sampler {
  public:
    explicit Sampler(const SamplingParams& params);  // validates params

    // logits (V) of the next position, any dtype/device; `seen`: the ids the
    // repetition penalty applies to (prompt and generated so far).
    int64_t sample(const torch::Tensor& logits, const std::vector<int64_t>& seen);

    // The float32 CPU logits the choice is made from: penalised, and for
    // temperature > 0 scaled and filtered (removed tokens at -inf).
    torch::Tensor process(const torch::Tensor& logits, const std::vector<int64_t>& seen) const;

    const SamplingParams& params() const { return params_; }

  private:
    SamplingParams params_;
    at::Generator generator_;
};

}  // namespace facellava::model
