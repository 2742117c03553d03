// `facellava bench`: speed of what researchers wait for, on synthetic weights
// of the spec's shapes (no checkpoint needed), as one JSON document. Every
// suite carries the roofline of the same machine measured in the same run
// (stream-copy bandwidth, peak matmul FLOP/s), so results compare across
// machines as ratios, not as absolute times.
//
// Thread-safety: run_benchmarks() uses the whole device; run one at a time.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace facellava::model {

// What a suite another library provides gets from the run (training's
// `train`: model/ cannot depend on training/, so the CLI hands it in).
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
// Returns the suite's JSON value as text; the document holds it under the suite's name.
using BenchSuiteFn = std::function<std::string(const BenchContext&)>;

struct BenchOptions {
    // "llm", "vision", "frgca", "perception", "batch" (bench_suite_names()) or
    // a name of extra_suites ("train" in the CLI).
    std::vector<std::string> suites{"llm"};
    std::vector<std::string> synthetic{"tiny"};  // LLaMA shapes: "tiny", "200m", "1b", "7b"
    std::string device = "auto";                 // "auto", "cpu", "cuda", "cuda:N"
    // "auto" (bf16 on CUDA, fp32 on CPU), "float32", "bfloat16", "float16"
    std::string dtype = "auto";
    int cpu_threads = 0;                    // 0: LibTorch's default
    int prefill_tokens = 600;               // prompt length of the prefill measurement
    int decode_tokens = 64;                 // new tokens per decode measurement
    std::vector<int> decode_batches{1, 4};  // batch sizes of the decode measurement
    int repeats = 3;                        // timed runs per measurement (the median is kept)
    // perception: LibTorch threads of the overlapped path to try (empty: the current count)
    std::vector<int> perception_threads;
    int video_frames = 48;  // perception, batch: frames of the generated 720p video
    // llm: when set, one more batch-1 generation (prefill and decode steps)
    // runs under LibTorch's kernel profiler and its Chrome trace is written
    // here; needs the llm suite, one shape and a LibTorch built with Kineto.
    std::string llm_trace;
    std::function<void(const std::string&)> log;  // progress lines (stderr in the CLI)
    const std::atomic<bool>* cancel = nullptr;    // checked between measurements
    // Suites of other libraries by name, run after the built-in ones.
    std::map<std::string, BenchSuiteFn> extra_suites;
};

// The suites this library runs itself (BenchOptions::extra_suites add others).
std::vector<std::string> bench_suite_names();
std::vector<std::string> bench_shape_names();

// Runs the suites and returns the JSON document (pretty-printed). Throws
// facellava::Error on an unknown suite, shape, device or dtype, and when
// cancelled.
std::string run_benchmarks(const BenchOptions& options);

}  // namespace facellava::model
