// The `accuracy` suite: a synthetic LLaMA (random weights of a spec shape)
// against its own quantized or 16-bit self — the error a precision adds,
// with no checkpoint or data set needed:
//   teacher-forced: one fixed random token sequence through both models;
//     top-1 agreement and KL(reference ‖ precision) per position;
//   greedy: continuations of a few random prompts; the fraction of identical
//     tokens position by position, and how many continuations are identical.
// The reference is the float model of the run's dtype (fp32 on the CPU).
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "io/json_config.h"
#include "llm_bench.h"
#include "torch_pch.h"

namespace facellava::model::bench {

struct AccuracyBenchSettings {
    int positions = 256;  // teacher-forced sequence length
    int prompts = 4;      // greedy continuations
    int prompt_tokens = 16;
    int new_tokens = 32;
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> log;
};

io::Json run_accuracy_bench(const std::string& shape, const torch::Device& device,
                            const BenchPrecision& reference,
                            const std::vector<BenchPrecision>& precisions,
                            const AccuracyBenchSettings& settings);

}  // namespace facellava::model::bench
