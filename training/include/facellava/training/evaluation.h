// Scores a Face-LLaVA checkpoint on held-out FaceInstruct-format data
// (`facellava eval`): greedy answers to each sample's last question, scored
// against the sample's own reference answer through the answer parsers, per
// task (metric family from the task name, docs/TRAINING.md "Evaluation"),
// plus the mean answer-token loss. The same code evaluates during training.
//
// Thread-safety: one evaluation per process (LibTorch's thread pool and RNG
// are process-wide). Callbacks run on the calling thread. Torch-free.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "facellava/training/training.h"

namespace facellava::training {

struct EvalRunOptions {
    std::string checkpoint;               // model folder (config.json, tokenizer.model, weights)
    std::vector<std::string> data_files;  // FaceInstruct .json / .jsonl
    std::string image_root;               // image and landmark paths are relative to this
    std::string video_root;               // video paths; "" : image_root
    int64_t max_samples = 0;              // samples answered, in file order; 0: all
    int64_t max_new_tokens = 128;
    bool compute_loss = true;     // also the mean answer-token loss over every sample
    std::string device = "auto";  // "auto", "cpu", "cuda", "cuda:N"
    int cpu_threads = 0;          // 0: LibTorch's default
    // Task → metric family for tasks whose name does not say it (as eval.task_kinds).
    std::map<std::string, std::string> task_kinds;
    std::string system_prompt;  // "" : the vicuna-v1 system prompt
    // The LLM's weights: "auto" or "fp32" (as loaded, float32), or quantized
    // at load: "int8", "int4", "int4-g64", … (docs/MODELS.md).
    std::string weights = "auto";
    // Also evaluate the model quantized with each of these schemes on the
    // same samples and compare it with the float32 model (EvalWeightsComparison).
    std::vector<std::string> compare_weights;
};

struct EvalAnswer {
    std::string file;
    int64_t index = 0;
    std::string task;
    std::string reference;
    std::string generated;
};

struct EvalRunProgress {
    enum class Phase { Loading, Loss, Answers };
    Phase phase = Phase::Loading;
    int64_t done = 0;
    int64_t total = 0;
    std::string task;  // of the sample just answered
};

struct EvalRunCallbacks {
    std::function<void(const EvalRunProgress&)> on_progress;
    std::function<void(const std::string&)> on_log;  // skipped samples, notes
    const std::atomic<bool>* cancel = nullptr;       // stops after the current sample
};

// One precision of --compare-weights against the float32 model, on the
// samples the float model answered.
struct EvalWeightsComparison {
    std::string weights;                    // "int8", "int4", …
    int64_t llm_weight_bytes = 0;           // what its LLM weights occupy
    std::map<std::string, double> metrics;  // its own task metrics
    double loss = 0;                        // mean answer-token loss (compute_loss)
    int64_t loss_tokens = 0;
    std::vector<EvalAnswer> answers;  // its greedy answers
    int64_t compared_answers = 0;     // answers both models gave
    int64_t identical_answers = 0;    // … with the same text
    // Teacher-forced over the reference answer tokens of the answered samples:
    int64_t positions = 0;
    double top1_agreement = 0;  // same argmax as the float model
    double mean_kl = 0;         // KL(float ‖ quantized), nats per position
    double max_kl = 0;
};

struct EvalRunResult {
    std::map<std::string, double> metrics;  // "<task>/<metric>", see AnswerScorer
    double loss = 0;                        // mean over answer tokens (compute_loss)
    int64_t loss_tokens = 0;
    std::vector<EvalAnswer> answers;
    std::map<std::string, int64_t> answers_per_task;  // scored or not
    DatasetStats data;
    std::vector<DataIssue> failures;  // samples whose media could not be loaded
    std::string device;
    std::string weights;           // the evaluated model's LLM weights: "fp32", "int4", …
    int64_t llm_weight_bytes = 0;  // what they occupy
    std::vector<EvalWeightsComparison> comparisons;  // --compare-weights, in order
    bool cancelled = false;
};

// Throws facellava::Error (checkpoint, data files, device).
EvalRunResult run_evaluation(const EvalRunOptions& options, const EvalRunCallbacks& callbacks = {});

// The result as the JSON `facellava eval --json` writes: options, metrics,
// per-task counts, loss, every answer next to its reference.
std::string eval_result_json(const EvalRunOptions& options, const EvalRunResult& result);

}  // namespace facellava::training
