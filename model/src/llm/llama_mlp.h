// LLaMA's gated feed-forward block, down(silu(gate(x)) · up(x)), and the
// bias-free linear layer every LLaMA projection uses.
#pragma once

#include <optional>

#include "llm/llama_hparams.h"
#include "quant/quantized_weight.h"
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
    // The float weight (out, in); a quantized layer's codes (quantized() says).
    const torch::Tensor& weight() const { return weight_; }

    // Weight-only quantization (quant/quantized_weight.h). The layer then
    // holds the codes under "weight" and registers "weight_scale" (and
    // "weight_zero" for int4 with zero points), the keys a quantized
    // checkpoint stores; the float storage is released. Inference only: the
    // codes carry no gradient.
    void set_quantized(const quant::QuantizedWeight& q);
    bool quantized() const { return scheme_.has_value(); }
    // The quantized weight as tensors shared with the layer; only when quantized().
    quant::QuantizedWeight quantized_weight() const;
    int64_t in_features() const;
    int64_t out_features() const;

  private:
    torch::Tensor weight_;  // (out, in), or the codes when quantized
    std::optional<quant::QuantScheme> scheme_;
    int64_t quantized_cols_ = 0;  // in, when quantized (int4 codes are half as wide)
    torch::Tensor scale_;         // (out, groups) float16, when quantized
    torch::Tensor zero_;          // (out, groups) uint8, int4 with zero points
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
