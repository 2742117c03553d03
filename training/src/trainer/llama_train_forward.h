// The LLaMA forward used for training and for the evaluation answers. It walks
// the loaded model::LlamaForCausalLM's own modules and weights (nothing is
// copied) and computes exactly what LlamaForCausalLM::forward_embeddings does
// (tested), with three things the inference path does not need:
//  - LoRA deltas added to the adapted linear layers;
//  - activation checkpointing: each decoder layer runs without storing its
//    activations and is recomputed in the backward pass (LibTorch has no
//    torch.utils.checkpoint, so this is a custom autograd function; RNG and
//    autocast state are restored for the recomputation, so dropout masks match);
//  - a fused attention kernel with LibTorch ≥ 2.1 (1.13: the same eager
//    attention as the model, in float32 softmax).
// Sequences are right-padded, so the causal mask alone keeps every real token
// from seeing padding.
#pragma once

#include <initializer_list>
#include <memory>
#include <vector>

#include "llm/kv_cache.h"
#include "llm/llama_model.h"
#include "llm/rms_norm.h"
#include "llm/rotary_embedding.h"
#include "torch_pch.h"
#include "trainer/lora.h"

namespace facellava::training {

class LlamaTrainForward {
  public:
    // `lora` may be null; both must outlive this object.
    LlamaTrainForward(model::LlamaForCausalLM& llm, const LoraAdapters* lora);
    ~LlamaTrainForward();
    LlamaTrainForward(const LlamaTrainForward&) = delete;
    LlamaTrainForward& operator=(const LlamaTrainForward&) = delete;

    void set_activation_checkpointing(bool on) { checkpointing_ = on; }
    void set_training(bool training) { training_ = training; }  // LoRA dropout on/off

    // embeds (B, L, H) → final normed hidden states (B, L, H). With a cache,
    // positions continue from cache->length() and the cache receives the keys
    // and values (generation; never checkpointed). The backward pass of a
    // checkpointed forward must run before the next forward.
    torch::Tensor hidden_states(const torch::Tensor& embeds, model::KvCache* cache = nullptr);
    // (…, H) → (…, V)
    torch::Tensor logits(const torch::Tensor& hidden);
    // Token embeddings of ids (…) → (…, H).
    torch::Tensor embed(const torch::Tensor& ids);

    // One decoder layer (public for the checkpointing function).
    torch::Tensor layer(size_t index, const torch::Tensor& x, const model::RopeTables& rope,
                        model::KvCache* cache);
    // Per-forward state a checkpointed layer reads back in the backward pass.
    struct CheckpointState;

  private:
    struct Linear {
        model::LlamaLinearImpl* base = nullptr;
        const LoraLayerImpl* lora = nullptr;
    };
    struct Layer {
        model::RMSNormImpl* input_norm = nullptr;
        Linear q, k, v, o;
        model::RMSNormImpl* post_norm = nullptr;
        Linear gate, up, down;
    };
    torch::Tensor apply(const Linear& linear, const torch::Tensor& x) const;
    // The projections of one input (q, k and v) as one GEMM, split
    // back into one output per projection, each with its LoRA delta added.
    std::vector<torch::Tensor> apply_stacked(std::initializer_list<const Linear*> linears,
                                             const torch::Tensor& x) const;

    model::LlamaForCausalLM llm_;
    model::LlamaHParams hp_;
    model::RotaryEmbedding rope_;
    std::vector<Layer> layers_;
    model::RMSNormImpl* norm_ = nullptr;
    model::LlamaLinearImpl* embed_tokens_ = nullptr;
    model::LlamaLinearImpl* lm_head_ = nullptr;  // null: tied to embed_tokens
    bool checkpointing_ = false;
    bool training_ = true;
    std::vector<std::unique_ptr<CheckpointState>> checkpoint_states_;
};

// Sum of the next-token cross-entropies over the positions with a label:
// logits at position t score labels[t + 1]. Only those positions are projected
// to the vocabulary (a 3k-token sequence would otherwise need 3k × 32k logits).
// hidden (B, L, H), labels (B, L) with kIgnoreLabel elsewhere → scalar float32.
torch::Tensor causal_lm_loss_sum(LlamaTrainForward& forward, const torch::Tensor& hidden,
                                 const torch::Tensor& labels);

}  // namespace facellava::training
