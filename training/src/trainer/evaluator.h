// Periodic evaluation on the held-out split: the mean answer-token loss, and
// the task metrics of greedy answers (spec §9) through the answer parsers.
// Used by the trainer and by run_evaluation() (facellava eval).
// Each evaluation also writes the generated answers next to the references
// (eval/step-N.jsonl) so a user can see what the numbers mean.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dataset/sample_loader.h"
#include "facellava/training/evaluation.h"
#include "facellava/training/train_config.h"
#include "trainer/llama_train_forward.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

struct EvalOptions {
    int64_t max_samples = 200;  // samples answered (the loss uses every held-out sample)
    int64_t max_new_tokens = 128;
    int64_t batch_size = 4;
    std::map<std::string, std::string> task_kinds;
    bool autocast = false;
    std::string answers_path;  // "" : do not write the answers
    std::function<std::string(const std::vector<int64_t>&)> decode;
    const std::atomic<bool>* cancel = nullptr;
    bool compute_loss = true;  // false: answers only (the loss pass loads every sample)
    // After each loss batch and each answer (for `facellava eval`'s progress bar).
    std::function<void(const EvalRunProgress&)> on_progress;
};

struct EvalOutcome {
    double loss = 0;  // mean over answer tokens
    int64_t loss_tokens = 0;
    std::map<std::string, double> metrics;  // "<task>/<metric>"
    std::vector<DataIssue> failures;        // samples that could not be loaded
    std::vector<EvalAnswer> answers;        // generated vs reference, in sample order
    bool cancelled = false;
};

EvalOutcome evaluate(TrainableFaceLlava& model, LlamaTrainForward& llm,
                     const std::vector<SampleRecord>& samples, const SampleLoaderOptions& loader,
                     const EvalOptions& options);

// Greedy answer to a prompt (1, L, H) until EOS or max_new_tokens.
std::vector<int64_t> greedy_answer(LlamaTrainForward& llm, const torch::Tensor& prompt_embeds,
                                   int64_t num_layers, int64_t eos_id, int64_t max_new_tokens);

}  // namespace facellava::training
