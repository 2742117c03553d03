// The `train` suite of `facellava bench`: tokens/s and model-FLOP utilisation
// of a full training step on a synthetic LLaMA of the spec's shapes, through
// the trainer's own code (training forward with the loss over labelled
// tokens, backward, gradient clipping, AdamW with the trainer's parameter
// groups). Random token batches, so no checkpoint or data set is needed.
//
// Registered by the CLI as a BenchOptions::extra_suites entry (model/ cannot
// depend on training/); runs in the same document and against the same
// roofline as the other suites. Torch-free header.
#pragma once

#include <string>

#include "facellava/model/bench.h"

namespace facellava::training {

struct TrainBenchSettings {
    int batch = 0;  // sequences per step; 0: 4 on CUDA (the target), 1 on the CPU
    int seq = 0;    // tokens per sequence; 0: 2048 on CUDA, 256 on the CPU
    bool activation_checkpointing = false;  // the trainer's option: recompute layers in backward
    // When set: one more step after the timed ones runs under LibTorch's
    // kernel profiler and its Chrome trace is written here (one shape only).
    std::string trace_path;
};

// The suite's JSON value (an array, one row per shape of context.synthetic),
// as text. Throws facellava::Error for a precision the trainer does not run
// (fp16; bf16 on the CPU), a non-positive batch or length, and when cancelled.
std::string run_train_bench(const model::BenchContext& context, const TrainBenchSettings& settings);

}  // namespace facellava::training
