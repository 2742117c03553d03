#include "trainer/llama_train_forward.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "batching/conversation_tokens.h"
#include "facellava/core/error.h"
#include "llm/adjacent_rows.h"
#include "llm/attention_math.h"
#include "trainer/mixed_precision.h"

namespace facellava::training {
namespace {

template <typename T>
T* module_as(const torch::OrderedDict<std::string, std::shared_ptr<torch::nn::Module>>& modules,
             const std::string& name) {
    const auto* found = modules.find(name);
    T* typed = found ? (*found)->as<T>() : nullptr;
    if (typed == nullptr)
        throw Error("training forward: the LLM has no module '" + name + "' of the expected type");
    return typed;
}

using model::attend;
using model::fused_projection_allowed;

}  // namespace

// What a checkpointed layer needs again in the backward pass.
struct LlamaTrainForward::CheckpointState {
    LlamaTrainForward* forward = nullptr;
    size_t layer = 0;
    model::RopeTables rope;
    torch::Tensor cpu_rng;   // generator states before the forward, so the
    torch::Tensor cuda_rng;  // recomputation draws the same dropout masks
    int cuda_index = -1;
    bool autocast = false;
    at::ScalarType autocast_dtype = at::kBFloat16;
};

namespace {

at::Generator cuda_generator(int index) {
    return at::globalContext().defaultGenerator(
        at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index)));
}

torch::Tensor generator_state(at::Generator gen) {
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get_state();
}

void set_generator_state(at::Generator gen, const torch::Tensor& state) {
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
}

// Runs a decoder layer without keeping its activations; backward recomputes it.
struct CheckpointedLayer : public torch::autograd::Function<CheckpointedLayer> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, torch::Tensor x,
                                 int64_t state_address) {
        auto* state = reinterpret_cast<LlamaTrainForward::CheckpointState*>(state_address);
        ctx->saved_data["state"] = state_address;
        ctx->save_for_backward({x});
        return state->forward->layer(state->layer, x, state->rope, nullptr);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_out) {
        auto* state =
            reinterpret_cast<LlamaTrainForward::CheckpointState*>(ctx->saved_data["state"].toInt());
        const auto x = ctx->get_saved_variables()[0].detach().requires_grad_(true);
        // Same random numbers as the first pass; the caller's stream resumes after.
        const auto cpu_gen = at::detail::getDefaultCPUGenerator();
        const auto cpu_now = generator_state(cpu_gen);
        set_generator_state(cpu_gen, state->cpu_rng);
        torch::Tensor cuda_now;
        if (state->cuda_index >= 0) {
            cuda_now = generator_state(cuda_generator(state->cuda_index));
            set_generator_state(cuda_generator(state->cuda_index), state->cuda_rng);
        }
        torch::Tensor out;
        {
            torch::AutoGradMode grad(true);
            AutocastGuard autocast(state->autocast, state->autocast_dtype);
            out = state->forward->layer(state->layer, x, state->rope, nullptr);
        }
        set_generator_state(cpu_gen, cpu_now);
        if (state->cuda_index >= 0)
            set_generator_state(cuda_generator(state->cuda_index), cuda_now);
        // Accumulates into the layer's parameters' .grad and into x.grad.
        torch::autograd::backward({out}, {grad_out[0]});
        return {x.grad(), torch::Tensor()};
    }
};

}  // namespace

LlamaTrainForward::LlamaTrainForward(model::LlamaForCausalLM& llm, const LoraAdapters* lora)
    : llm_(llm), hp_(llm->hparams()), rope_(hp_.head_dim, hp_.rope_theta) {
    const auto modules = llm->named_modules();
    auto linear = [&](const std::string& name) {
        return Linear{module_as<model::LlamaLinearImpl>(modules, name),
                      lora ? lora->find(name) : nullptr};
    };
    for (int64_t i = 0; i < hp_.num_hidden_layers; ++i) {
        const std::string p = "model.layers." + std::to_string(i) + ".";
        Layer l;
        l.input_norm = module_as<model::RMSNormImpl>(modules, p + "input_layernorm");
        l.q = linear(p + "self_attn.q_proj");
        l.k = linear(p + "self_attn.k_proj");
        l.v = linear(p + "self_attn.v_proj");
        l.o = linear(p + "self_attn.o_proj");
        l.post_norm = module_as<model::RMSNormImpl>(modules, p + "post_attention_layernorm");
        l.gate = linear(p + "mlp.gate_proj");
        l.up = linear(p + "mlp.up_proj");
        l.down = linear(p + "mlp.down_proj");
        layers_.push_back(l);
    }
    norm_ = module_as<model::RMSNormImpl>(modules, "model.norm");
    embed_tokens_ = module_as<model::LlamaLinearImpl>(modules, "model.embed_tokens");
    if (!hp_.tie_word_embeddings)
        lm_head_ = module_as<model::LlamaLinearImpl>(modules, "lm_head");
}

LlamaTrainForward::~LlamaTrainForward() = default;

torch::Tensor LlamaTrainForward::apply(const Linear& linear, const torch::Tensor& x) const {
    // A quantized layer (facellava eval --weights int4) holds codes, not a
    // float matrix: its own forward dequantises them (inference only).
    auto y = linear.base->quantized() ? linear.base->forward(x)
                                      : torch::linear(x, linear.base->weight());
    if (linear.lora != nullptr)
        y = y + linear.lora->delta(x, training_);
    return y;
}

std::vector<torch::Tensor> LlamaTrainForward::apply_stacked(
    std::initializer_list<const Linear*> linears, const torch::Tensor& x) const {
    if (std::any_of(linears.begin(), linears.end(),
                    [](const Linear* l) { return l->base->quantized(); })) {
        std::vector<torch::Tensor> outputs;  // codes do not stack: one product each
        for (const auto* linear : linears)
            outputs.push_back(apply(*linear, x));
        return outputs;
    }
    std::vector<torch::Tensor> weights;
    std::vector<int64_t> rows;
    for (const auto* linear : linears) {
        weights.push_back(linear->base->weight());
        rows.push_back(weights.back().size(0));
    }
    // Frozen weights (a LoRA stage) are row blocks of one storage already
    // (llm/adjacent_rows.h): viewed as one matrix. Trained ones are
    // concatenated, which routes each block's gradient back to its parameter;
    // that copy of the weights costs less than what one GEMM instead of three
    // saves under autocast: a bf16 cast of the input per projection and,
    // backward, a float32 cast and sum of each projection's input gradient.
    const bool frozen = std::all_of(weights.begin(), weights.end(), fused_projection_allowed);
    auto stacked = frozen ? model::adjacent_rows(weights) : torch::Tensor();
    if (!stacked.defined())
        stacked = torch::cat(weights, 0);
    auto outputs = torch::linear(x, stacked).split_with_sizes(rows, -1);
    size_t i = 0;
    for (const auto* linear : linears) {
        if (linear->lora != nullptr)
            outputs[i] = outputs[i] + linear->lora->delta(x, training_);
        ++i;
    }
    return outputs;
}

torch::Tensor LlamaTrainForward::layer(size_t index, const torch::Tensor& x,
                                       const model::RopeTables& rope, model::KvCache* cache) {
    const Layer& l = layers_[index];
    const int64_t b = x.size(0), t = x.size(1);
    const int64_t heads = hp_.num_attention_heads, kv_heads = hp_.num_key_value_heads,
                  d = hp_.head_dim;

    auto h = l.input_norm->forward(x);
    const auto qkv = apply_stacked({&l.q, &l.k, &l.v}, h);
    auto q = qkv[0].view({b, t, heads, d}).transpose(1, 2);     // (B, h, T, D)
    auto k = qkv[1].view({b, t, kv_heads, d}).transpose(1, 2);  // (B, kv, T, D)
    auto v = qkv[2].view({b, t, kv_heads, d}).transpose(1, 2);  // (B, kv, T, D)
    q = model::RotaryEmbedding::apply(q, rope);
    k = model::RotaryEmbedding::apply(k, rope);
    if (cache != nullptr)
        std::tie(k, v) = cache->append(int64_t(index), k, v);  // (B, kv, L, D)
    auto attn = attend(q, k, v, 1.0 / std::sqrt(double(d)));   // (B, h, T, D)
    attn = attn.transpose(1, 2).reshape({b, t, heads * d});    // (B, T, h·D)
    const auto after_attn = x + apply(l.o, attn);              // residual

    h = l.post_norm->forward(after_attn);
    // gate and up stay two GEMMs: as column blocks of one output they would
    // reach SiLU and its product strided, where the elementwise kernels are
    // not vectorised, and that cost more than the stacking saves (H200 trace).
    const auto mlp = apply(l.down, torch::silu(apply(l.gate, h)) * apply(l.up, h));  // (B, T, H)
    return after_attn + mlp;
}

torch::Tensor LlamaTrainForward::hidden_states(const torch::Tensor& embeds, model::KvCache* cache) {
    if (embeds.dim() != 3 || embeds.size(2) != hp_.hidden_size || embeds.size(1) == 0) {
        throw Error("training forward: embeddings must be (batch, tokens ≥ 1, " +
                    std::to_string(hp_.hidden_size) + "), got " + c10::str(embeds.sizes()));
    }
    const int64_t b = embeds.size(0), t = embeds.size(1);
    const int64_t past = cache != nullptr ? cache->length() : 0;
    if (cache != nullptr)
        cache->prepare(b, hp_.num_key_value_heads, hp_.head_dim, t, embeds.options());
    const auto rope = rope_.tables(past, t, embeds);
    const bool checkpoint = checkpointing_ && cache == nullptr && torch::GradMode::is_enabled();
    checkpoint_states_.clear();

    auto cur = embeds;  // (B, T, H)
    if (checkpoint && !cur.requires_grad()) {
        // Without an input that needs a gradient the checkpoint function would
        // not be differentiated at all, and the layers' parameters (LoRA) would
        // get none (HF's enable_input_require_grads).
        cur = cur.detach().requires_grad_(true);
    }
    for (size_t il = 0; il < layers_.size(); ++il) {
        if (!checkpoint) {
            cur = layer(il, cur, rope, cache);
            continue;
        }
        auto state = std::make_unique<CheckpointState>();
        state->forward = this;
        state->layer = il;
        state->rope = rope;
        state->cpu_rng = generator_state(at::detail::getDefaultCPUGenerator());
        if (cur.is_cuda()) {
            state->cuda_index = cur.device().index();
            state->cuda_rng = generator_state(cuda_generator(state->cuda_index));
        }
        state->autocast = cuda_autocast_enabled();
        state->autocast_dtype = cuda_autocast_dtype();
        const auto address = reinterpret_cast<int64_t>(state.get());
        checkpoint_states_.push_back(std::move(state));
        cur = CheckpointedLayer::apply(cur, address);
    }
    if (cache != nullptr)
        cache->advance(t);
    return norm_->forward(cur);
}

torch::Tensor LlamaTrainForward::logits(const torch::Tensor& hidden) {
    if (lm_head_ != nullptr && lm_head_->quantized())
        return lm_head_->forward(hidden);
    return torch::linear(hidden, (lm_head_ ? lm_head_ : embed_tokens_)->weight());
}

torch::Tensor LlamaTrainForward::embed(const torch::Tensor& ids) {
    return torch::embedding(embed_tokens_->weight(), ids.to(torch::kInt64));
}

torch::Tensor causal_lm_loss_sum(LlamaTrainForward& forward, const torch::Tensor& hidden,
                                 const torch::Tensor& labels) {
    const int64_t len = hidden.size(1);
    if (len < 2)
        return hidden.sum().mul(0).to(torch::kFloat32);
    const auto h = hidden.narrow(1, 0, len - 1);        // (B, L−1, H) predicting
    const auto targets = labels.narrow(1, 1, len - 1);  // (B, L−1) the next tokens
    const auto mask = targets.ne(kIgnoreLabel);
    const auto picked = h.index({mask});         // (N, H)
    const auto logits = forward.logits(picked);  // (N, V), bf16 under autocast
    // Cross-entropy in float32 as HF (which upcasts the logits first), with
    // the upcast inside log_softmax's read: the same values without a float32
    // copy of the (N, V) logits and its backward (GBs per step at 32k vocab).
    const auto log_probs = torch::log_softmax(logits, -1, torch::kFloat32);  // (N, V)
    return torch::nll_loss(log_probs, targets.index({mask}), {}, at::Reduction::Sum);
}

}  // namespace facellava::training
