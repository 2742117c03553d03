#include "llm/llama_model.h"

#include "kernels/fused_kernels.h"
#include "llm/attention_math.h"

#include "facellava/core/error.h"

namespace facellava::model {

LlamaModelImpl::LlamaModelImpl(const LlamaHParams& hp, const torch::TensorOptions& options)
    : hp_(hp), rope_(hp.head_dim, hp.rope_theta) {
    embed_tokens_ =
        register_module("embed_tokens", LlamaLinear(hp.hidden_size, hp.vocab_size, options));
    layers_ = register_module("layers", torch::nn::ModuleList());
    for (int64_t i = 0; i < hp.num_hidden_layers; ++i) {
        LlamaDecoderLayer layer(hp, options);
        layers_->push_back(layer);
        layer_list_.push_back(layer);
    }
    norm_ = register_module("norm", RMSNorm(hp.hidden_size, hp.rms_norm_eps, options));
}

torch::Tensor LlamaModelImpl::embed(const torch::Tensor& ids) {
    if (ids.numel() > 0) {
        const int64_t lo = ids.min().item<int64_t>(), hi = ids.max().item<int64_t>();
        if (lo < 0 || hi >= hp_.vocab_size)
            throw Error("token id " + std::to_string(lo < 0 ? lo : hi) +
                            " is outside the vocabulary of " + std::to_string(hp_.vocab_size),
                        {}, "replace placeholder ids (e.g. -200 for <image>) before embedding");
    }
    return torch::embedding(embed_tokens_->weight(), ids.to(torch::kInt64));  // (B, T, H)
}

torch::Tensor LlamaModelImpl::forward(const torch::Tensor& inputs_embeds, KvCache* cache,
                                      const RecordFn* record) {
    if (inputs_embeds.dim() != 3 || inputs_embeds.size(2) != hp_.hidden_size ||
        inputs_embeds.size(1) == 0)
        throw Error("LLaMA input embeddings must be (batch, tokens ≥ 1, " +
                    std::to_string(hp_.hidden_size) + "), got " + c10::str(inputs_embeds.sizes()));
    const int64_t b = inputs_embeds.size(0), t = inputs_embeds.size(1);
    const int64_t past = cache != nullptr ? cache->length() : 0;
    if (cache != nullptr) {
        if (cache->num_layers() != hp_.num_hidden_layers)
            throw Error("the KV cache has " + std::to_string(cache->num_layers()) +
                        " layers, the model " + std::to_string(hp_.num_hidden_layers));
        cache->prepare(b, hp_.num_key_value_heads, hp_.head_dim, t, inputs_embeds.options());
    }
    const LayerContext ctx{rope_.tables(past, t, inputs_embeds), cache, record};

    auto cur = inputs_embeds;  // (B, T, H)
    if (record != nullptr)
        (*record)("embeddings", cur);
    for (size_t il = 0; il < layer_list_.size(); ++il)
        cur = layer_list_[il]->forward(cur, ctx, static_cast<int64_t>(il));  // (B, T, H)
    if (cache != nullptr)
        cache->advance(t);  // every layer appended t positions
    cur = norm_(cur);
    if (record != nullptr)
        (*record)("norm", cur);
    return cur;
}

torch::Tensor LlamaModelImpl::decode_static(const torch::Tensor& ids, const StaticDecode& fixed,
                                            KvCache& cache) {
    // Host-side checks only: nothing here may wait for the device.
    if (ids.dim() != 2 || ids.size(1) != 1)
        throw Error("a static decode step takes ids of shape (batch, 1), got " +
                    c10::str(ids.sizes()));
    if (cache.num_layers() != hp_.num_hidden_layers || fixed.window > cache.capacity())
        throw Error("the KV cache (" + std::to_string(cache.num_layers()) + " layers, " +
                    std::to_string(cache.capacity()) +
                    " positions) does not fit a static step of " + std::to_string(fixed.window) +
                    " positions for this model");
    auto cur = torch::embedding(embed_tokens_->weight(), ids);  // (B, 1, H)
    StaticDecode step = fixed;
    // The fused attention keeps a lane's share of a head in registers: up to 256 wide.
    step.fused = kernels::applies_to({cur}) && hp_.head_dim % 2 == 0 && hp_.head_dim <= 256;
    RopeTables tables;
    if (!step.fused) {
        // Once per step, not per layer: the mask of the window and the angles.
        const auto slots = torch::arange(fixed.window, fixed.position.options());  // (window)
        step.bias = visibility_bias(slots <= fixed.position, cur.options());
        tables = RotaryEmbedding::tables_at(fixed.position, fixed.inv_freq, cur);
    }
    const LayerContext ctx{tables, &cache, nullptr, &step};
    // Each layer's last residual add happens inside the next norm.
    torch::Tensor pending;  // (B, 1, H): the MLP output not yet added
    for (size_t il = 0; il < layer_list_.size(); ++il)
        std::tie(cur, pending) =
            layer_list_[il]->forward_deferred(cur, pending, ctx, static_cast<int64_t>(il));
    return pending.defined() ? norm_->forward_after_add(cur, pending).second : norm_(cur);
}

torch::Tensor LlamaModelImpl::forward_ragged(const torch::Tensor& inputs_embeds,
                                             RaggedBatch& batch) {
    if (inputs_embeds.dim() != 3 || inputs_embeds.size(0) != 1 ||
        inputs_embeds.size(1) != batch.total_tokens || inputs_embeds.size(2) != hp_.hidden_size)
        throw Error("a ragged forward takes embeddings (1, " + std::to_string(batch.total_tokens) +
                    ", " + std::to_string(hp_.hidden_size) + "), got " +
                    c10::str(inputs_embeds.sizes()));
    if (batch.slots == nullptr || batch.slots->num_layers() != hp_.num_hidden_layers)
        throw Error("the suffix slots do not match this model's " +
                    std::to_string(hp_.num_hidden_layers) + " layers");
    // Angles per token: each sequence is at its own position.
    const auto tables = RotaryEmbedding::tables_at(
        batch.positions, rope_.inv_freq().to(inputs_embeds.device()), inputs_embeds);
    LayerContext ctx{tables, nullptr, nullptr, nullptr, &batch};
    auto cur = inputs_embeds;  // (1, N, H)
    for (size_t il = 0; il < layer_list_.size(); ++il)
        cur = layer_list_[il]->forward(cur, ctx, static_cast<int64_t>(il));
    return norm_(cur);
}

LlamaForCausalLMImpl::LlamaForCausalLMImpl(const LlamaHParams& hp,
                                           const torch::TensorOptions& options)
    : hp_(hp) {
    model_ = register_module("model", LlamaModel(hp, options));
    if (!hp.tie_word_embeddings)
        lm_head_ = register_module("lm_head", LlamaLinear(hp.hidden_size, hp.vocab_size, options));
}

KvCache LlamaForCausalLMImpl::make_cache(int64_t capacity) const {
    return KvCache(hp_.num_hidden_layers, capacity);
}

torch::Tensor LlamaForCausalLMImpl::embed(const torch::Tensor& ids) {
    return model_->embed(ids);
}

torch::Tensor LlamaForCausalLMImpl::hidden_states(const torch::Tensor& inputs_embeds,
                                                  KvCache* cache, const RecordFn* record) {
    return model_->forward(inputs_embeds, cache, record);
}

torch::Tensor LlamaForCausalLMImpl::logits(const torch::Tensor& hidden) {
    // A tied head applies the embedding matrix itself.
    return lm_head_ ? lm_head_(hidden) : model_->embed_tokens()->forward(hidden);
}

torch::Tensor LlamaForCausalLMImpl::hidden_states_ragged(const torch::Tensor& inputs_embeds,
                                                         RaggedBatch& batch) {
    return model_->forward_ragged(inputs_embeds, batch);
}

torch::Tensor LlamaForCausalLMImpl::forward_embeddings(const torch::Tensor& inputs_embeds,
                                                       KvCache* cache, const RecordFn* record) {
    auto out = logits(hidden_states(inputs_embeds, cache, record));  // (B, T, V)
    if (record != nullptr)
        (*record)("logits", out);
    return out;
}

torch::Tensor LlamaForCausalLMImpl::forward(const torch::Tensor& ids, KvCache* cache,
                                            const RecordFn* record) {
    return forward_embeddings(embed(ids), cache, record);
}

}  // namespace facellava::model
