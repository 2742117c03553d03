// The LLaMA causal language model (HF LlamaForCausalLM). Module names mirror
// the checkpoint keys, so named_parameters() gives exactly
//   model.embed_tokens.weight, model.layers.N.{input_layernorm, self_attn.
//   {q,k,v,o}_proj, post_attention_layernorm, mlp.{gate,up,down}_proj}.weight,
//   model.norm.weight, lm_head.weight (absent when tie_word_embeddings)
// and io::load_into_module can load a checkpoint strictly.
//
// Weights are allocated uninitialised in the dtype/device given at
// construction; load them before the first forward.
//
// Thread-safety: after loading, the model is immutable; several sessions may
// run forwards at once, each with its own KvCache.
#pragma once

#include <vector>

#include "llm/kv_cache.h"
#include "llm/llama_attention.h"
#include "llm/llama_decoder_layer.h"
#include "llm/llama_hparams.h"
#include "llm/llama_mlp.h"
#include "llm/rms_norm.h"
#include "llm/rotary_embedding.h"
#include "torch_pch.h"

namespace facellava::model {

// The decoder stack (checkpoint prefix "model.").
class LlamaModelImpl : public torch::nn::Module {
  public:
    LlamaModelImpl(const LlamaHParams& hp, const torch::TensorOptions& options);

    // ids (B, T) int64 → (B, T, H). Throws facellava::Error on ids outside the vocabulary.
    torch::Tensor embed(const torch::Tensor& ids);
    // inputs_embeds (B, T, H) → final normed hidden states (B, T, H), at
    // positions continuing from cache->length() (0 without a cache).
    torch::Tensor forward(const torch::Tensor& inputs_embeds, KvCache* cache,
                          const RecordFn* record);
    // One decode position with static shapes (what a CUDA graph captures):
    // ids (B, 1) int64 on the device, in the vocabulary (not checked: that
    // would need their values on the host) → final normed hidden (B, 1, H).
    // Writes the keys/values at fixed.position; the caller advances the cache.
    torch::Tensor decode_static(const torch::Tensor& ids, const StaticDecode& fixed,
                                KvCache& cache);
    // Several sequences at once (llm/ragged_batch.h): inputs_embeds (1, N, H)
    // the batch's new tokens in entry order, batch prepared (and its slots
    // sized) on the model's device → final normed hidden states (1, N, H).
    // Writes each token's keys and values into its slot; the caller updates
    // the slots' lengths.
    torch::Tensor forward_ragged(const torch::Tensor& inputs_embeds, RaggedBatch& batch);

    const RotaryEmbedding& rope() const { return rope_; }
    LlamaLinear embed_tokens() const { return embed_tokens_; }  // shares the module

  private:
    LlamaHParams hp_;
    RotaryEmbedding rope_;
    // The (V, H) embedding matrix is held by a bias-free linear H → V: the same
    // weight, key "weight", and exactly what a tied lm_head applies.
    LlamaLinear embed_tokens_{nullptr};
    torch::nn::ModuleList layers_{nullptr};
    std::vector<LlamaDecoderLayer> layer_list_;  // typed view of layers_
    RMSNorm norm_{nullptr};
};
TORCH_MODULE(LlamaModel);

class LlamaForCausalLMImpl : public torch::nn::Module {
  public:
    explicit LlamaForCausalLMImpl(const LlamaHParams& hp,
                                  const torch::TensorOptions& options = torch::kFloat32);

    const LlamaHParams& hparams() const { return hp_; }
    // A cache shaped for this model with room for `capacity` positions.
    KvCache make_cache(int64_t capacity = 0) const;

    // ids (B, T) int64 → token embeddings (B, T, H) (for splicing image tokens).
    torch::Tensor embed(const torch::Tensor& ids);
    // inputs_embeds (B, T, H) → logits (B, T, V). Positions continue from
    // cache->length(); the cache (nullable) receives this forward's keys/values.
    torch::Tensor forward_embeddings(const torch::Tensor& inputs_embeds, KvCache* cache,
                                     const RecordFn* record = nullptr);
    // ids (B, T) → logits (B, T, V).
    torch::Tensor forward(const torch::Tensor& ids, KvCache* cache = nullptr,
                          const RecordFn* record = nullptr);

    // The two halves of forward_embeddings, so a caller can project only the
    // positions it needs (generation needs the last one; a 3k-token prefill
    // would otherwise materialise 3k × 32k logits).
    torch::Tensor hidden_states(const torch::Tensor& inputs_embeds, KvCache* cache,
                                const RecordFn* record = nullptr);  // (B, T, H)
    torch::Tensor logits(const torch::Tensor& hidden);              // (..., H) → (..., V)
    // LlamaModel::forward_ragged: (1, N, H) → hidden (1, N, H).
    torch::Tensor hidden_states_ragged(const torch::Tensor& inputs_embeds, RaggedBatch& batch);

    // The decoder stack, for static-shape decode steps (generation/decode_step).
    LlamaModel& decoder() { return model_; }

  private:
    LlamaHParams hp_;
    LlamaModel model_{nullptr};
    LlamaLinear lm_head_{nullptr};  // null when tied to embed_tokens
};
TORCH_MODULE(LlamaForCausalLM);

}  // namespace facellava::model
