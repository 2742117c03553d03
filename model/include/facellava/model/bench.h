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
#include <string>
#include <vector>

namespace facellava::model {

struct BenchOptions {
    std::vector<std::string> suites{"llm"};        // "llm", "vision", "frgca", "perception", "batch" (see bench_suite_names())
    std::vector<std::string> synthetic{"tiny"};    // LLaMA shapes: "tiny", "200m", "1b", "7b"
    std::string device = "auto";                   // "auto", "cpu", "cuda", "cuda:N"
    std::string dtype = "auto";                    // "auto" (bf16 on CUDA, fp32 on CPU), "float32", "bfloat16", "float16"
    int cpu_threads = 0;                           // 0: LibTorch's default
    int prefill_tokens = 600;                      // prompt length of the prefill measurement
    int decode_tokens = 64;                        // new tokens per decode measurement
    std::vector<int> decode_batches{1, 4};         // batch sizes of the decode measurement
    int repeats = 3;                               // timed runs per measurement (the median is kept)
    std::vector<int> perception_threads;           // perception: LibTorch threads of the overlapped path to try (empty: the current count)
    int video_frames = 48;                         // perception, batch: frames of the generated 720p video
    std::function<void(const std::string&)> log;   // progress lines (stderr in the CLI)
    const std::atomic<bool>* cancel = nullptr;     // checked between measurements
};

std::vector<std::string> bench_suite_names();
std::vector<std::string> bench_shape_names();

// Runs the suites and returns the JSON document (pretty-printed). Throws
// facellava::Error on an unknown suite, shape, device or dtype, and when
// cancelled.
std::string run_benchmarks(const BenchOptions& options);

}  // namespace facellava::model
