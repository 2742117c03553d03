// The fine-tuning entry points the CLI and the GUI call. Torch-free.
//
// run_training() blocks until the run ends (finished, cancelled or failed);
// the GUI runs it in a separate `facellava train` process and reads
// metrics.jsonl, the CLI calls it directly. Progress and cancellation go
// through callbacks so the trainer knows nothing of the UI.
//
// Thread-safety: one run per process (LibTorch's global RNG and thread pool
// are process-wide). Callbacks run on the calling thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "facellava/training/train_config.h"

namespace facellava::training {

// A sample that cannot be used, with where it is and what is wrong.
struct DataIssue {
    std::string file;    // the JSON/JSONL file
    int64_t index = -1;  // 0-based entry index (line index for .jsonl); -1: the whole file
    std::string problem;
    std::string describe() const;  // "file #index: problem"
};

struct TaskCount {
    std::string task;
    int64_t samples = 0;  // usable samples
    int64_t images = 0;
    int64_t videos = 0;
    int64_t text_only = 0;
    int64_t with_landmarks = 0;
    int64_t bad = 0;      // samples of this task that were reported
    double weight = 1.0;  // repeat factor from DataConfig::task_weights
};

struct DatasetStats {
    std::vector<std::string> files;
    int64_t entries = 0;  // entries read, bad ones included
    int64_t usable = 0;
    std::vector<TaskCount> tasks;  // sorted by task name
    std::vector<DataIssue> issues;
};

struct DryRunReport {
    TrainConfig resolved;       // defaults filled in (num_frames from the model, …)
    std::string resolved_json;  // the same, as JSON
    DatasetStats train;
    DatasetStats eval;
    int64_t samples_per_epoch = 0;  // after task weights
    int world_size = 1;             // ranks the steps are counted for (WORLD_SIZE, else nproc)
    int64_t global_batch = 0;       // samples per optimiser step over all ranks
    int64_t steps_per_epoch = 0;
    int64_t total_steps = 0;
    int64_t warmup_steps = 0;
    int64_t visual_tokens_per_image = 0;
    int64_t visual_tokens_per_video = 0;
};

// Reads and validates the data (as configured: skip or fail) and resolves
// the config without loading any weights. Throws facellava::Error.
DryRunReport dry_run(const TrainConfig& config);

struct TrainProgress {
    enum class Phase { Preparing, Training, Evaluating, Saving, Finished };
    Phase phase = Phase::Preparing;
    int64_t step = 0;  // optimiser steps done
    int64_t total_steps = 0;
    int64_t epoch = 0;
    double loss = 0;  // of the last step (mean over its answer tokens)
    double learning_rate = 0;
    double grad_norm = 0;  // before clipping
    double tokens_per_s = 0;
    double elapsed_s = 0;
    double eta_s = 0;
    int64_t memory_bytes = 0;            // CUDA: device memory in use; CPU: resident set
    std::map<std::string, double> eval;  // after an evaluation: "eval_loss", "<task>/<metric>"
    std::string message;                 // what is happening, for a status line
    int rank = 0;        // this process in a data-parallel run (0: the one that writes)
    int world_size = 1;  // processes in the run
};

// A checkpoint complete on disk (layout: checkpoint_layout.h).
struct CheckpointSaved {
    std::string dir;
    int64_t step = 0;
    std::string reason;  // periodic, abort, error, final
};

struct TrainCallbacks {
    std::function<void(const TrainProgress&)> on_progress;
    std::function<void(const std::string&)> on_log;  // human-readable lines (data issues, saves)
    // After each checkpoint is written; only in the process that writes them
    // (rank 0 of a data-parallel run).
    std::function<void(const CheckpointSaved&)> on_checkpoint;
    // Set from any thread: the run stops after the current step, saves a
    // checkpoint and returns with cancelled = true.
    const std::atomic<bool>* cancel = nullptr;
};

struct TrainResult {
    int64_t steps_done = 0;
    bool cancelled = false;
    double final_loss = 0;
    std::string last_checkpoint;  // folder to resume from ("" when none was written)
    std::string final_model_dir;  // loadable model folder ("" when not written)
    std::map<std::string, double> last_eval;
    DatasetStats train;
};

// Throws facellava::Error on anything the user can fix (config, data with
// on_bad_sample = fail, checkpoint, device); a checkpoint is still written
// when the failure happens during training.
//
// Data parallel: when the torchrun variables are set (WORLD_SIZE, RANK, …;
// see local_launch.h), this process joins that group as one rank: every rank
// trains on its share of each global batch, gradients are averaged, rank 0
// alone writes checkpoints, metrics.jsonl and the final model. A rank that
// loses its peers throws an Error saying so (after at most dist_timeout_s).
TrainResult run_training(const TrainConfig& config, const TrainCallbacks& callbacks = {});

}  // namespace facellava::training
