// LanguageBind video tower (Video-LLaVA's "LanguageBind_Video_merge"): a CLIP
// tower whose every encoder layer first mixes each spatial token across the
// frames (temporal embedding + temporal attention), then runs the usual CLIP
// block per frame. Spec §2. Parameter names equal the checkpoint keys minus
// "vision_model.".
//
// Thread-safety: as ClipVisionTower.
#pragma once

#include "torch_pch.h"
#include "vision/clip_hparams.h"
#include "vision/clip_vision_tower.h"

namespace facellava::model {

class VideoEncoderLayerImpl : public torch::nn::Module {
  public:
    VideoEncoderLayerImpl(const ClipVisionHParams& hp, int64_t num_frames);
    // h: (B·T, S, D), frames folded into the batch frame-major per clip → same shape.
    torch::Tensor forward(const torch::Tensor& h, int64_t frames);

    torch::Tensor temporal_embedding;  // (1, num_frames, D)
    torch::nn::LayerNorm temporal_layer_norm1{nullptr};
    ClipAttention temporal_attn{nullptr};
    // The spatial block. Its children (self_attn, layer_norm1, mlp, layer_norm2)
    // are registered directly on this layer, because the checkpoint keeps them
    // next to the temporal weights (layers.N.self_attn, not layers.N.spatial.…).
    ClipEncoderLayer spatial{nullptr};

  private:
    int64_t num_frames_;
};
TORCH_MODULE(VideoEncoderLayer);

class VideoTowerImpl : public torch::nn::Module {
  public:
    // num_frames: the frame count the temporal embeddings were trained for
    // (LanguageBind's vision_config.num_frames, 8 for the released tower).
    VideoTowerImpl(const ClipVisionHParams& hp, int64_t num_frames);

    // video: (B, C, T, H, W) with 1 ≤ T ≤ num_frames → hidden_states[select_layer]
    // (Python-style index, 0 = embeddings after pre_layrnorm) as (B, T, 1 + grid², D),
    // CLS kept. Throws facellava::Error on a wrong shape or too many frames.
    torch::Tensor forward(const torch::Tensor& video, int64_t select_layer);

    const ClipVisionHParams& hparams() const { return hp_; }
    int64_t num_frames() const { return num_frames_; }

    ClipVisionEmbeddings embeddings{nullptr};
    torch::nn::LayerNorm pre_layrnorm{nullptr};
    torch::nn::ModuleList layers{nullptr};         // registered as encoder.layers
    torch::nn::LayerNorm post_layernorm{nullptr};  // in the checkpoint, unused by the features

  private:
    ClipVisionHParams hp_;
    int64_t num_frames_;
};
TORCH_MODULE(VideoTower);

}  // namespace facellava::model
