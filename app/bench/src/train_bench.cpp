// run_train_bench(): per shape, a synthetic LLaMA in float32 master weights,
// every weight trainable (the full stage), the trainer's forward, loss,
// backward and optimiser update on one random batch repeated every step, so
// the loss falling over the steps shows the step really trains.
#include "train_bench.h"

#include <sys/resource.h>
#include <torch/version.h>
#include <unistd.h>

#include <chrono>

#include "bench/train_flops.h"
#include "bench_media.h"
#include "bench_timer.h"
#include "facellava/core/error.h"
#include "facellava/training/lr_schedule.h"
#include "io/json_config.h"
#include "kernel_trace.h"
#include "runtime/device_choice.h"
#include "synthetic_shapes.h"
#include "trainer/llama_train_forward.h"
#include "trainer/mixed_precision.h"
#include "trainer/optimizer_step.h"

namespace facellava::training {

int64_t matmul_parameters(model::LlamaForCausalLM& llm) {
    int64_t n = 0;
    for (const auto& item : llm->named_parameters()) {
        if (item.key() != "model.embed_tokens.weight")
            n += item.value().numel();
    }
    const auto& hp = llm->hparams();
    if (hp.tie_word_embeddings)
        n += hp.vocab_size * hp.hidden_size;
    return n;
}

double train_flops_per_token(int64_t matmul_params, const model::LlamaHParams& hp, int64_t seq) {
    return 6.0 * double(matmul_params) +
           12.0 * double(hp.num_hidden_layers) * double(hp.hidden_size) * double(seq);
}

namespace {

using Clock = std::chrono::steady_clock;

double physical_memory_bytes() {
    return double(sysconf(_SC_PHYS_PAGES)) * double(sysconf(_SC_PAGE_SIZE));
}

// Peak resident memory of the whole process so far (the roofline's buffers
// and earlier shapes included), in bytes; 0 when unknown.
double peak_rss_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0)
        return 0;
    return double(usage.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

// The recipe's optimiser settings (train_config.h) at a constant rate: a
// warm-up would make the first steps' rate 0 and hide whether they train.
// 1e-4 is the stage-1 rate; the rate does not change the step's speed.
OptimSettings bench_optim() {
    OptimSettings o;
    o.learning_rate = 1e-4;
    o.schedule = "constant";
    o.warmup_steps = 0;
    return o;
}

struct Run {
    const BenchContext& context;
    torch::Device device;
    bool autocast = false;  // bf16 matmuls over float32 master weights, as the trainer on CUDA
    int64_t batch = 0;
    int64_t seq = 0;
    bool checkpointing = false;
    std::string trace_path = {};  // empty: no kernel trace
};

io::Json run_shape(const Run& run, const std::string& shape) {
    const auto hp = model::bench::llama_shape(shape);
    io::Json out;
    out["shape"] = shape;
    const auto log = [&](const std::string& line) {
        if (run.context.log)
            run.context.log(line);
    };

    // Weights, gradients and AdamW's two moments, all float32: 16 bytes per parameter.
    const double H = double(hp.hidden_size), I = double(hp.intermediate_size);
    const double kv = double(hp.num_key_value_heads * hp.head_dim);
    const double approx_params =
        (H * H * 2 + H * kv * 2 + 3 * H * I) * double(hp.num_hidden_layers) +
        2 * H * double(hp.vocab_size);
    if (!run.device.is_cuda() && approx_params * 16 > 0.5 * physical_memory_bytes()) {
        out["skipped"] =
            "weights, gradients and AdamW state need more than half of this machine's memory";
        return out;
    }
    log("train " + shape + ": " + std::to_string(run.batch) + " × " + std::to_string(run.seq) +
        " tokens, allocating " + std::to_string(int64_t(approx_params * 16 / 1e6)) +
        " MB of weights, gradients and optimiser state");

    const auto fp32 = torch::TensorOptions().device(run.device).dtype(torch::kFloat32);
    model::LlamaForCausalLM llm(hp, fp32);
    model::bench::randomise(*llm, 1);
    // The full stage: every LLM weight trains (Trainer::prepare's TrainStage::Full).
    NamedTensors trainable;
    int64_t parameters = 0;
    for (const auto& item : llm->named_parameters()) {
        item.value().set_requires_grad(true);
        trainable.emplace_back(item.key(), item.value());
        parameters += item.value().numel();
    }
    const int64_t matmul_params = matmul_parameters(llm);
    LlamaTrainForward forward(llm, /*lora=*/nullptr);
    forward.set_activation_checkpointing(run.checkpointing);
    forward.set_training(true);
    const OptimSettings optim = bench_optim();
    GroupedAdamW adamw = build_grouped_adamw(trainable, optim, "synthetic " + shape);
    LrScheduleParams schedule;
    schedule.kind = parse_lr_schedule_kind(optim.schedule);
    schedule.base_lr = optim.learning_rate;
    schedule.total_steps = 1 + run.context.repeats;
    schedule.warmup_steps = optim.warmup_steps;
    schedule.min_lr_ratio = optim.min_lr_ratio;

    // Every position is labelled (a pretraining-style batch); the loss of
    // position t scores token t + 1, so B·(L − 1) tokens carry loss.
    torch::manual_seed(2);
    const auto ids = torch::randint(hp.vocab_size, {run.batch, run.seq},
                                    torch::TensorOptions().dtype(torch::kInt64))
                         .to(run.device);
    const auto labels = ids.clone();
    const double label_total = double(run.batch * (run.seq - 1));
    const auto loss_sum = [&] {  // Trainer::train_step's micro-batch, text only
        AutocastGuard guard(run.autocast);
        const auto hidden = forward.hidden_states(forward.embed(ids));  // (B, L, H)
        return causal_lm_loss_sum(forward, hidden, labels);             // scalar float32
    };
    int64_t step = 0;
    double grad_norm = 0;
    const auto train_step = [&] {
        const auto loss = loss_sum();
        (loss / label_total).backward();
        const double mean = loss.item<double>() / label_total;
        grad_norm = apply_optimizer_step(adamw, trainable, optim.max_grad_norm,
                                         learning_rate_at(schedule, step++));
        return mean;
    };

    // One warm-up step (allocator, kernel selection, AdamW's lazy state), then the timed ones.
    const double loss_first = train_step();
    model::bench::synchronize(run.device);
    std::vector<double> times_ms;
    double loss_last = loss_first;
    for (int i = 0; i < run.context.repeats; ++i) {
        model::bench::check_cancel(run.context.cancel);
        const auto start = Clock::now();
        loss_last = train_step();
        model::bench::synchronize(run.device);
        times_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    if (!run.trace_path.empty()) {
        // Untimed: the profiler's own bookkeeping slows the step it records.
        model::bench::KernelTrace trace(run.trace_path, run.device.is_cuda());
        train_step();
        model::bench::synchronize(run.device);
        trace.finish();
        out["trace"] = run.trace_path;
        log("train " + shape + ": kernel trace of one step written to " + run.trace_path);
    }
    double loss_after = 0;
    {
        torch::NoGradGuard no_grad;
        loss_after = loss_sum().item<double>() / label_total;
    }

    const double step_ms = model::bench::median(times_ms);
    const double tokens = double(run.batch * run.seq);
    const double tokens_per_s = tokens / (step_ms / 1e3);
    const double flops_per_token = train_flops_per_token(matmul_params, hp, run.seq);
    const double tflop_s = flops_per_token * tokens_per_s / 1e12;
    out["parameters"] = parameters;
    out["matmul_parameters"] = matmul_params;
    out["trainable_parameters"] = parameters;
    out["training"] =
        "full fine-tuning of the LLM: every weight trainable, float32 master weights; the "
        "trainer's forward, loss, backward, clipping and AdamW groups";
    out["precision"] = run.autocast ? "bf16 autocast" : "fp32";
    out["activation_checkpointing"] = run.checkpointing;
    // model/src/llm/attention_math.cpp: the fused kernel needs LibTorch ≥ 2.1.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    out["attention"] = "fused scaled_dot_product_attention";
#else
    out["attention"] = "eager (float32 softmax)";
#endif
    out["optimizer"] = {{"name", "AdamW"},
                        {"lr", optim.learning_rate},
                        {"schedule", optim.schedule},
                        {"betas", {optim.beta1, optim.beta2}},
                        {"eps", optim.epsilon},
                        {"weight_decay", optim.weight_decay},
                        {"max_grad_norm", optim.max_grad_norm}};
    out["data"] = "random token ids, one batch repeated every step, every position labelled";
    out["batch"] = run.batch;
    out["seq"] = run.seq;
    out["tokens_per_step"] = tokens;
    out["step_ms"] = step_ms;
    out["step_ms_runs"] = times_ms;
    out["tokens_per_s"] = tokens_per_s;
    out["flops_per_token"] = flops_per_token;
    out["flop_formula"] = kTrainFlopFormula;
    out["tflop_s"] = tflop_s;
    out["mfu"] = run.context.matmul_tflop_s > 0 ? tflop_s / run.context.matmul_tflop_s : 0.0;
    out["loss_first_step"] = loss_first;
    out["loss_last_step"] = loss_last;
    out["loss_after"] = loss_after;
    out["grad_norm_last_step"] = grad_norm;
    // CUDA peak memory is left out: LibTorch 1.13 has no C++ API for the
    // caching allocator's statistics without the CUDA headers.
    if (!run.device.is_cuda())
        out["peak_rss_bytes"] = peak_rss_bytes();
    return out;
}

}  // namespace

std::string run_train_bench(const BenchContext& context,
                            const model::TrainBenchSettings& settings) {
    if (settings.batch < 0 || settings.seq < 0 || settings.seq == 1)
        throw Error(
            "the train suite needs a batch of at least 1 and sequences of at least 2 tokens", "",
            "");
    const torch::Device device = model::resolve_device(context.device);
    // The trainer's precisions (Trainer::prepare): fp32 on the CPU, bf16
    // autocast or fp32 on CUDA; it has no fp16 (no loss scaling).
    bool autocast = false;
    if (context.dtype == "bfloat16" && device.is_cuda()) {
        autocast = true;
    } else if (context.dtype != "float32") {
        throw Error("the train suite runs the trainer's precisions: bf16 autocast on CUDA, fp32",
                    "",
                    device.is_cuda() ? "use --dtype auto, bfloat16 or float32"
                                     : "use --dtype auto or float32 on the CPU");
    }
    Run run{context, device, autocast};
    run.batch = settings.batch > 0 ? settings.batch : device.is_cuda() ? 4 : 1;
    run.seq = settings.seq > 0 ? settings.seq : device.is_cuda() ? 2048 : 256;
    run.checkpointing = settings.activation_checkpointing;
    run.trace_path = settings.trace_path;
    if (!run.trace_path.empty() && context.synthetic.size() > 1)
        throw Error("the kernel trace records one shape's step; got " +
                        std::to_string(context.synthetic.size()) + " shapes",
                    run.trace_path, "pass one shape to --synthetic with the trace option");
    if (!run.trace_path.empty())
        model::bench::KernelTrace::check(run.trace_path);
    io::Json rows = io::Json::array();
    for (const auto& shape : context.synthetic) {
        model::bench::check_cancel(context.cancel);
        rows.push_back(run_shape(run, shape));
    }
    return rows.dump();
}

}  // namespace facellava::training
