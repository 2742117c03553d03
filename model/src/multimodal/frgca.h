// FRGCA — face-region-guided cross-attention (spec §3), registered as
// model.landmarks_cross_attn. Visual tokens (queries) attend to the 9 landmark
// tokens (keys = values); the result is added back as a small residual branch:
//   out = V + branch_scale · linear_proj(LayerNorm(V + attention(V, L)))
// Two variants behind one interface, chosen by cross_attn_type:
//   "simple" (released): packed nn.MultiheadAttention (in_proj_weight/bias, out_proj);
//   "masked" (paper figure): separate q/k/v projections, no output projection, and a
//     region-proximity term added to the logits (CLS + square patch grid only).
// Both return the per-head attention weights the workbench draws.
//
// Thread-safety: forward() only reads the weights.
#pragma once

#include <memory>
#include <string>

#include "io/json_config.h"
#include "torch_pch.h"

namespace facellava::model {

struct FrgcaHParams {
    std::string type = "simple";   // cross_attn_type: "simple" | "masked"
    int64_t hidden_size = 4096;    // token width (the LLM's hidden_size)
    int64_t num_heads = 8;         // frgca_num_heads (hard-coded 8 in the authors' builder)
    double branch_scale = 0.1;     // frgca_branch_scale: weight of the FRGCA branch
    double layer_norm_eps = 1e-5;  // nn.LayerNorm default, not in the config

    // Reads cross_attn_type (default "simple"), hidden_size, frgca_num_heads and
    // frgca_branch_scale; throws facellava::Error on unsupported or inconsistent values.
    static FrgcaHParams from_json(const io::JsonConfig& config);
};

struct FrgcaOutput {
    torch::Tensor out;          // same shape as the visual tokens: (B, N, D) or (B, T, N, D)
    torch::Tensor attention;    // (B·T, heads, N, 9): softmax weights per head (T = 1 for images)
    torch::Tensor region_mask;  // "masked" only: (B, T, N, 9) proximity prior; undefined otherwise
};

class FrgcaModule : public torch::nn::Module {
  public:
    // visual: (B, N, D) per image or (B, T, N, D) per frame; tokens: (B, 9, D) or
    // (B, T, 9, D) landmark tokens; landmarks: (B, 136) or (B, T, 136) raw points
    // (used by "masked" only, may be undefined for "simple").
    virtual FrgcaOutput forward(const torch::Tensor& visual, const torch::Tensor& tokens,
                                const torch::Tensor& landmarks) = 0;
    const FrgcaHParams& hparams() const { return hp_; }

  protected:
    explicit FrgcaModule(const FrgcaHParams& hp) : hp_(hp) {}
    FrgcaHParams hp_;
};

// nn.MultiheadAttention's parameter layout: q/k/v projections packed row-wise
// into in_proj_weight (3·D, D) / in_proj_bias (3·D), then out_proj.
class PackedMultiheadAttentionImpl : public torch::nn::Module {
  public:
    PackedMultiheadAttentionImpl(int64_t embed_dim, int64_t num_heads);
    // query: (S, N, D), key_value: (S, L, D) → {(S, N, D), per-head weights (S, H, N, L)}
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& query,
                                                    const torch::Tensor& key_value);

    torch::Tensor in_proj_weight, in_proj_bias;
    torch::nn::Linear out_proj{nullptr};

  private:
    int64_t num_heads_;
};
TORCH_MODULE(PackedMultiheadAttention);

class FrgcaSimpleImpl : public FrgcaModule {
  public:
    explicit FrgcaSimpleImpl(const FrgcaHParams& hp);
    FrgcaOutput forward(const torch::Tensor& visual, const torch::Tensor& tokens,
                        const torch::Tensor& landmarks) override;

    PackedMultiheadAttention attn{nullptr};  // cross_attn.attn
    torch::nn::LayerNorm cross_ln{nullptr};  // cross_attn.ln
    torch::nn::Linear linear_proj{nullptr};
    torch::nn::LayerNorm ln{nullptr};  // in the checkpoint, unused by the authors' forward
};
TORCH_MODULE(FrgcaSimple);

class FrgcaMaskedImpl : public FrgcaModule {
  public:
    explicit FrgcaMaskedImpl(const FrgcaHParams& hp);
    // N must be 1 + g² (CLS + a g × g patch grid); throws facellava::Error otherwise.
    FrgcaOutput forward(const torch::Tensor& visual, const torch::Tensor& tokens,
                        const torch::Tensor& landmarks) override;

    // softmax(−distance) from each token's patch centre to each region centroid:
    // landmarks (B, T, 136) → (B, T, num_tokens, 9); CLS row uniform.
    static torch::Tensor region_mask(const torch::Tensor& landmarks, int64_t num_tokens);

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr};  // cross_attn.*
    torch::nn::LayerNorm cross_ln{nullptr};                               // cross_attn.ln
    torch::nn::Linear linear_proj{nullptr};
    torch::nn::LayerNorm ln{nullptr};  // in the checkpoint, unused by the authors' forward
};
TORCH_MODULE(FrgcaMasked);

// The factory on hp.type; throws facellava::Error listing the supported values.
std::shared_ptr<FrgcaModule> make_frgca(const FrgcaHParams& hp);

}  // namespace facellava::model
