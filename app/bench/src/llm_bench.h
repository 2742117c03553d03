// The `llm` suite: time to first token of a long prompt, and decode speed at
// batch 1 (through the real generate() path, sampling on the host as chat
// does) and at larger batches (device-side greedy loop), each compared with
// the bandwidth floor (every weight read once per step) and the matmul peak.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "io/json_config.h"
#include "roofline.h"
#include "torch_pch.h"

namespace facellava::model::bench {

struct LlmBenchSettings {
    int prefill_tokens = 600;
    int decode_tokens = 64;
    std::vector<int> decode_batches{1, 4};
    int repeats = 3;
    std::string trace_path;  // non-empty: a kernel trace of one more batch-1 generation
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> log;
};

io::Json run_llm_bench(const std::string& shape, const torch::TensorOptions& options,
                       const Roofline& roofline, const LlmBenchSettings& settings);

}  // namespace facellava::model::bench
