#include "llm_bench.h"

#include <unistd.h>

#include <map>
#include <optional>

#include "bench_timer.h"
#include "facellava/core/error.h"
#include "generation/decode_step.h"
#include "generation/generator.h"
#include "io/lazy_state_dict.h"
#include "kernel_trace.h"
#include "kernels/fused_kernels.h"
#include "quant/cpu_quant_kernels.h"
#include "quant/llm_quantization.h"
#include "runtime/device_choice.h"
#include "synthetic_shapes.h"

namespace facellava::model::bench {
namespace {

void check_cancel(const LlmBenchSettings& s) {
    if (s.cancel && s.cancel->load())
        throw Error("benchmark cancelled", "", "");
}

double physical_memory_bytes() {
    return double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
}

// Greedy decoding of `steps` tokens for a batch, entirely on the device: the
// next ids never visit the host, so this is the model's own step time. With a
// runner (GPU) the steps are the static ones generate() uses there.
void decode_on_device(LlamaForCausalLM& lm, KvCache& cache, const torch::Tensor& last_hidden,
                      int steps, DecodeStepRunner* runner) {
    auto ids = lm->logits(last_hidden).argmax(-1);  // (B, 1)
    for (int i = 0; i < steps; ++i) {
        if (runner != nullptr) {
            ids = runner->step(ids).argmax(-1, /*keepdim=*/true);  // (B, 1)
        } else {
            const auto hidden = lm->hidden_states(lm->embed(ids), &cache);  // (B, 1, H)
            ids = lm->logits(hidden).argmax(-1);
        }
    }
}

// What one precision's model reads per decode step: every weight but the
// embedding table (one row is gathered) once, and the KV cache of the context.
struct StepBytes {
    double weights = 0;       // per step, any batch
    double kv_per_token = 0;  // per sequence and cached position
};

StepBytes step_bytes(LlamaForCausalLM& lm, const LlamaHParams& hp, torch::Dtype dtype) {
    StepBytes b;
    b.weights = double(quant::llm_weight_bytes(*lm));
    if (!hp.tie_word_embeddings) {
        const auto tensors = io::module_tensors(*lm);
        const auto it = tensors.find("model.embed_tokens.weight");
        if (it != tensors.end())
            b.weights -= double(it->second.numel()) * double(it->second.element_size());
    }
    b.kv_per_token = 2.0 * double(hp.num_hidden_layers) *
                     double(hp.num_key_value_heads * hp.head_dim) * double(c10::elementSize(dtype));
    return b;
}

// One precision's measurements on a model of its own (freed on return).
io::Json measure_precision(const std::string& shape, const LlamaHParams& hp,
                           const BenchPrecision& p, const torch::Device& device,
                           torch::Dtype source_dtype, const Roofline& roofline,
                           const LlmBenchSettings& s, double per_layer, bool trace) {
    const auto options = torch::TensorOptions().device(device).dtype(p.dtype);
    const std::string label = "llm " + shape + " " + p.name;
    LlamaForCausalLM lm = build_bench_model(hp, p, device, source_dtype);
    const StepBytes bytes = step_bytes(lm, hp, p.dtype);
    const double bw = roofline.bandwidth_gb_s * 1e9;  // bytes/s
    const double weight_floor_ms = bytes.weights / bw * 1e3;

    io::Json rec;
    rec["weights"] = p.name;
    rec["dtype"] = dtype_name(p.dtype);
    rec["quantized"] = p.scheme.has_value();
    if (p.scheme)
        rec["scheme"] = p.scheme->name();  // "int4" → "int4-g128"
    rec["llm_weight_bytes"] = quant::llm_weight_bytes(*lm);
    if (!device.is_cuda()) {
        // Float layers run LibTorch's own BLAS; quantized ones our kernels.
        rec["cpu_kernel_path"] = p.scheme
                                     ? quant::cpu_kernel_name(quant::cpu_kernel_path_for(*p.scheme))
                                     : std::string("libtorch");
    }
    if (s.log)
        s.log(label + ": " + std::to_string(int64_t(bytes.weights / 1e6)) +
              " MB of weights read per step");

    const int P = s.prefill_tokens, D = s.decode_tokens;
    torch::manual_seed(2);
    const auto prompt = torch::randn({1, P, hp.hidden_size}, options) * 0.02;

    check_cancel(s);
    const double prefill_ms = median_ms(device, 1, s.repeats, [&] {
        KvCache cache = lm->make_cache(P + 1);
        auto h = lm->hidden_states(prompt, &cache);
        lm->logits(h.narrow(1, P - 1, 1));
    });
    const double prefill_flop =
        2.0 * per_layer * double(hp.num_hidden_layers) * P +
        4.0 * double(hp.num_hidden_layers) * double(P) * double(P) * double(hp.hidden_size);
    rec["prefill"] = {{"tokens", P},
                      {"ms", prefill_ms},
                      {"tflop_s", prefill_flop / (prefill_ms * 1e-3) / 1e12},
                      {"fraction_of_matmul_peak",
                       prefill_flop / (prefill_ms * 1e-3) / 1e12 / roofline.matmul_tflop_s}};
    if (s.log)
        s.log(label + ": prefill " + std::to_string(P) + " tokens " + std::to_string(prefill_ms) +
              " ms");

    // A decode step's context averages the prompt and half the new tokens.
    const double mean_context = double(P) + double(D + 1) / 2.0;
    io::Json decode = io::Json::array();
    for (int batch : s.decode_batches) {
        check_cancel(s);
        double ms_per_step = 0, ttft_ms = 0;
        bool cuda_graphs = false;
        if (batch == 1) {
            // The chat path: generate() with host-side greedy sampling.
            SamplingParams greedy;
            greedy.max_new_tokens = D + 1;
            std::vector<double> steps, ttft;
            generate(lm, prompt, {}, greedy);  // warm-up
            for (int r = 0; r < std::max(1, s.repeats); ++r) {
                const auto result = generate(lm, prompt, {}, greedy);
                cuda_graphs = result.timings.cuda_graphs;
                steps.push_back(1e3 / result.timings.decode_tokens_per_s);
                ttft.push_back(result.timings.prefill_ms);
            }
            std::sort(steps.begin(), steps.end());
            std::sort(ttft.begin(), ttft.end());
            ms_per_step = steps[steps.size() / 2];
            ttft_ms = ttft[ttft.size() / 2];
        } else {
            const auto batch_prompt = prompt.expand({batch, P, hp.hidden_size}).contiguous();
            KvCache cache = lm->make_cache(P + D + 1);
            torch::Tensor last;
            const auto prefill = [&] {
                cache.reset();
                last = lm->hidden_states(batch_prompt, &cache).narrow(1, P - 1, 1);
            };
            prefill();
            std::optional<DecodeStepRunner> runner;
            if (device.is_cuda())
                runner.emplace(lm, cache, batch, device, DecodeStepRunner::graphs_wanted(device));
            DecodeStepRunner* step_runner = runner ? &*runner : nullptr;
            decode_on_device(lm, cache, last, 2, step_runner);  // warm-up (captures the graph)
            cuda_graphs = runner && runner->uses_graphs();
            std::vector<double> steps;
            for (int r = 0; r < std::max(1, s.repeats); ++r) {
                prefill();
                synchronize(device);
                steps.push_back(
                    median_ms(device, 0, 1,
                              [&] { decode_on_device(lm, cache, last, D, step_runner); }) /
                    D);
            }
            std::sort(steps.begin(), steps.end());
            ms_per_step = steps[steps.size() / 2];
        }
        const double step_bytes_read =
            bytes.weights + double(batch) * mean_context * bytes.kv_per_token;
        const double step_gb_s = step_bytes_read / (ms_per_step * 1e-3) / 1e9;
        io::Json row{{"batch", batch},
                     {"ms_per_step", ms_per_step},
                     {"tokens_per_s", 1e3 * batch / ms_per_step},
                     // Weights alone against the copy bandwidth (the schema's first field).
                     {"fraction_of_bandwidth_floor", weight_floor_ms / ms_per_step},
                     // Weights and the KV cache read: the step's own floor.
                     {"bytes_per_step", step_bytes_read},
                     {"bandwidth_gb_s", step_gb_s},
                     {"fraction_of_copy_bandwidth", step_gb_s / roofline.bandwidth_gb_s},
                     {"host_sampling", batch == 1},
                     {"cuda_graphs", cuda_graphs},
                     {"fused_kernels", device.is_cuda() && kernels::enabled()}};
        if (batch == 1)
            row["time_to_first_token_ms"] = ttft_ms;
        decode.push_back(row);
        if (s.log)
            s.log(label + ": decode batch " + std::to_string(batch) + " " +
                  std::to_string(ms_per_step) + " ms/step");
    }
    rec["decode"] = decode;

    // The summary: batch 1 (or the first batch measured).
    size_t pick = 0;
    for (size_t i = 0; i < decode.size(); ++i) {
        if (decode[i]["batch"].get<int>() == 1) {
            pick = i;
            break;
        }
    }
    const io::Json& summary = decode.at(pick);
    rec["decode_batch"] = summary["batch"];
    rec["weight_bytes_per_token"] = bytes.weights;
    rec["kv_bytes_per_token"] = mean_context * bytes.kv_per_token;
    rec["bytes_per_token"] = summary["bytes_per_step"];
    rec["decode_ms_per_token"] = summary["ms_per_step"];
    rec["tokens_per_s"] = summary["tokens_per_s"];
    rec["decode_bandwidth_gb_s"] = summary["bandwidth_gb_s"];
    rec["fraction_of_bandwidth_floor"] = summary["fraction_of_copy_bandwidth"];
    rec["fraction_of_weight_floor"] = summary["fraction_of_bandwidth_floor"];
    rec["decode_floor_ms_per_step"] = weight_floor_ms;

    if (trace) {
        // Untimed, after the measurements: the chat path once more (its
        // decode graphs already captured), as the profiler sees it.
        SamplingParams greedy;
        greedy.max_new_tokens = D + 1;
        KernelTrace kernel_trace(s.trace_path, device.is_cuda());
        generate(lm, prompt, {}, greedy);
        synchronize(device);
        kernel_trace.finish();
        rec["trace"] = s.trace_path;
        if (s.log)
            s.log(label + ": kernel trace of one generation written to " + s.trace_path);
    }
    return rec;
}

}  // namespace

std::vector<BenchPrecision> parse_precisions(const std::vector<std::string>& names,
                                             torch::Dtype run_dtype) {
    std::vector<BenchPrecision> out;
    if (names.empty())
        return {{dtype_name(run_dtype), run_dtype, std::nullopt}};
    for (const auto& name : names) {
        if (name.rfind("int", 0) == 0) {
            const auto scheme = quant::parse_scheme(name);
            out.push_back({name, run_dtype, scheme});
        } else if (name == "auto") {
            out.push_back({dtype_name(run_dtype), run_dtype, std::nullopt});
        } else {
            // resolve_dtype's names; the device does not matter for explicit ones.
            out.push_back({name, resolve_dtype(name, torch::kCPU), std::nullopt});
        }
    }
    return out;
}

namespace {

// randomise(lm, seed) with each quantized layer's matrix drawn into a
// temporary and quantized at once, the draws in the same order: the same
// weights as the float model's, which never exists whole (its constructor's
// uninitialised storage is never touched), so a 7B shape fits in a
// workstation's memory in int4 as it loads from a checkpoint.
void randomise_quantized(LlamaForCausalLMImpl& lm, uint64_t seed,
                         const quant::QuantScheme& scheme) {
    torch::NoGradGuard no_grad;
    std::map<std::string, LlamaLinearImpl*> linears;
    for (const auto& [key, linear] : quant::llm_linears(lm))
        linears.emplace(key, linear);
    torch::manual_seed(seed);
    if (torch::cuda::is_available())
        torch::cuda::manual_seed_all(seed);
    for (auto& item : lm.named_parameters()) {
        auto& p = item.value();
        const auto linear = linears.find(item.key());
        if (linear != linears.end()) {
            auto drawn = torch::empty(p.sizes(), p.options()).normal_(0.0, 0.02);
            linear->second->set_quantized(quant::quantize(drawn, scheme));
        } else if (p.dim() == 1) {
            p.fill_(1.0);
        } else {
            p.normal_(0.0, 0.02);
        }
    }
}

}  // namespace

LlamaForCausalLM build_bench_model(const LlamaHParams& hp, const BenchPrecision& precision,
                                   const torch::Device& device, torch::Dtype source_dtype) {
    // Drawn in one dtype for every precision: LibTorch's normal_ draws other
    // numbers in another dtype, and the precisions must share their weights.
    LlamaForCausalLM lm(hp, torch::TensorOptions().device(device).dtype(source_dtype));
    if (precision.scheme && precision.dtype == source_dtype) {
        randomise_quantized(*lm, 1, *precision.scheme);
        return lm;
    }
    randomise(*lm, 1);
    if (precision.dtype != source_dtype)
        lm->to(precision.dtype);
    if (precision.scheme)
        quant::quantize_llm(*lm, *precision.scheme);
    return lm;
}

io::Json run_llm_bench(const std::string& shape, const torch::Device& device,
                       torch::Dtype source_dtype, const std::vector<BenchPrecision>& precisions,
                       const Roofline& roofline, const LlmBenchSettings& s) {
    torch::NoGradGuard no_grad;
    const auto hp = llama_shape(shape);
    io::Json out;
    out["shape"] = shape;

    // Parameters: embeddings + per layer (q, k, v, o, gate, up, down) + norms + lm_head.
    const double H = double(hp.hidden_size), I = double(hp.intermediate_size);
    const double kv = double(hp.num_key_value_heads * hp.head_dim);
    const double per_layer = H * H * 2 + H * kv * 2 + 3 * H * I + 2 * H;
    const double matmul_params =
        per_layer * double(hp.num_hidden_layers) + H * double(hp.vocab_size);
    const double params = matmul_params + H * double(hp.vocab_size) + H;
    out["parameters"] = params;

    io::Json records = io::Json::array();
    bool traced = false;
    for (const auto& p : precisions) {
        check_cancel(s);
        // A float precision holds the whole float model; a quantized one of
        // the run's dtype is drawn layer by layer (build_bench_model), and
        // holds at most a byte per weight.
        const bool layerwise = p.scheme && p.dtype == source_dtype;
        const double float_bytes = layerwise
                                       ? params
                                       : params * double(std::max(c10::elementSize(p.dtype),
                                                                  c10::elementSize(source_dtype)));
        if (!device.is_cuda() && float_bytes > 0.5 * physical_memory_bytes()) {
            records.push_back(
                io::Json{{"weights", p.name},
                         {"skipped", "weights need more than half of this machine's memory"}});
            continue;
        }
        if (s.log)
            s.log("llm " + shape + " " + p.name + ": allocating " +
                  std::to_string(int64_t(float_bytes / 1e6)) + " MB of weights");
        const bool trace = !s.trace_path.empty() && !traced;
        records.push_back(
            measure_precision(shape, hp, p, device, source_dtype, roofline, s, per_layer, trace));
        traced = traced || trace;
    }

    // Speed-ups against the first float precision of the list, same run.
    const io::Json* baseline = nullptr;
    for (const auto& r : records) {
        if (!r.contains("skipped") && !r["quantized"].get<bool>()) {
            baseline = &r;
            break;
        }
    }
    if (baseline != nullptr) {
        const std::string base_name = (*baseline)["weights"].get<std::string>();
        const double base_decode = (*baseline)["decode_ms_per_token"].get<double>();
        const double base_prefill = (*baseline)["prefill"]["ms"].get<double>();
        for (auto& r : records) {
            if (r.contains("skipped"))
                continue;
            r["baseline"] = base_name;
            r["decode_speedup_vs_baseline"] = base_decode / r["decode_ms_per_token"].get<double>();
            r["prefill_speedup_vs_baseline"] = base_prefill / r["prefill"]["ms"].get<double>();
        }
    }

    // The top level keeps a single-precision run's schema: the first
    // measured precision's numbers.
    const io::Json* first = nullptr;
    for (const auto& r : records) {
        if (!r.contains("skipped")) {
            first = &r;
            break;
        }
    }
    if (first == nullptr) {
        out["skipped"] = "weights need more than half of this machine's memory";
    } else {
        out["weight_bytes"] = (*first)["llm_weight_bytes"];
        out["decode_floor_ms_per_step"] = (*first)["decode_floor_ms_per_step"];
        out["prefill"] = (*first)["prefill"];
        out["decode"] = (*first)["decode"];
        if (first->contains("trace"))
            out["trace"] = (*first)["trace"];
    }
    out["weights"] = records;
    return out;
}

}  // namespace facellava::model::bench
