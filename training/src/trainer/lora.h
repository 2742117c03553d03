// LoRA adapters on the LLM's linear layers (PEFT semantics): for a frozen
// y = x·Wᵀ the layer computes y + scale · dropout(x)·Aᵀ·Bᵀ with A (r, in)
// Kaiming-uniform initialised, B (out, r) zero (so training starts from the
// base model exactly) and scale = alpha / r. Merging folds the delta into the
// weights, W ← W + scale·B·A, for a checkpoint that needs no LoRA code.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "facellava/training/train_config.h"
#include "llm/llama_model.h"
#include "torch_pch.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

class LoraLayerImpl : public torch::nn::Module {
  public:
    LoraLayerImpl(int64_t in_features, int64_t out_features, int64_t rank, double alpha,
                  double dropout, const torch::Device& device);
    // (…, in) → (…, out): the low-rank update added to the frozen layer's output.
    torch::Tensor delta(const torch::Tensor& x, bool training) const;
    // scale · B·A, (out, in) float32.
    torch::Tensor merged_delta() const;

    torch::Tensor lora_A;  // (r, in)
    torch::Tensor lora_B;  // (out, r)
    double scale;
    double dropout;
};
TORCH_MODULE(LoraLayer);

class LoraAdapters {
  public:
    // One adapter per LlamaLinear under model.layers.* whose name is in
    // settings.target_modules, created in module order (deterministic init).
    LoraAdapters(model::LlamaForCausalLM& llm, const LoraSettings& settings,
                 const torch::Device& device);

    // The adapter of a layer ("model.layers.3.self_attn.q_proj"), or nullptr.
    const LoraLayerImpl* find(const std::string& module_path) const;
    // "<module path>.lora_A.weight" / ".lora_B.weight", PEFT's names.
    NamedTensors named_parameters() const;
    size_t size() const { return layers_.size(); }
    // W ← W + scale·B·A for every adapted layer (no gradient).
    void merge_into(model::LlamaForCausalLM& llm) const;

  private:
    std::vector<std::pair<std::string, LoraLayer>> layers_;  // module order
    std::map<std::string, size_t> index_;
};

}  // namespace facellava::training
