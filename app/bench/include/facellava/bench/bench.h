// `facellava bench`: the bench tool library (app/bench), above the engine,
// the pipeline and the trainer, whose code it times. Speed of what researchers wait for, on
// synthetic weights of the spec's shapes (no checkpoint needed), as one JSON document. Every suite
// carries the roofline of the same machine measured in the same run (stream-copy bandwidth, peak
// matmul FLOP/s), so results compare across machines as ratios, not as absolute times.
//
// Thread-safety: run_benchmarks() uses the whole device; run one at a time.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

namespace facellava::model {

// The `train` suite's own settings (the trainer's step on synthetic batches).
struct TrainBenchSettings {
    int batch = 0;                          // sequences per step; 0: 4 on CUDA, 1 on the CPU
    int seq = 0;                            // tokens per sequence; 0: 2048 on CUDA, 256 on the CPU
    bool activation_checkpointing = false;  // the trainer's option: recompute layers in backward
    // When set: one more step after the timed ones runs under LibTorch's
    // kernel profiler and its Chrome trace is written here (one shape only).
    std::string trace_path;
};

struct BenchOptions {
    // "llm", "vision", "frgca", "perception", "batch", "train", "accuracy",
    // "answers" (bench_suite_names())
    std::vector<std::string> suites{"llm"};
    std::vector<std::string> synthetic{"tiny"};  // LLaMA shapes: "tiny", "200m", "1b", "7b"
    std::string device = "auto";                 // "auto", "cpu", "cuda", "cuda:N"
    // "auto" (bf16 on CUDA, fp32 on CPU), "float32", "bfloat16", "float16"
    std::string dtype = "auto";
    // llm, accuracy: the LLM's weight precisions, each measured in the same run
    // on the same random weights: "fp32", "bf16", "fp16" (the float model in
    // that dtype) or a quantized scheme, "int8", "int4", "int4-g64", … (the
    // float model in `dtype`, quantized in place). Empty: llm measures `dtype`
    // alone (as before), accuracy compares int8 and int4 with `dtype`.
    std::vector<std::string> weights;
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
    TrainBenchSettings train;  // the train suite's batch, length, checkpointing, trace
    // answers: the batch limits of the batched path (--batch when given;
    // empty: 1, 4, 8, 16), the synthetic faces (0: 4 on the CPU, 256 on
    // CUDA) and the new tokens of every answer.
    std::vector<int> answer_batches;
    int answer_faces = 0;
    int answer_tokens = 24;
};

// Every suite's name, in the order they run.
std::vector<std::string> bench_suite_names();
std::vector<std::string> bench_shape_names();

// Runs the suites and returns the JSON document (pretty-printed). Throws
// facellava::Error on an unknown suite, shape, device or dtype, and when
// cancelled.
std::string run_benchmarks(const BenchOptions& options);

}  // namespace facellava::model
