#include "vision/video_tower.h"

#include <string>

#include "facellava/core/error.h"

namespace facellava::model {
namespace {

torch::nn::LayerNorm layer_norm(int64_t dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

}  // namespace

VideoEncoderLayerImpl::VideoEncoderLayerImpl(const ClipVisionHParams& hp, int64_t num_frames)
    : num_frames_(num_frames) {
    temporal_embedding =
        register_parameter("temporal_embedding", torch::zeros({1, num_frames, hp.hidden_size}));
    temporal_attn =
        register_module("temporal_attn", ClipAttention(hp.hidden_size, hp.num_attention_heads));
    temporal_layer_norm1 =
        register_module("temporal_layer_norm1", layer_norm(hp.hidden_size, hp.layer_norm_eps));
    spatial = ClipEncoderLayer(hp);
    for (const auto& child : spatial->named_children())
        register_module(child.key(), child.value());
}

torch::Tensor VideoEncoderLayerImpl::forward(const torch::Tensor& h, int64_t frames) {
    const int64_t BT = h.size(0), S = h.size(1), D = h.size(2);
    const int64_t B = BT / frames;
    // '(b t) n d → (b n) t d': (B·T, S, D) → (B, T, S, D) → (B, S, T, D) → (B·S, T, D)
    auto cur = h.view({B, frames, S, D}).permute({0, 2, 1, 3}).reshape({B * S, frames, D});
    // 1. temporal position, per spatial token across time. LanguageBind skips it
    //    for single-frame towers (num_frames == 1).
    if (num_frames_ != 1)
        cur = cur + temporal_embedding.slice(1, 0, frames);  // (1, T, D)
    // 2. attention over the T frames of each token (CLS included), residual.
    cur = cur + temporal_attn(temporal_layer_norm1(cur));
    // '(b n) t d → (b t) n d': (B·S, T, D) → (B, S, T, D) → (B, T, S, D) → (B·T, S, D)
    cur = cur.view({B, S, frames, D}).permute({0, 2, 1, 3}).reshape({BT, S, D});
    // 3. the usual CLIP block, per frame.
    return spatial(cur);
}

VideoTowerImpl::VideoTowerImpl(const ClipVisionHParams& hp, int64_t num_frames)
    : hp_(hp), num_frames_(num_frames) {
    if (num_frames <= 0)
        throw Error("video tower num_frames must be positive, got " + std::to_string(num_frames),
                    "", "check num_frames in the video tower's config");
    embeddings = register_module("embeddings", ClipVisionEmbeddings(hp));
    pre_layrnorm = register_module("pre_layrnorm", layer_norm(hp.hidden_size, hp.layer_norm_eps));
    auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
    layers = encoder->register_module("layers", torch::nn::ModuleList());
    for (int64_t il = 0; il < hp.num_hidden_layers; ++il)
        layers->push_back(VideoEncoderLayer(hp, num_frames));
    post_layernorm =
        register_module("post_layernorm", layer_norm(hp.hidden_size, hp.layer_norm_eps));
}

torch::Tensor VideoTowerImpl::forward(const torch::Tensor& video, int64_t select_layer) {
    if (video.dim() != 5) {
        throw Error("video tower input must be (B, C, T, H, W), got " +
                        std::to_string(video.dim()) + " dimensions",
                    "", "pass frames stacked along the third axis");
    }
    const int64_t B = video.size(0), C = video.size(1), T = video.size(2);
    if (T < 1 || T > num_frames_) {
        throw Error("video has " + std::to_string(T) + " frames but the video tower's " +
                        "temporal_embedding covers " + std::to_string(num_frames_),
                    "", "sample between 1 and " + std::to_string(num_frames_) + " frames per clip");
    }
    const int64_t target = hidden_state_index(select_layer, hp_.num_hidden_layers);

    // 'b c t h w → (b t) c h w': (B, C, T, H, W) → (B, T, C, H, W) → (B·T, C, H, W)
    auto frames = video.permute({0, 2, 1, 3, 4}).reshape({B * T, C, video.size(3), video.size(4)});
    auto cur = pre_layrnorm(embeddings(frames));  // hidden_states[0]: (B·T, S, D)
    for (int64_t il = 0; il < target; ++il)
        cur = layers[il]->as<VideoEncoderLayer>()->forward(cur, T);
    // (B·T, S, D) → (B, T, S, D)
    return cur.view({B, T, cur.size(1), cur.size(2)});
}

}  // namespace facellava::model
