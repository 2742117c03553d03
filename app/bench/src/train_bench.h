// The `train` suite of `facellava bench`: tokens/s and model-FLOP utilisation
// of a full training step on a synthetic LLaMA of the spec's shapes, through
// the trainer's own code (training forward with the loss over labelled
// tokens, backward, gradient clipping, AdamW with the trainer's parameter
// groups). Random token batches, so no checkpoint or data set is needed.
//
// Runs in the same document and against the same roofline as the other
// suites (bench.cpp hands it the run's context). Torch-free header.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "facellava/bench/bench.h"

namespace facellava::training {

// What the run hands the suite: the resolved device and precision and the
// roofline measured in the same process.
struct BenchContext {
    std::string device;                           // resolved: "cpu", "cuda:0", …
    std::string dtype;                            // resolved: "float32", "bfloat16", "float16"
    double bandwidth_gb_s = 0;                    // the roofline of this run
    double matmul_tflop_s = 0;                    // peak of a square matmul in `dtype`
    std::vector<std::string> synthetic;           // the LLaMA shapes asked for (validated)
    int repeats = 3;                              // timed runs per measurement
    std::function<void(const std::string&)> log;  // may be empty
    const std::atomic<bool>* cancel = nullptr;    // check between measurements
};

// The suite's JSON value (an array, one row per shape of context.synthetic),
// as text. Throws facellava::Error for a precision the trainer does not run
// (fp16; bf16 on the CPU), a non-positive batch or length, and when cancelled.
std::string run_train_bench(const BenchContext& context, const model::TrainBenchSettings& settings);

}  // namespace facellava::training
