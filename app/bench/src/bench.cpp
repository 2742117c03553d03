// run_benchmarks(): resolves the device, measures the roofline once, runs the
// requested suites and assembles the JSON document.
#include <ATen/Context.h>
#include <algorithm>

#include "accuracy_bench.h"
#include "answers_bench.h"
#include "bench_media.h"
#include "facellava/bench/bench.h"
#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "frgca_bench.h"
#include "kernel_trace.h"
#include "llm_bench.h"
#include "perception_bench.h"
#include "roofline.h"
#include "runtime/device_choice.h"
#include "synthetic_shapes.h"
#include "train_bench.h"
#include "vision_bench.h"

namespace facellava::model {

std::vector<std::string> bench_suite_names() {
    return {"llm", "vision", "frgca", "perception", "batch", "train", "accuracy", "answers"};
}
std::vector<std::string> bench_shape_names() {
    return bench::llama_shape_names();
}

std::string run_benchmarks(const BenchOptions& options) {
    const auto suites = bench_suite_names();
    for (const auto& s : options.suites) {
        if (std::find(suites.begin(), suites.end(), s) == suites.end()) {
            std::string names;  // "use llm, vision, … or train"
            for (size_t i = 0; i < suites.size(); ++i)
                names += (i == 0 ? "" : i + 1 == suites.size() ? " or " : ", ") + suites[i];
            throw Error("unknown benchmark suite '" + s + "'", "", "use " + names);
        }
    }
    for (const auto& shape : options.synthetic)
        bench::llama_shape(shape);  // validates before anything slow runs
    if (options.prefill_tokens < 1 || options.decode_tokens < 1 || options.repeats < 1 ||
        options.video_frames < 1 || options.answer_tokens < 1 || options.answer_faces < 0)
        throw Error(
            "prefill tokens, decode tokens, repeats, video frames and answer tokens must "
            "be at least 1",
            "", "");
    if (!options.llm_trace.empty()) {
        if (std::find(options.suites.begin(), options.suites.end(), "llm") ==
                options.suites.end() ||
            options.synthetic.size() != 1)
            throw Error("the LLM kernel trace records one shape's generation", options.llm_trace,
                        "run the llm suite with one shape in --synthetic");
        bench::KernelTrace::check(options.llm_trace);
    }
    if (options.cpu_threads > 0)
        set_cpu_threads(options.cpu_threads);

    const auto device = resolve_device(options.device);
    const auto dtype = resolve_dtype(options.dtype, device);
    const auto tensor_options = torch::TensorOptions().device(device).dtype(dtype);
    // Before anything slow: an unknown precision fails here.
    const auto precisions = bench::parse_precisions(options.weights, dtype);
    const auto log = [&](const std::string& line) {
        if (options.log)
            options.log(line);
    };

    io::Json doc;
    doc["device"] = device.str();
    doc["dtype"] = dtype_name(dtype);
    doc["libtorch"] = torch_version();
    doc["cpu_threads"] = cpu_threads();
    doc["blas_threads"] = blas_threads();  // 0: LibTorch does not use OpenBLAS
    if (device.is_cuda()) {
        const auto devices = cuda_devices();
        const auto index = std::max<int>(0, device.index());
        if (index < int(devices.size()))
            doc["gpu"] = devices[index].name;
        // LibTorch's defaults for fp32 matmuls (no TF32); bf16 is unaffected.
        doc["tf32_matmul"] = at::globalContext().allowTF32CuBLAS();
    }
    log("measuring the roofline (stream copy, matmul peak)");
    const auto roofline = bench::measure_roofline(tensor_options, options.repeats);
    doc["roofline"] = {{"bandwidth_gb_s", roofline.bandwidth_gb_s},
                       {"copy_bytes", roofline.copy_bytes},
                       {"matmul_tflop_s", roofline.matmul_tflop_s},
                       {"matmul_n", roofline.matmul_n}};

    const auto wants = [&](const char* suite) {
        return std::find(options.suites.begin(), options.suites.end(), suite) !=
               options.suites.end();
    };
    if (wants("llm")) {
        bench::LlmBenchSettings s;
        s.prefill_tokens = options.prefill_tokens;
        s.decode_tokens = options.decode_tokens;
        s.decode_batches = options.decode_batches;
        s.repeats = options.repeats;
        s.cancel = options.cancel;
        s.log = options.log;
        s.trace_path = options.llm_trace;
        io::Json llm = io::Json::array();
        for (const auto& shape : options.synthetic)
            llm.push_back(bench::run_llm_bench(shape, device, dtype, precisions, roofline, s));
        doc["llm"] = llm;
    }
    if (wants("vision")) {
        bench::check_cancel(options.cancel);
        log("vision: CLIP ViT-L/14");
        doc["vision"] = bench::run_vision_bench(tensor_options, roofline, options.repeats);
    }
    if (wants("frgca")) {
        bench::check_cancel(options.cancel);
        log("frgca: 4096 wide, 8 heads, image and 8-frame video");
        doc["frgca"] = bench::run_frgca_bench(tensor_options, roofline, options.repeats);
    }
    // The media suites run face-api's nets on the CPU, as the analysis does.
    bench::MediaBenchSettings media;
    media.repeats = options.repeats;
    media.torch_threads = options.perception_threads;
    media.video_frames = options.video_frames;
    media.cancel = options.cancel;
    media.log = options.log;
    if (wants("perception")) {
        log("perception: serial vs overlapped, demo photos and a 720p video");
        doc["perception"] = bench::run_perception_bench(media);
    }
    if (wants("batch")) {
        log("batch: run_batch on generated photos and a 720p video");
        doc["batch"] = bench::run_batch_bench(media);
    }
    if (wants("train")) {
        bench::check_cancel(options.cancel);
        training::BenchContext context;
        context.device = device.str();
        context.dtype = dtype_name(dtype);
        context.bandwidth_gb_s = roofline.bandwidth_gb_s;
        context.matmul_tflop_s = roofline.matmul_tflop_s;
        context.synthetic = options.synthetic;
        context.repeats = options.repeats;
        context.log = options.log;
        context.cancel = options.cancel;
        doc["train"] = io::Json::parse(training::run_train_bench(context, options.train));
    }
    if (wants("accuracy")) {
        // The model against its own quantized (or 16-bit) self; without
        // --weights, int8 and int4.
        bench::AccuracyBenchSettings s;
        s.cancel = options.cancel;
        s.log = options.log;
        const auto compared =
            options.weights.empty() ? bench::parse_precisions({"int8", "int4"}, dtype) : precisions;
        const bench::BenchPrecision reference{dtype_name(dtype), dtype, std::nullopt};
        io::Json accuracy = io::Json::array();
        for (const auto& shape : options.synthetic)
            accuracy.push_back(bench::run_accuracy_bench(shape, device, reference, compared, s));
        doc["accuracy"] = accuracy;
    }
    if (wants("answers")) {
        // Every face, every task question: one answer at a time against the
        // batched path at each batch limit, the demo model first, then each
        // synthetic shape at the LLM level.
        bench::AnswersBenchSettings s;
        if (!options.answer_batches.empty())
            s.batch_limits = options.answer_batches;
        s.faces = options.answer_faces;
        s.answer_tokens = options.answer_tokens;
        s.repeats = options.repeats;
        s.cancel = options.cancel;
        s.log = options.log;
        io::Json answers = io::Json::array();
        log("answers: nano on the demo photos, sequential vs batched");
        answers.push_back(bench::run_nano_answers_bench(options.device, options.dtype, s));
        for (const auto& shape : options.synthetic)
            answers.push_back(bench::run_synthetic_answers_bench(shape, device, dtype, s));
        doc["answers"] = answers;
    }
    return doc.dump(2);
}

}  // namespace facellava::model
