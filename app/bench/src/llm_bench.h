// The `llm` suite: time to first token of a long prompt, and decode speed at
// batch 1 (through the real generate() path, sampling on the host as chat
// does) and at larger batches (device-side greedy loop), each compared with
// the bandwidth floor (every weight read once per step) and the matmul peak.
// With several weight precisions (--weights int8,int4,bf16) each is measured
// on the same random weights in the same run, one model in memory at a time.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "io/json_config.h"
#include "llm/llama_model.h"
#include "quant/quant_scheme.h"
#include "roofline.h"
#include "torch_pch.h"

namespace facellava::model::bench {

// One entry of --weights: a float dtype, or a quantization scheme applied to
// the float model of the run's dtype.
struct BenchPrecision {
    std::string name;    // as --weights gave it: "fp32", "bf16", "int8", "int4", "int4-g64", …
    torch::Dtype dtype;  // activations, and the weights of a float precision
    std::optional<quant::QuantScheme> scheme;
};

// --weights names → precisions; empty → {run_dtype}. Throws facellava::Error
// naming the accepted names on anything else.
std::vector<BenchPrecision> parse_precisions(const std::vector<std::string>& names,
                                             torch::Dtype run_dtype);

// The shape's model with the bench's random weights (seed 1, drawn in
// `source_dtype`, the run's), cast to the precision's dtype and quantized in
// place when asked: every precision holds the same matrices.
LlamaForCausalLM build_bench_model(const LlamaHParams& hp, const BenchPrecision& precision,
                                   const torch::Device& device, torch::Dtype source_dtype);

struct LlmBenchSettings {
    int prefill_tokens = 600;
    int decode_tokens = 64;
    std::vector<int> decode_batches{1, 4};
    int repeats = 3;
    std::string trace_path;  // non-empty: a kernel trace of one more batch-1 generation
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> log;
};

// The shape's record: the first precision's numbers at the top level (the
// schema of a single-precision run), every precision's under "weights".
io::Json run_llm_bench(const std::string& shape, const torch::Device& device,
                       torch::Dtype source_dtype, const std::vector<BenchPrecision>& precisions,
                       const Roofline& roofline, const LlmBenchSettings& settings);

}  // namespace facellava::model::bench
