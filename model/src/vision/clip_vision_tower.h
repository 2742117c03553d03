// HF CLIPVisionModel (pre-LN ViT) as a LibTorch module. Submodules carry the
// checkpoint's names, so named_parameters() equal the checkpoint keys minus
// the "vision_model." prefix and loading can be strict.
//
// Thread-safety: forward() only reads the weights; one tower may serve
// several threads once loaded (under torch::NoGradGuard).
#pragma once

#include <vector>

#include "torch_pch.h"
#include "vision/clip_hparams.h"

namespace facellava::model {

// Multi-head self-attention with separate q/k/v/out projections (HF CLIPAttention).
class ClipAttentionImpl : public torch::nn::Module {
  public:
    ClipAttentionImpl(int64_t embed_dim, int64_t num_heads);
    // x: (B, S, D) → (B, S, D); every token attends to every token (no mask).
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};

  private:
    int64_t num_heads_;
    int64_t head_dim_;
};
TORCH_MODULE(ClipAttention);

// fc1 → activation → fc2.
class ClipMlpImpl : public torch::nn::Module {
  public:
    explicit ClipMlpImpl(const ClipVisionHParams& hp);
    torch::Tensor forward(const torch::Tensor& x);

    torch::nn::Linear fc1{nullptr}, fc2{nullptr};

  private:
    ClipActivation act_;
};
TORCH_MODULE(ClipMlp);

// One pre-LN transformer block: h += attn(ln1(h)); h += mlp(ln2(h)).
class ClipEncoderLayerImpl : public torch::nn::Module {
  public:
    explicit ClipEncoderLayerImpl(const ClipVisionHParams& hp);
    torch::Tensor forward(const torch::Tensor& h);  // (B, S, D) → (B, S, D)

    ClipAttention self_attn{nullptr};
    torch::nn::LayerNorm layer_norm1{nullptr};
    ClipMlp mlp{nullptr};
    torch::nn::LayerNorm layer_norm2{nullptr};
};
TORCH_MODULE(ClipEncoderLayer);

// Patch embedding (conv without bias) + CLS + learned absolute positions.
class ClipVisionEmbeddingsImpl : public torch::nn::Module {
  public:
    explicit ClipVisionEmbeddingsImpl(const ClipVisionHParams& hp);
    // pixels: (B, C, H, W) with H = W = image_size → (B, 1 + grid², D), CLS first.
    torch::Tensor forward(const torch::Tensor& pixels);

    torch::nn::Conv2d patch_embedding{nullptr};
    torch::Tensor class_embedding;
    torch::nn::Embedding position_embedding{nullptr};

  private:
    ClipVisionHParams hp_;
};
TORCH_MODULE(ClipVisionEmbeddings);

struct ClipVisionOutput {
    // num_hidden_layers + 1 entries of (B, 1 + grid², D): [0] = pre_layrnorm(embeddings),
    // [k] = output of encoder layer k (HF output_hidden_states).
    std::vector<torch::Tensor> hidden_states;
    torch::Tensor last_hidden_state;  // = hidden_states.back(), no post-layernorm
    torch::Tensor pooler_output;      // (B, D): post_layernorm(last_hidden_state[:, 0])
};

// Python-style index into hidden_states (-1 = last) → 0..num_layers; throws
// facellava::Error when out of range.
int64_t hidden_state_index(int64_t select_layer, int64_t num_layers);

class ClipVisionTowerImpl : public torch::nn::Module {
  public:
    explicit ClipVisionTowerImpl(const ClipVisionHParams& hp);

    // pixels: (B, C, image_size, image_size) → every hidden state + pooled CLS.
    ClipVisionOutput forward(const torch::Tensor& pixels);

    // The projector's input: hidden_states[select.select_layer], CLS dropped
    // unless select.keep_cls → (B, grid², D) or (B, 1 + grid², D). Runs only the
    // layers that feed the selected state.
    torch::Tensor features(const torch::Tensor& pixels, const VisionFeatureSelect& select);

    const ClipVisionHParams& hparams() const { return hp_; }

    ClipVisionEmbeddings embeddings{nullptr};
    torch::nn::LayerNorm pre_layrnorm{nullptr};  // sic: the checkpoint's spelling
    torch::nn::ModuleList layers{nullptr};       // registered as encoder.layers
    torch::nn::LayerNorm post_layernorm{nullptr};

  private:
    ClipVisionHParams hp_;
};
TORCH_MODULE(ClipVisionTower);

// Shared by the image and the video tower: the activation and input checks.
torch::Tensor clip_activation(const torch::Tensor& x, ClipActivation act);
// Throws facellava::Error unless pixels is (B, C, image_size, image_size).
void check_clip_pixels(const torch::Tensor& pixels, const ClipVisionHParams& hp);

}  // namespace facellava::model
