#include "llm_bench.h"

#include <unistd.h>

#include <optional>

#include "bench_timer.h"
#include "facellava/core/error.h"
#include "generation/decode_step.h"
#include "generation/generator.h"
#include "kernel_trace.h"
#include "kernels/fused_kernels.h"
#include "llm/llama_model.h"
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

}  // namespace

io::Json run_llm_bench(const std::string& shape, const torch::TensorOptions& options,
                       const Roofline& roofline, const LlmBenchSettings& s) {
    torch::NoGradGuard no_grad;
    const auto hp = llama_shape(shape);
    const auto device = options.device();
    const double element = double(c10::elementSize(c10::typeMetaToScalarType(options.dtype())));
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
    if (!device.is_cuda() && params * element > 0.5 * physical_memory_bytes()) {
        out["skipped"] = "weights need more than half of this machine's memory";
        return out;
    }
    if (s.log)
        s.log("llm " + shape + ": allocating " + std::to_string(int64_t(params * element / 1e6)) +
              " MB of weights");
    LlamaForCausalLM lm(hp, options);
    randomise(*lm, 1);
    const double weight_bytes = params * element;
    out["weight_bytes"] = weight_bytes;
    // Decode reads every weight once per step (lm_head included, the
    // embedding row gather aside): the bandwidth floor of one step.
    const double floor_ms = matmul_params * element / (roofline.bandwidth_gb_s * 1e9) * 1e3;
    out["decode_floor_ms_per_step"] = floor_ms;

    const int P = s.prefill_tokens, D = s.decode_tokens;
    torch::manual_seed(2);
    const auto prompt = torch::randn({1, P, hp.hidden_size}, options) * 0.02;

    check_cancel(s);
    const double prefill_ms = median_ms(device, 1, s.repeats, [&] {
        KvCache cache = lm->make_cache(P + 1);
        auto h = lm->hidden_states(prompt, &cache);
        lm->logits(h.narrow(1, P - 1, 1));
    });
    const double prefill_flop = 2.0 * per_layer * double(hp.num_hidden_layers) * P +
                                4.0 * double(hp.num_hidden_layers) * double(P) * double(P) * H;
    out["prefill"] = {{"tokens", P},
                      {"ms", prefill_ms},
                      {"tflop_s", prefill_flop / (prefill_ms * 1e-3) / 1e12},
                      {"fraction_of_matmul_peak",
                       prefill_flop / (prefill_ms * 1e-3) / 1e12 / roofline.matmul_tflop_s}};
    if (s.log)
        s.log("llm " + shape + ": prefill " + std::to_string(P) + " tokens " +
              std::to_string(prefill_ms) + " ms");

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
        io::Json row{{"batch", batch},
                     {"ms_per_step", ms_per_step},
                     {"tokens_per_s", 1e3 * batch / ms_per_step},
                     {"fraction_of_bandwidth_floor", floor_ms / ms_per_step},
                     {"host_sampling", batch == 1},
                     {"cuda_graphs", cuda_graphs},
                     {"fused_kernels", device.is_cuda() && kernels::enabled()}};
        if (batch == 1)
            row["time_to_first_token_ms"] = ttft_ms;
        decode.push_back(row);
        if (s.log)
            s.log("llm " + shape + ": decode batch " + std::to_string(batch) + " " +
                  std::to_string(ms_per_step) + " ms/step");
    }
    out["decode"] = decode;
    if (!s.trace_path.empty()) {
        // Untimed, after the measurements: the chat path once more (its
        // decode graphs already captured), as the profiler sees it.
        SamplingParams greedy;
        greedy.max_new_tokens = D + 1;
        KernelTrace trace(s.trace_path, device.is_cuda());
        generate(lm, prompt, {}, greedy);
        synchronize(device);
        trace.finish();
        out["trace"] = s.trace_path;
        if (s.log)
            s.log("llm " + shape + ": kernel trace of one generation written to " + s.trace_path);
    }
    return out;
}

}  // namespace facellava::model::bench
