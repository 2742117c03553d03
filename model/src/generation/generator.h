// Text generation with a LLaMA model: one prefill over the prompt embeddings
// (text and spliced image tokens alike), then cached decoding one token at a
// time. Streaming, stop strings and cancellation go through callbacks so the
// engine knows nothing of the UI.
//
// Thread-safety: generate() only reads the model; concurrent calls are fine
// with separate caches. Callbacks run on the calling thread.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "generation/sampler.h"
#include "llm/kv_cache.h"
#include "llm/llama_model.h"
#include "torch_pch.h"

namespace facellava::model {

class DecodeSession;
class DecodeStepRunner;

enum class StopReason {
    Eos,         // the model produced eos_token_id (not included in ids)
    MaxTokens,   // max_new_tokens reached
    StopString,  // the decoded new text contains a stop string
    Cancelled,   // the cancel flag was set
    Callback,    // on_token returned false
};
const char* stop_reason_name(StopReason reason);

// The earliest of `stops` in `text`: its position (npos when none) and its
// index in `stops`. Shared by generate() and batched decoding.
std::pair<size_t, size_t> find_stop_string(const std::string& text,
                                           const std::vector<std::string>& stops);

struct GenerationCallbacks {
    // Each new token as soon as it is chosen (not eos, not the token completing
    // a stop string); return false to stop.
    std::function<bool(int64_t id)> on_token;
    // Optional detokeniser of the new ids; needed for stop strings and
    // GenerationResult::text.
    std::function<std::string(const std::vector<int64_t>&)> decode;
    // Checked before the prefill and after every token.
    const std::atomic<bool>* cancel = nullptr;
};

struct GenerationTimings {
    double prefill_ms = 0.0;           // start → first new token chosen (time to first token)
    double decode_tokens_per_s = 0.0;  // cached decode steps per second after the first token
    double total_ms = 0.0;             // the whole call
    int64_t prompt_tokens = 0;         // positions prefilled
    int64_t decode_steps = 0;          // single-token forwards after the prefill
    bool cuda_graphs = false;          // the decode steps replayed CUDA graphs
};

struct GenerationResult {
    std::vector<int64_t> ids;  // new tokens, without eos
    StopReason stop_reason = StopReason::MaxTokens;
    std::string stop_string;  // the one found, for StopReason::StopString
    // decode(ids) cut before the stop string; empty without a decode callback.
    // Tokens streamed through on_token may hold the start of a stop string:
    // show this text once generation ends.
    std::string text;
    GenerationTimings timings;
};

// Generates from prompt_embeds (1, T, H) with a fresh cache sized for
// T + max_new_tokens. prompt_ids: the ids the repetition penalty covers (may be
// empty; placeholder ids such as -200 are ignored).
GenerationResult generate(LlamaForCausalLM& lm, const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& prompt_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks = {});

// Same, continuing a session: prompt_embeds are appended to what `cache`
// already holds (a follow-up turn, or the last prompt token after
// cache.truncate() to regenerate an answer). Afterwards the cache holds every
// position fed to the model: the prompt and each new token but the last one,
// which was chosen and never fed.
GenerationResult generate(LlamaForCausalLM& lm, KvCache& cache, const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& context_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks = {});

// Same, through a decode session (generation/decode_session.h): its cache is
// reset and takes this prompt, growing when it needs more room, and the
// decode steps go through its runner with static shapes (CUDA graphs on a
// GPU, replayed from earlier answers). The session's device must be the
// prompt's.
GenerationResult generate(LlamaForCausalLM& lm, DecodeSession& session,
                          const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& prompt_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks = {});

// The one generation loop behind the overloads: decode steps through `steps`
// when given, else through a runner of its own on a GPU and the ordinary
// cached forward on the CPU.
GenerationResult generate_with(LlamaForCausalLM& lm, KvCache& cache, DecodeStepRunner* steps,
                               const torch::Tensor& prompt_embeds,
                               const std::vector<int64_t>& context_ids,
                               const SamplingParams& params,
                               const GenerationCallbacks& callbacks = {});

}  // namespace facellava::model
