// `facellava train --progress jsonl`: a run's progress and outcome as JSON
// lines, one object per line, for programs that drive the trainer (the
// workbench's Training dialog, scripts, schedulers). The schema is
// "facellava.train/1", documented in docs/TRAINING.md ("Progress as JSON
// lines"): every line has "schema", "event" and "rank"; the events are
// start, status, epoch, step, eval, checkpoint, done and error. A run's
// stream ends with exactly one done or error line from the process that
// owns the outcome (rank 0, or the launcher of an `--nproc` run when the
// group failed: then its error comes last).
//
// Torch-free. Thread-safety: the methods may be called from several threads;
// each line is written and flushed whole.
#pragma once

#include <cstdint>
#include <exception>
#include <iosfwd>
#include <mutex>
#include <string>

#include "facellava/training/train_config.h"
#include "facellava/training/training.h"

namespace facellava::training {

inline constexpr const char* kProgressSchema = "facellava.train/1";
// The "rank" of lines written by the launcher of an `--nproc N` run.
inline constexpr int kLauncherRank = -1;

class ProgressJsonWriter {
  public:
    // rank: this process's rank in a data-parallel run (0 alone), or
    // kLauncherRank. world_size: the processes of the run.
    ProgressJsonWriter(std::ostream& out, int rank, int world_size);

    // "start": the run is starting with these settings.
    void start(const TrainConfig& config);
    // "status" (preparing, evaluating, saving with a message), "epoch" (before
    // the first step of an epoch), "step" (an optimiser step done: steps are
    // strictly increasing, repeats are dropped) or "eval" (after an evaluation).
    void progress(const TrainProgress& progress);
    // "checkpoint": a checkpoint is complete on disk.
    void checkpoint(const CheckpointSaved& saved);
    // "done": outcome "finished" or "cancelled", with the checkpoint and model.
    void done(const TrainResult& result);
    // "error": outcome "failed". A facellava::Error gives message, path and
    // hint; any other exception its what().
    void error(const std::exception& failure);
    void error(const std::string& message, const std::string& path, const std::string& hint);

  private:
    void write_line(const std::string& line);

    std::ostream& out_;
    std::mutex mutex_;
    int rank_;
    int world_size_;
    int64_t last_step_ = -1;
    int64_t total_steps_ = 0;
    int64_t epoch_ = -1;
};

}  // namespace facellava::training
