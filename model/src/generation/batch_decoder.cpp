#include "generation/batch_decoder.h"

#include <algorithm>

#include "facellava/core/error.h"

namespace facellava::model {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

}  // namespace

struct BatchDecoder::Running {
    int64_t id = 0;
    BatchSequence sequence;
    Sampler sampler;
    std::vector<int64_t> seen;  // context and new ids: the repetition penalty's
    GenerationResult result;
    bool prefilled = false;  // its suffix went through a forward
    int64_t next = -1;       // the token chosen last, fed by the next step
    Clock::time_point added, first_token, last_token;

    Running(int64_t i, BatchSequence s)
        : id(i), sequence(std::move(s)), sampler(sequence.params), seen(sequence.context_ids) {}
};

BatchDecoder::BatchDecoder(LlamaForCausalLM lm, int64_t max_batch)
    : lm_(std::move(lm)),
      max_batch_(max_batch),
      slots_(lm_->hparams().num_hidden_layers, std::max<int64_t>(max_batch, 1)) {
    if (max_batch < 1)
        throw Error("the answer batch must hold at least one sequence, got " +
                    std::to_string(max_batch));
}

BatchDecoder::~BatchDecoder() = default;

int64_t BatchDecoder::add(BatchSequence sequence) {
    if (full())
        throw Error("the batch is full (" + std::to_string(max_batch_) + " sequences)");
    const auto& hp = lm_->hparams();
    const auto& e = sequence.suffix_embeds;
    if (!e.defined() || e.dim() != 3 || e.size(0) != 1 || e.size(1) < 1 ||
        e.size(2) != hp.hidden_size)
        throw Error("a batched sequence needs suffix embeddings (1, tokens ≥ 1, " +
                    std::to_string(hp.hidden_size) + ")");
    if (!sequence.params.stop_strings.empty() && !sequence.decode)
        throw Error("stop strings need a decode callback", {}, "pass the tokenizer's decode");
    const int64_t prompt = (sequence.prefix ? sequence.prefix->length : 0) + e.size(1);
    const int64_t room = hp.max_position_embeddings - prompt;
    if (room < 1)
        throw Error("the prompt (" + std::to_string(prompt) + " tokens) fills the model's " +
                        std::to_string(hp.max_position_embeddings) + " positions",
                    "", "shorten the question or use fewer video frames");
    sequence.params.max_new_tokens =
        int(std::min<int64_t>(std::max(sequence.params.max_new_tokens, 0), room));
    // The suffix and every token fed back: max_new_tokens − 1 of them.
    const int64_t needed = e.size(1) + std::max(sequence.params.max_new_tokens - 1, 0);
    slots_.ensure(hp.num_key_value_heads, hp.head_dim, needed, e.options());

    auto r = std::make_unique<Running>(next_id_++, std::move(sequence));
    r->result.timings.prompt_tokens = prompt;
    r->added = Clock::now();
    slots_.set_length(int64_t(running_.size()), 0);
    running_.push_back(std::move(r));
    return running_.back()->id;
}

bool BatchDecoder::finishes(Running& r, int64_t id) {
    const auto finish = [&](StopReason reason) {
        r.result.stop_reason = reason;
        r.result.timings.total_ms = ms_between(r.added, r.last_token);
        const double decode_s = ms_between(r.first_token, r.last_token) / 1000.0;
        if (r.result.timings.decode_steps > 0 && decode_s > 0.0)
            r.result.timings.decode_tokens_per_s = r.result.timings.decode_steps / decode_s;
        if (r.sequence.decode && reason != StopReason::StopString)
            r.result.text = r.sequence.decode(r.result.ids);
        return true;
    };
    if (id == lm_->hparams().eos_token_id)
        return finish(StopReason::Eos);
    r.result.ids.push_back(id);
    r.seen.push_back(id);
    const auto& stops = r.sequence.params.stop_strings;
    if (!stops.empty()) {
        const std::string text = r.sequence.decode(r.result.ids);
        const auto [best, which] = find_stop_string(text, stops);
        if (best != std::string::npos) {
            r.result.stop_string = stops[which];
            r.result.text = text.substr(0, best);
            return finish(StopReason::StopString);
        }
    }
    if (int64_t(r.result.ids.size()) >= r.sequence.params.max_new_tokens)
        return finish(StopReason::MaxTokens);
    r.next = id;
    return false;
}

void BatchDecoder::remove(size_t slot) {
    const size_t last = running_.size() - 1;
    if (slot != last) {
        slots_.move(int64_t(last), int64_t(slot));
        running_[slot] = std::move(running_[last]);
    }
    slots_.set_length(int64_t(last), 0);
    running_.pop_back();
}

std::vector<FinishedSequence> BatchDecoder::step() {
    torch::NoGradGuard no_grad;
    std::vector<FinishedSequence> finished;
    std::vector<size_t> leaving;
    // Cancelled sequences leave before any work is spent on them.
    for (size_t s = 0; s < running_.size(); ++s) {
        Running& r = *running_[s];
        const bool cancelled = r.sequence.cancel && r.sequence.cancel->load();
        if (cancelled || r.sequence.params.max_new_tokens == 0) {
            r.last_token = r.first_token = Clock::now();
            r.result.stop_reason = cancelled ? StopReason::Cancelled : StopReason::MaxTokens;
            if (r.sequence.decode)
                r.result.text = r.sequence.decode(r.result.ids);
            leaving.push_back(s);
        }
    }
    for (auto it = leaving.rbegin(); it != leaving.rend(); ++it) {
        finished.push_back({running_[*it]->id, std::move(running_[*it]->result)});
        remove(*it);
    }
    if (running_.empty())
        return finished;

    // The batch: entries in slot order, so the decoding sequences (all but
    // the ones added since the last step, which sit at the end) are slots
    // 0..n-1 and attend their suffixes without a gather.
    const auto device = running_.front()->sequence.suffix_embeds.device();
    RaggedBatch batch;
    batch.slots = &slots_;
    std::vector<int64_t> decode_ids;
    for (size_t s = 0; s < running_.size(); ++s) {
        const Running& r = *running_[s];
        RaggedEntry entry;
        entry.prefix = r.sequence.prefix.get();
        entry.slot = int64_t(s);
        entry.past = slots_.length(int64_t(s));
        entry.tokens = r.prefilled ? 1 : r.sequence.suffix_embeds.size(1);
        if (r.prefilled)
            decode_ids.push_back(r.next);
        batch.entries.push_back(entry);
    }
    batch.prepare(device);
    // Inputs in entry order: the new suffixes' embeddings and the decode tokens'.
    torch::Tensor decode_embeds;
    if (!decode_ids.empty())
        decode_embeds =
            lm_->embed(torch::tensor(decode_ids, torch::TensorOptions().dtype(torch::kInt64))
                           .to(device)
                           .view({1, -1}));  // (1, n, H)
    std::vector<torch::Tensor> parts;
    int64_t next_decode = 0;
    for (const auto& r : running_)
        parts.push_back(r->prefilled ? decode_embeds.narrow(1, next_decode++, 1)
                                     : r->sequence.suffix_embeds);
    const auto inputs = parts.size() == 1 ? parts.front() : torch::cat(parts, 1);  // (1, N, H)
    const auto hidden = lm_->hidden_states_ragged(inputs, batch);                  // (1, N, H)
    const auto logits = lm_->logits(hidden.index_select(1, batch.last_tokens))     // (1, E, V)
                            .select(0, 0)
                            .to(torch::kFloat32)
                            .cpu();
    const auto now = Clock::now();

    leaving.clear();
    for (size_t s = 0; s < running_.size(); ++s) {
        Running& r = *running_[s];
        const RaggedEntry& entry = batch.entries[s];
        slots_.set_length(int64_t(s), entry.past + entry.tokens);
        if (r.prefilled) {
            ++r.result.timings.decode_steps;
        } else {
            r.prefilled = true;
            r.first_token = now;
            r.result.timings.prefill_ms = ms_between(r.added, now);
        }
        r.last_token = now;
        if (finishes(r, r.sampler.sample(logits[int64_t(s)], r.seen)))
            leaving.push_back(s);
    }
    for (auto it = leaving.rbegin(); it != leaving.rend(); ++it) {
        finished.push_back({running_[*it]->id, std::move(running_[*it]->result)});
        remove(*it);
    }
    return finished;
}

}  // namespace facellava::model
