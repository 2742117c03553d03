// The training loop: a prepared RunPlan → optimiser steps, with logging,
// evaluation, checkpoints and exact resume. run_training() (training.h) is a
// thin wrapper; tests drive this class directly when they need its parts.
//
// One step = grad_accumulation micro-batches; the loss of a step is the sum of
// the answer-token cross-entropies of all its micro-batches divided by their
// answer-token count (so accumulation gives the same gradient as one big
// batch), then clipping, the scheduled learning rate and one AdamW update.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dataset/sample_loader.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/training.h"
#include "trainer/llama_train_forward.h"
#include "trainer/lora.h"
#include "trainer/run_plan.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

class MetricsLog;

class Trainer {
  public:
    Trainer(RunPlan plan, TrainCallbacks callbacks);
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
    void build_optimizer();
    void open_epoch(int64_t epoch, int64_t first_batch);
    // One optimiser step; returns false when the data of the step was empty.
    bool train_step(TrainProgress& progress);
    void run_evaluation(TrainProgress& progress);
    std::string save(const std::string& reason);
    void write_final_model();
    void log(const std::string& line) const;
    void report(const TrainProgress& progress) const;
    bool cancelled() const;

    RunPlan plan_;
    TrainCallbacks callbacks_;
    torch::Device device_{torch::kCPU};
    bool autocast_ = false;
    std::optional<model::Tokenizer> tokenizer_;
    std::unique_ptr<TrainableFaceLlava> model_;
    std::unique_ptr<LoraAdapters> lora_;
    std::unique_ptr<LlamaTrainForward> forward_;
    NamedTensors trainable_;
    std::vector<double> group_lr_scale_;  // per parameter group, × the scheduled rate
    std::unique_ptr<torch::optim::AdamW> optimizer_;
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
};

}  // namespace facellava::training
