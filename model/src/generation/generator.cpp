#include "generation/generator.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "facellava/core/error.h"
#include "generation/decode_session.h"
#include "generation/decode_step.h"

namespace facellava::model {

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

bool cancelled(const GenerationCallbacks& callbacks) {
    return callbacks.cancel != nullptr && callbacks.cancel->load(std::memory_order_relaxed);
}

}  // namespace

std::pair<size_t, size_t> find_stop_string(const std::string& text,
                                           const std::vector<std::string>& stops) {
    size_t best = std::string::npos, which = 0;
    for (size_t i = 0; i < stops.size(); ++i) {
        const size_t at = text.find(stops[i]);
        if (at < best) {
            best = at;
            which = i;
        }
    }
    return {best, which};
}

const char* stop_reason_name(StopReason reason) {
    switch (reason) {
        case StopReason::Eos:
            return "eos";
        case StopReason::MaxTokens:
            return "max_tokens";
        case StopReason::StopString:
            return "stop_string";
        case StopReason::Cancelled:
            return "cancelled";
        case StopReason::Callback:
            return "callback";
    }
    return "unknown";
}

GenerationResult generate(LlamaForCausalLM& lm, const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& prompt_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks) {
    const int64_t prompt_len = prompt_embeds.dim() == 3 ? prompt_embeds.size(1) : 0;
    KvCache cache = lm->make_cache(prompt_len + std::max(params.max_new_tokens, 0));
    return generate(lm, cache, prompt_embeds, prompt_ids, params, callbacks);
}

GenerationResult generate(LlamaForCausalLM& lm, KvCache& cache, const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& context_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks) {
    return generate_with(lm, cache, nullptr, prompt_embeds, context_ids, params, callbacks);
}

GenerationResult generate(LlamaForCausalLM& lm, DecodeSession& session,
                          const torch::Tensor& prompt_embeds,
                          const std::vector<int64_t>& prompt_ids, const SamplingParams& params,
                          const GenerationCallbacks& callbacks) {
    if (prompt_embeds.defined() && prompt_embeds.device() != session.device())
        throw Error("the prompt is on " + prompt_embeds.device().str() +
                    " but the decode session on " + session.device().str());
    KvCache& cache = session.cache();
    cache.reset();
    // Room for this answer, doubling so that growth (and the runner's
    // recapture on the new buffers) stays rare over a session.
    const int64_t needed =
        (prompt_embeds.dim() == 3 ? prompt_embeds.size(1) : 0) + std::max(params.max_new_tokens, 0);
    if (needed > cache.capacity()) {
        // Never past the model's positions, which no answer can use.
        const int64_t most = std::max(needed, lm->hparams().max_position_embeddings);
        cache.reserve(std::min(std::max(needed, 2 * cache.capacity()), most));
    }
    return generate_with(lm, cache, &session.runner(), prompt_embeds, prompt_ids, params,
                         callbacks);
}

GenerationResult generate_with(LlamaForCausalLM& lm, KvCache& cache, DecodeStepRunner* steps,
                               const torch::Tensor& prompt_embeds,
                               const std::vector<int64_t>& context_ids,
                               const SamplingParams& params, const GenerationCallbacks& callbacks) {
    const auto start = Clock::now();
    torch::NoGradGuard no_grad;
    Sampler sampler(params);  // validates params
    const auto& hp = lm->hparams();
    if (prompt_embeds.dim() != 3 || prompt_embeds.size(0) != 1 || prompt_embeds.size(1) == 0)
        throw Error("generation needs prompt embeddings of shape (1, tokens ≥ 1, hidden), got " +
                    c10::str(prompt_embeds.sizes()));
    const bool check_stops = !params.stop_strings.empty() && callbacks.decode;
    if (!params.stop_strings.empty() && !callbacks.decode)
        throw Error("stop strings need a decode callback", {}, "pass the tokenizer's decode");

    GenerationResult result;
    result.timings.prompt_tokens = prompt_embeds.size(1);
    std::vector<int64_t> seen = context_ids;  // what the repetition penalty covers
    std::string text;                         // decode(result.ids) when check_stops

    const auto finish = [&](StopReason reason, Clock::time_point first, Clock::time_point last) {
        result.stop_reason = reason;
        const auto end = Clock::now();
        result.timings.total_ms = ms_between(start, end);
        const double decode_s = ms_between(first, last) / 1000.0;
        if (result.timings.decode_steps > 0 && decode_s > 0.0)
            result.timings.decode_tokens_per_s = result.timings.decode_steps / decode_s;
        if (callbacks.decode && reason != StopReason::StopString)
            result.text = callbacks.decode(result.ids);
        return result;
    };

    if (cancelled(callbacks))
        return finish(StopReason::Cancelled, start, start);
    if (params.max_new_tokens == 0)
        return finish(StopReason::MaxTokens, start, start);

    // Room for the prompt and every token fed back: no growth while decoding.
    cache.reserve(cache.length() + prompt_embeds.size(1) + params.max_new_tokens);
    const auto device = prompt_embeds.device();

    // Prefill: the whole prompt at once, logits of its last position only.
    auto hidden = lm->hidden_states(prompt_embeds, &cache);                       // (1, T, H)
    auto logits = lm->logits(hidden.select(1, hidden.size(1) - 1)).select(0, 0);  // (V)
    // On a GPU, decode steps with static shapes (CUDA graphs where available):
    // the eager step's host work, not the GPU, would set the pace. A session
    // brings its own runner, whose graphs earlier answers captured.
    std::optional<DecodeStepRunner> own_runner;
    DecodeStepRunner* runner = steps;
    if (!runner && device.is_cuda())
        runner = &own_runner.emplace(lm, cache, 1, device, DecodeStepRunner::graphs_wanted(device));

    Clock::time_point first_token, last_token;
    while (true) {
        const int64_t id = sampler.sample(logits, seen);  // waits for the device
        last_token = Clock::now();
        if (result.ids.empty()) {
            first_token = last_token;
            result.timings.prefill_ms = ms_between(start, first_token);
        }
        if (id == hp.eos_token_id)
            return finish(StopReason::Eos, first_token, last_token);
        result.ids.push_back(id);
        seen.push_back(id);

        if (check_stops) {
            text = callbacks.decode(result.ids);
            const auto [at, which] = find_stop_string(text, params.stop_strings);
            if (at != std::string::npos) {
                result.stop_string = params.stop_strings[which];
                result.text = text.substr(0, at);
                return finish(StopReason::StopString, first_token, last_token);
            }
        }
        if (callbacks.on_token && !callbacks.on_token(id))
            return finish(StopReason::Callback, first_token, last_token);
        if (static_cast<int64_t>(result.ids.size()) >= params.max_new_tokens)
            return finish(StopReason::MaxTokens, first_token, last_token);
        if (cancelled(callbacks))
            return finish(StopReason::Cancelled, first_token, last_token);

        // Decode step: feed the chosen token, get the next position's logits.
        if (runner) {
            logits = runner->step(id).select(0, 0);  // (V)
            result.timings.cuda_graphs = runner->uses_graphs();
        } else {
            const auto next =
                torch::full({1, 1}, id, torch::TensorOptions().dtype(torch::kInt64).device(device));
            logits = lm->forward_embeddings(lm->embed(next), &cache).select(0, 0).select(0, 0);
        }
        ++result.timings.decode_steps;
    }
}

}  // namespace facellava::model
