// `facellava bench`: the speed suites on synthetic weights, as JSON on stdout
// (progress on stderr), so runs on different machines compare by their
// ratios to the roofline measured in the same run.
#include <iostream>
#include <sstream>

#include "command.h"
#include "facellava/bench/bench.h"
#include "facellava/core/error.h"
#include "interrupt.h"

namespace facellava::cli {
namespace {

std::vector<int> int_list(const std::string& text, const char* option) {
    std::vector<int> values;
    for (const auto& item : split_list(text)) {
        try {
            size_t used = 0;
            const int v = std::stoi(item, &used);
            if (used != item.size() || v < 1)
                throw std::invalid_argument(item);
            values.push_back(v);
        } catch (const std::exception&) {
            throw UsageError(std::string("--") + option +
                             " takes positive integers separated by commas, got '" + text + "'");
        }
    }
    return values;
}

int run_bench(const ParsedArgs& args) {
    model::BenchOptions options;
    options.suites = split_list(args.value("suite"));
    options.synthetic = split_list(args.value("synthetic"));
    options.device = args.value("device");
    options.dtype = args.value("dtype");
    options.weights = split_list(args.value("weights"));
    options.cpu_threads = args.int_value("threads");
    options.prefill_tokens = args.int_value("prefill-tokens");
    options.decode_tokens = args.int_value("decode-tokens");
    options.decode_batches = int_list(args.value("batch"), "batch");
    if (args.has("batch"))  // the answers suite's batch limits; its own default otherwise
        options.answer_batches = options.decode_batches;
    options.answer_faces = args.int_value("faces");
    options.answer_tokens = args.int_value("answer-tokens");
    options.repeats = args.int_value("repeats");
    if (!args.value("perception-threads").empty())
        options.perception_threads =
            int_list(args.value("perception-threads"), "perception-threads");
    options.video_frames = args.int_value("video-frames");
    options.llm_trace = args.value("llm-trace");
    model::TrainBenchSettings& train = options.train;
    train.batch = args.int_value("train-batch");
    train.seq = args.int_value("train-seq");
    train.activation_checkpointing = args.flag("train-checkpointing");
    train.trace_path = args.value("train-trace");
    const bool quiet = args.flag("quiet");
    options.log = [quiet](const std::string& line) {
        if (!quiet)
            std::cerr << "[bench] " << line << std::endl;
    };
    ScopedInterrupt interrupt;
    options.cancel = interrupt.flag();
    std::cout << model::run_benchmarks(options) << std::endl;
    return kExitOk;
}

}  // namespace

Command make_bench_command() {
    CommandSpec spec(
        "bench",
        "Measure LLM, vision-tower, FRGCA, perception, batch, training and answering speed.",
        "Prints one JSON document: the machine's roofline (stream-copy bandwidth and matmul peak, "
        "measured in the same run) and each suite's times with their fractions of it. llm, "
        "vision and frgca need no checkpoint: weights are random in the spec's shapes. "
        "perception (faces/s of face-api's detector, landmarks, expression and age/gender on "
        "the demo photos and a generated 720p video) and batch (images/s and video frames/s of "
        "the batch job, with the share of time spent decoding) use the face-api nets of "
        "`facellava info`'s assets and compare the serial detect-then-nets path with the "
        "overlapped one in the same run. train (tokens/s and MFU of a full fine-tuning step: "
        "the trainer's forward, loss, backward, clipping and AdamW on random token batches) "
        "uses the --synthetic shapes too. accuracy compares a synthetic model with its own "
        "quantized self (--weights, default int8,int4): top-1 agreement and KL divergence over "
        "a teacher-forced random sequence, and greedy-continuation agreement. answers (every face, "
        "every task question) compares answers/s of one answer at a time with batched answering "
        "at each --batch limit (default 1,4,8,16) in the same run: the demo model on the demo "
        "photos' faces through the engine, and each --synthetic shape at the LLM level on "
        "random prompts (a system prompt, 256 image tokens and five questions per face). Ctrl-C "
        "stops between measurements.");
    spec.option({"suite", "LIST",
                 "Suites, comma-separated: llm, vision, frgca, perception, batch, train, accuracy, "
                 "answers.",
                 "llm"});
    spec.option(
        {"synthetic", "LIST",
         "LLaMA shapes for the llm, train, accuracy and answers suites: tiny, 200m, 1b, 7b.",
         "tiny"});
    spec.option({"device", "DEV", "auto, cpu, cuda or cuda:N.", "auto"});
    spec.option(
        {"dtype", "TYPE", "auto (bf16 on CUDA, fp32 on CPU), float32, bfloat16, float16.", "auto"});
    spec.option({"weights", "LIST",
                 "llm, accuracy: LLM weight precisions measured in one run, comma-separated: "
                 "fp32, bf16, fp16, int8, int4, int4-g64, int4-g32, …-zp (quantized from the "
                 "--dtype model). Default: llm the --dtype alone, accuracy int8,int4.",
                 ""});
    spec.option({"threads", "N", "CPU threads (0: LibTorch's default).", "0"});
    spec.option({"prefill-tokens", "N", "Prompt length of the prefill measurement.", "600"});
    spec.option({"decode-tokens", "N", "New tokens per decode measurement.", "64"});
    spec.option({"batch", "LIST",
                 "Decode batch sizes, comma-separated; answers: its batch limits (1,4,8,16 "
                 "when not given).",
                 "1,4"});
    spec.option({"faces", "N",
                 "answers: faces of the synthetic shapes (0: 4 on the CPU, 256 on CUDA).", "0"});
    spec.option({"answer-tokens", "N", "answers: new tokens per answer (greedy).", "24"});
    spec.option({"repeats", "N", "Timed runs per measurement; the median is reported.", "3"});
    spec.option({"perception-threads", "LIST",
                 "perception: LibTorch threads of the overlapped path to try, comma-separated "
                 "(default: the --threads count).",
                 ""});
    spec.option(
        {"video-frames", "N", "perception, batch: frames of the generated 720p video.", "48"});
    spec.option(
        {"train-batch", "N", "train: sequences per step (0: 4 on CUDA, 1 on the CPU).", "0"});
    spec.option(
        {"train-seq", "N", "train: tokens per sequence (0: 2048 on CUDA, 256 on the CPU).", "0"});
    spec.option({"train-checkpointing", "",
                 "train: activation checkpointing (recompute decoder layers in backward)."});
    spec.option({"llm-trace", "FILE",
                 "llm: record one more batch-1 generation with LibTorch's kernel profiler and "
                 "write its Chrome trace to FILE; one shape only.",
                 ""});
    spec.option({"train-trace", "FILE",
                 "train: record one more step with LibTorch's kernel profiler and write its "
                 "Chrome trace to FILE (open it in Perfetto or chrome://tracing); one shape only.",
                 ""});
    spec.option({"quiet", "", "No progress lines on stderr."});
    spec.short_name("quiet", 'q');
    return {spec, run_bench};
}

}  // namespace facellava::cli
