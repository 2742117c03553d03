#include "accuracy_bench.h"

#include "facellava/core/error.h"
#include "quant/cpu_quant_kernels.h"
#include "quant/llm_quantization.h"
#include "runtime/device_choice.h"
#include "synthetic_shapes.h"

namespace facellava::model::bench {
namespace {

// What the comparison needs of one model; the model itself is freed before
// the next one is built.
struct ModelOutputs {
    torch::Tensor log_probs;  // (T, V) float32, teacher-forced, on the device
    torch::Tensor greedy;     // (prompts, new_tokens) int64 on the CPU
    int64_t weight_bytes = 0;
};

ModelOutputs run_model(LlamaForCausalLM& lm, const torch::Tensor& sequence,
                       const torch::Tensor& prompts, int new_tokens) {
    ModelOutputs out;
    out.weight_bytes = quant::llm_weight_bytes(*lm);
    const auto logits = lm->forward(sequence).squeeze(0);  // (T, V)
    out.log_probs = torch::log_softmax(logits.to(torch::kFloat32), -1);
    // Greedy continuations of every prompt at once (batch = prompts).
    KvCache cache = lm->make_cache(prompts.size(1) + new_tokens + 1);
    auto hidden = lm->hidden_states(lm->embed(prompts), &cache);                // (B, L, H)
    auto ids = lm->logits(hidden.narrow(1, hidden.size(1) - 1, 1)).argmax(-1);  // (B, 1)
    std::vector<torch::Tensor> tokens{ids};
    for (int i = 1; i < new_tokens; ++i) {
        hidden = lm->hidden_states(lm->embed(ids), &cache);  // (B, 1, H)
        ids = lm->logits(hidden).argmax(-1);                 // (B, 1)
        tokens.push_back(ids);
    }
    out.greedy = torch::cat(tokens, 1).cpu();  // (B, N)
    return out;
}

ModelOutputs outputs_of(const LlamaHParams& hp, const BenchPrecision& p,
                        const torch::Device& device, torch::Dtype source_dtype,
                        const torch::Tensor& sequence, const torch::Tensor& prompts,
                        int new_tokens) {
    LlamaForCausalLM lm = build_bench_model(hp, p, device, source_dtype);
    return run_model(lm, sequence, prompts, new_tokens);
}

}  // namespace

io::Json run_accuracy_bench(const std::string& shape, const torch::Device& device,
                            const BenchPrecision& reference,
                            const std::vector<BenchPrecision>& precisions,
                            const AccuracyBenchSettings& s) {
    torch::NoGradGuard no_grad;
    const auto hp = llama_shape(shape);
    if (s.positions < 2 || s.prompts < 1 || s.prompt_tokens < 1 || s.new_tokens < 1)
        throw Error("the accuracy suite needs at least 2 positions, 1 prompt and 1 new token", "",
                    "");
    // Fixed random token ids: the same inputs for every precision.
    torch::manual_seed(3);
    const auto sequence = torch::randint(hp.vocab_size, {1, s.positions}, torch::kInt64).to(device);
    const auto prompts =
        torch::randint(hp.vocab_size, {s.prompts, s.prompt_tokens}, torch::kInt64).to(device);

    const auto log = [&](const std::string& line) {
        if (s.log)
            s.log("accuracy " + shape + ": " + line);
    };
    log("reference " + reference.name);
    const ModelOutputs ref =
        outputs_of(hp, reference, device, reference.dtype, sequence, prompts, s.new_tokens);
    const auto ref_probs = ref.log_probs.exp();  // (T, V)
    const auto ref_top1 = ref.log_probs.argmax(-1);
    io::Json out{
        {"shape", shape},
        {"reference", reference.name},
        {"reference_llm_weight_bytes", ref.weight_bytes},
        // How flat the random model's predictions are (ln V at most):
        // the scale the KL numbers are read against.
        {"reference_mean_entropy", -(ref_probs * ref.log_probs).sum(-1).mean().item<double>()},
        {"teacher_forced_positions", s.positions},
        {"prompts", s.prompts},
        {"prompt_tokens", s.prompt_tokens},
        {"new_tokens", s.new_tokens}};

    io::Json records = io::Json::array();
    for (const auto& p : precisions) {
        if (s.cancel && s.cancel->load())
            throw Error("benchmark cancelled", "", "");
        log(p.name);
        const ModelOutputs q =
            outputs_of(hp, p, device, reference.dtype, sequence, prompts, s.new_tokens);
        const auto kl = (ref_probs * (ref.log_probs - q.log_probs)).sum(-1);  // (T)
        const auto same = ref.greedy.eq(q.greedy);                            // (B, N)
        io::Json r{{"weights", p.name},
                   {"llm_weight_bytes", q.weight_bytes},
                   {"top1_agreement",
                    ref_top1.eq(q.log_probs.argmax(-1)).to(torch::kFloat64).mean().item<double>()},
                   {"mean_kl", kl.to(torch::kFloat64).mean().item<double>()},
                   {"max_kl", kl.max().item<double>()},
                   {"greedy_token_agreement", same.to(torch::kFloat64).mean().item<double>()},
                   {"identical_continuations", same.all(1).sum().item<int64_t>()},
                   {"continuations", s.prompts}};
        if (!device.is_cuda() && p.scheme)  // which CPU kernels (x exact or rounded)
            r["cpu_kernel_path"] = quant::cpu_kernel_name(quant::cpu_kernel_path_for(*p.scheme));
        log(p.name + ": top-1 agreement " + std::to_string(r["top1_agreement"].get<double>()) +
            ", mean KL " + std::to_string(r["mean_kl"].get<double>()));
        records.push_back(r);
    }
    out["weights"] = records;
    return out;
}

}  // namespace facellava::model::bench
