// LLaMA's gated feed-forward block, down(silu(gate(x)) · up(x)), and the
// bias-free linear layer every LLaMA projection uses.
#pragma once

#include "llm/llama_hparams.h"
#include "torch_pch.h"

namespace facellava::model {

// y = x · Wᵀ with W (out, in) under the checkpoint key "weight". The weight is
// allocated uninitialised in the requested dtype/device: every LLaMA weight
// comes from the checkpoint, and skipping a random init (and an fp32 copy) is
// what makes building a 7B model cheap. Load weights strictly before use.
class LlamaLinearImpl : public torch::nn::Module {
  public:
    LlamaLinearImpl(int64_t in_features, int64_t out_features, const torch::TensorOptions& options);
    // Uses `rows` (out, in), a block of rows of a larger matrix, as its
    // weight's storage, so that matrix can serve several projections in one
    // GEMM (llm/adjacent_rows.h).
    explicit LlamaLinearImpl(const torch::Tensor& rows);

    // (..., in) → (..., out)
    torch::Tensor forward(const torch::Tensor& x);
    const torch::Tensor& weight() const { return weight_; }

  private:
    torch::Tensor weight_;  // (out, in)
};
TORCH_MODULE(LlamaLinear);

// x (..., in) · weightᵀ (out, in) → (..., out), the product every LLaMA
// projection uses (one row on the CPU through gemv).
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& weight);

class LlamaMLPImpl : public torch::nn::Module {
  public:
    LlamaMLPImpl(const LlamaHParams& hp, const torch::TensorOptions& options);

    // (B, T, H) → (B, T, H)
    torch::Tensor forward(const torch::Tensor& x);

  private:
    LlamaLinear gate_proj_{nullptr};  // H → I
    LlamaLinear up_proj_{nullptr};    // H → I
    LlamaLinear down_proj_{nullptr};  // I → H
    int64_t intermediate_;            // I
};
TORCH_MODULE(LlamaMLP);

}  // namespace facellava::model
