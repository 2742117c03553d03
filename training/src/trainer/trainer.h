// The training loop: a prepared RunPlan → optimiser steps, with logging,
// evaluation, checkpoints and exact resume. run_training() (training.h) is a
// thin wrapper; tests drive this class directly when they need its parts.
//
// One step = grad_accumulation micro-batches; the loss of a step is the sum of
// the answer-token cross-entropies of all its micro-batches divided by their
// answer-token count (so accumulation gives the same gradient as one big
// batch), then clipping, the scheduled learning rate and one AdamW update.
//
// Data parallel (a DistContext given): each micro-batch is this rank's share
// of a global micro-batch (distributed_sampler.h). The answer-token count of
// the step is summed over the ranks first and each rank back-propagates
// world_size × its loss sum / that global count; the gradient average over
// the ranks is then exactly the gradient of the global token mean, so N ranks
// × batch b train like one process with batch N·b. The gradient buckets are
// all-reduced during the last micro-batch's backward pass (dist_overlap, see
// gradient_buckets.h); earlier micro-batches accumulate locally. Rank 0
// alone writes; all ranks agree on stopping (Ctrl-C on any rank) before
// each step.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataset/sample_loader.h"
#include "distributed/dist_context.h"
#include "distributed/distributed_sampler.h"
#include "distributed/gradient_buckets.h"
#include "facellava/core/folder_lock.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/training.h"
#include "trainer/checkpoint_io.h"
#include "trainer/llama_train_forward.h"
#include "trainer/lora.h"
#include "trainer/optimizer_step.h"
#include "trainer/run_plan.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

class MetricsLog;

class Trainer {
  public:
    // dist: the process group of a data-parallel run (nullptr: one process).
    Trainer(RunPlan plan, TrainCallbacks callbacks, std::unique_ptr<DistContext> dist = nullptr);
    ~Trainer();

    // Loads the model, sets up trainable parameters and the optimiser, and
    // restores the checkpoint named by checkpoint.resume_from.
    void prepare();
    // Runs to the end, or until cancelled; returns the outcome.
    TrainResult run();

    // Parts, for tests.
    TrainableFaceLlava& model() { return *model_; }
    const NamedTensors& trainable() const { return trainable_; }
    int64_t step() const { return step_; }

  private:
    struct EpochData;
    // Where the next step's data starts (global: independent of the ranks).
    struct DataPosition {
        int64_t epoch = 0;
        int64_t next_batch = 0;             // global micro-batches of the current plan done
        std::vector<EpochSegment> earlier;  // parts of this epoch trained with other batch sizes
    };
    BatchPlan epoch_global_batches(int64_t epoch, const std::vector<EpochSegment>& earlier) const;
    void restore_position(const TrainerState& state);
    void open_epoch();
    bool is_main() const { return dist_ == nullptr || dist_->is_main(); }
    // Whether to stop before the next step: the cancel flag of any rank.
    bool stop_requested();
    void wait_for_main(const std::string& what);
    // One optimiser step; returns false when the data of the step was empty.
    bool train_step(TrainProgress& progress);
    // Logs, once, how the gradient all-reduce overlapped with backward.
    void report_overlap();
    void run_evaluation(TrainProgress& progress);
    std::string save(const std::string& reason);
    void write_final_model();
    void log(const std::string& line) const;
    void report(const TrainProgress& progress) const;
    bool cancelled() const;

    RunPlan plan_;
    std::optional<FolderLock> output_lock_;  // held by the main rank while the run lives
    TrainCallbacks callbacks_;
    std::unique_ptr<DistContext> dist_;
    std::unique_ptr<GradientBuckets> buckets_;
    DataPosition position_;
    torch::Device device_{torch::kCPU};
    bool autocast_ = false;
    std::optional<model::Tokenizer> tokenizer_;
    std::unique_ptr<TrainableFaceLlava> model_;
    std::unique_ptr<LoraAdapters> lora_;
    std::unique_ptr<LlamaTrainForward> forward_;
    NamedTensors trainable_;
    GroupedAdamW adamw_;  // optimizer_step.h: shared with the `train` benchmark
    SampleLoaderOptions loader_;
    std::unique_ptr<EpochData> epoch_;
    std::unique_ptr<MetricsLog> metrics_;
    int64_t step_ = 0;
    int64_t start_step_ = 0;
    double last_loss_ = 0;
    int64_t step_tokens_ = 0;  // spliced positions of the last step (for tokens/s)
    std::string last_checkpoint_;
    std::map<std::string, double> last_eval_;
    double run_seconds_ = 0;  // training time of this process (for the ETA)
    bool overlap_reported_ = false;
    bool overlap_reported_off_ = false;
};

}  // namespace facellava::training
