#include "trainer/evaluator.h"

#include <nlohmann/json.hpp>

#include "batching/batch_builder.h"
#include "facellava/core/atomic_file.h"
#include "metrics/answer_scoring.h"
#include "trainer/mixed_precision.h"

namespace facellava::training {

std::vector<int64_t> greedy_answer(LlamaTrainForward& llm, const torch::Tensor& prompt_embeds,
                                   int64_t num_layers, int64_t eos_id, int64_t max_new_tokens) {
    model::KvCache cache(num_layers, prompt_embeds.size(1) + max_new_tokens);
    auto hidden = llm.hidden_states(prompt_embeds, &cache);  // (1, L, H)
    std::vector<int64_t> out;
    for (int64_t i = 0; i < max_new_tokens; ++i) {
        const auto last = hidden.select(1, hidden.size(1) - 1);  // (1, H)
        const int64_t next = llm.logits(last).to(torch::kFloat32).argmax(-1).item<int64_t>();
        if (next == eos_id)
            break;
        out.push_back(next);
        const auto ids =
            torch::tensor({next}, torch::kInt64).to(prompt_embeds.device()).unsqueeze(0);  // (1, 1)
        hidden = llm.hidden_states(llm.embed(ids).to(prompt_embeds.dtype()), &cache);
    }
    return out;
}

EvalOutcome evaluate(TrainableFaceLlava& model, LlamaTrainForward& llm,
                     const std::vector<SampleRecord>& samples, const SampleLoaderOptions& loader,
                     const EvalOptions& options) {
    EvalOutcome outcome;
    torch::NoGradGuard no_grad;
    llm.set_training(false);
    AutocastGuard autocast(options.autocast);

    auto report = [&](EvalRunProgress::Phase phase, int64_t done, int64_t total,
                      const std::string& task) {
        if (options.on_progress)
            options.on_progress({phase, done, total, task});
    };

    // Loss over every held-out sample, in fixed batches (no shuffling).
    double loss_sum = 0;
    const size_t loss_samples = options.compute_loss ? samples.size() : 0;
    for (size_t first = 0; first < loss_samples; first += size_t(options.batch_size)) {
        if (options.cancel && options.cancel->load()) {
            outcome.cancelled = true;
            break;
        }
        std::vector<const SampleRecord*> records;
        for (size_t i = first; i < std::min(samples.size(), first + size_t(options.batch_size));
             ++i) {
            records.push_back(&samples[i]);
        }
        auto batch = load_batch(records, loader);
        for (auto& f : batch.failures)
            outcome.failures.push_back(f);
        if (batch.samples.empty())
            continue;
        const auto spliced = splice_batch(model, llm, batch.samples);
        const auto hidden = llm.hidden_states(spliced.embeds);
        loss_sum += causal_lm_loss_sum(llm, hidden, spliced.labels).item<double>();
        outcome.loss_tokens += spliced.label_tokens;
        report(EvalRunProgress::Phase::Loss, int64_t(records.size() + first),
               int64_t(samples.size()), "");
    }
    outcome.loss = outcome.loss_tokens > 0 ? loss_sum / double(outcome.loss_tokens) : 0.0;

    // Greedy answers to the last question of each sample.
    AnswerScorer scorer(options.task_kinds);
    std::string answers;
    const int64_t count = std::min<int64_t>(options.max_samples, int64_t(samples.size()));
    const auto& hp = model.hparams();
    for (int64_t i = 0; i < count && !outcome.cancelled; ++i) {
        if (options.cancel && options.cancel->load()) {
            outcome.cancelled = true;
            break;
        }
        const SampleRecord& record = samples[size_t(i)];
        std::vector<LoadedSample> one;
        try {
            one.push_back(load_sample(record, loader));
        } catch (const std::exception& e) {
            // Already reported by the loss pass, when it ran.
            if (!options.compute_loss)
                outcome.failures.push_back({record.file, record.index, e.what()});
            continue;
        }
        auto turns = record.turns;
        const std::string reference = turns.back().text;
        turns.pop_back();  // ends with the question: the prompt ends in "ASSISTANT:"
        const auto prompt = tokenize_conversation(turns, loader.conversation, loader.encoder);
        const auto segments = encode_visuals(model, one);
        const auto embeds = splice_prompt(llm, prompt.ids, segments.front(), model.device());
        const auto ids = greedy_answer(llm, embeds, hp.llm.num_hidden_layers, loader.encoder.eos_id,
                                       options.max_new_tokens);
        const std::string generated = options.decode ? options.decode(ids) : std::string();
        scorer.add(record.task, reference, generated);
        nlohmann::json line{{"file", record.file},
                            {"index", record.index},
                            {"task", record.task},
                            {"reference", reference},
                            {"generated", generated}};
        answers += line.dump() + "\n";
        outcome.answers.push_back({record.file, record.index, record.task, reference, generated});
        report(EvalRunProgress::Phase::Answers, i + 1, count, record.task);
    }
    outcome.metrics = scorer.results();
    if (!options.answers_path.empty() && !answers.empty())
        write_file_atomically(options.answers_path, answers);
    llm.set_training(true);
    return outcome;
}

}  // namespace facellava::training
