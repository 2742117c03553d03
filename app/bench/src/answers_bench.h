// The `answers` suite: "every face, every task question" — Face-LLaVA's
// research workload — answered one (face, question) at a time (the
// sequential path: chat() or generate() per answer, the whole prompt
// prefilled each time) against the batched path (each face's tower and
// prompt prefix once, its questions decoded together with other faces' by
// continuous batching) at several batch limits, in the same run:
//
//   nano:       the demo checkpoint on the demo photos' faces (found by the
//               pipeline's detector and landmarks) through the engine:
//               chat() against ask_faces(), one engine per batch limit, the
//               time split from answer_stats();
//   synthetic:  a random LLaMA of a --synthetic shape at the LLM level: a
//               random system prompt + 256 image tokens per face and five
//               random 18-token questions; generate() per answer against
//               prefixes prefilled once (batched across faces) and a
//               BatchDecoder; on CUDA a random CLIP ViT-L/14 forward per
//               question (sequential) or per face (batched, across faces).
//
// Each path's greedy token ids are compared: a batched run whose answers
// differ from the sequential ones says so (identical_answers).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "io/json_config.h"
#include "torch_pch.h"

namespace facellava::model::bench {

struct AnswersBenchSettings {
    std::vector<int> batch_limits{1, 4, 8, 16};
    int faces = 0;           // synthetic faces; 0: 4 on the CPU, 256 on CUDA
    int answer_tokens = 24;  // new tokens per answer (greedy)
    int repeats = 3;         // timed runs per measurement (the median run is kept)
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> log;
};

// Throws facellava::Error once the run's cancel flag is set (between measurements).
void check_cancel(const AnswersBenchSettings& s);

// What one timed run of a path did (totals over the run).
struct AnswerRun {
    int64_t faces = 0;
    int64_t answers = 0;
    int64_t tokens = 0;
    double seconds = 0;
    double tower_ms = 0;    // preprocessing, towers (and the projector, FRGCA on the engine path)
    double prefill_ms = 0;  // sequential: each whole prompt; batched: the shared prefixes
    double decode_ms = 0;   // sequential: decode steps; batched: every batched forward
    double mean_batch = 1;  // sequences per forward
    int64_t steps = 0;      // forwards after the prefills (0: not counted)
    int64_t peak_kv_bytes = 0;  // 0: not known
};

// The run of `runs` with the median wall time (runs non-empty).
AnswerRun median_run(std::vector<AnswerRun> runs);

// A run as JSON: answers/s, the split, and against `sequential_answers_per_s`
// (> 0) its speed-up.
io::Json answer_run_json(const AnswerRun& run, double sequential_answers_per_s);

// A batch limit's row: answer_run_json() plus the limit and how many of the
// `compared` answers equal the sequential path's (`same`, the fewest over
// the repeats): identical_answers, and differing_answers when they differ.
io::Json batched_row(const AnswerRun& run, double sequential_answers_per_s, int limit,
                     int64_t compared, int64_t same);

// The nano record; {"model": "nano", "skipped": why} when the build has no
// media support or the demo checkpoint or face-api nets are missing.
// `device`, `dtype`: the engine's options ("auto", "cpu", …).
io::Json run_nano_answers_bench(const std::string& device, const std::string& dtype,
                                const AnswersBenchSettings& settings);

// One synthetic shape's record, on the run's device and dtype.
io::Json run_synthetic_answers_bench(const std::string& shape, const torch::Device& device,
                                     torch::Dtype dtype, const AnswersBenchSettings& settings);

}  // namespace facellava::model::bench
