#include "vision/clip_vision_tower.h"

#include <torch/version.h>

#include <cmath>
#include <string>

#include "facellava/core/error.h"

namespace facellava::model {
namespace {

std::string shape_string(const torch::Tensor& t) {
    std::string s = "(";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + ")";
}

torch::nn::LayerNorm layer_norm(int64_t dim, double eps) {
    return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}).eps(eps));
}

// softmax(q kᵀ / √d) v over the last two axes. LibTorch ≥ 2.0 has a fused kernel
// (flash / memory-efficient on GPU); 1.13 gets the same maths written out.
torch::Tensor dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                    const torch::Tensor& v) {
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto probs = torch::softmax(torch::matmul(q * scale, k.transpose(-2, -1)), -1);
    return torch::matmul(probs, v);
#endif
}

}  // namespace

torch::Tensor clip_activation(const torch::Tensor& x, ClipActivation act) {
    switch (act) {
        case ClipActivation::Gelu:
            return torch::gelu(x);  // exact (erf) form
        case ClipActivation::QuickGelu:
            return x * torch::sigmoid(1.702 * x);
    }
    return x;  // unreachable: the enum is exhaustive
}

void check_clip_pixels(const torch::Tensor& pixels, const ClipVisionHParams& hp) {
    if (pixels.dim() != 4 || pixels.size(1) != hp.num_channels || pixels.size(2) != hp.image_size ||
        pixels.size(3) != hp.image_size) {
        throw Error("vision tower input has shape " + shape_string(pixels) + ", expected (B, " +
                        std::to_string(hp.num_channels) + ", " + std::to_string(hp.image_size) +
                        ", " + std::to_string(hp.image_size) + ")",
                    "", "preprocess images to the tower's image_size");
    }
}

int64_t hidden_state_index(int64_t select_layer, int64_t num_layers) {
    const int64_t count = num_layers + 1;  // embeddings + one per layer
    const int64_t index = select_layer < 0 ? count + select_layer : select_layer;
    if (index < 0 || index >= count) {
        throw Error(
            "mm_vision_select_layer " + std::to_string(select_layer) +
                " is out of range for a tower with " + std::to_string(num_layers) + " layers",
            "",
            "use a value in [-" + std::to_string(count) + ", " + std::to_string(num_layers) + "]");
    }
    return index;
}

// --- attention -------------------------------------------------------------

ClipAttentionImpl::ClipAttentionImpl(int64_t embed_dim, int64_t num_heads)
    : num_heads_(num_heads), head_dim_(embed_dim / num_heads) {
    q_proj = register_module("q_proj", torch::nn::Linear(embed_dim, embed_dim));
    k_proj = register_module("k_proj", torch::nn::Linear(embed_dim, embed_dim));
    v_proj = register_module("v_proj", torch::nn::Linear(embed_dim, embed_dim));
    out_proj = register_module("out_proj", torch::nn::Linear(embed_dim, embed_dim));
}

torch::Tensor ClipAttentionImpl::forward(const torch::Tensor& x) {
    const int64_t B = x.size(0), S = x.size(1), D = x.size(2);
    // (B, S, D) → (B, S, H, dh) → (B, H, S, dh)
    auto split = [&](const torch::Tensor& t) {
        return t.view({B, S, num_heads_, head_dim_}).transpose(1, 2);
    };
    auto cur = dot_product_attention(split(q_proj(x)), split(k_proj(x)), split(v_proj(x)));
    // (B, H, S, dh) → (B, S, H, dh) → (B, S, D)
    cur = cur.transpose(1, 2).reshape({B, S, D});
    return out_proj(cur);
}

// --- MLP and block ---------------------------------------------------------

ClipMlpImpl::ClipMlpImpl(const ClipVisionHParams& hp) : act_(hp.hidden_act) {
    fc1 = register_module("fc1", torch::nn::Linear(hp.hidden_size, hp.intermediate_size));
    fc2 = register_module("fc2", torch::nn::Linear(hp.intermediate_size, hp.hidden_size));
}

torch::Tensor ClipMlpImpl::forward(const torch::Tensor& x) {
    return fc2(clip_activation(fc1(x), act_));
}

ClipEncoderLayerImpl::ClipEncoderLayerImpl(const ClipVisionHParams& hp) {
    self_attn = register_module("self_attn", ClipAttention(hp.hidden_size, hp.num_attention_heads));
    layer_norm1 = register_module("layer_norm1", layer_norm(hp.hidden_size, hp.layer_norm_eps));
    mlp = register_module("mlp", ClipMlp(hp));
    layer_norm2 = register_module("layer_norm2", layer_norm(hp.hidden_size, hp.layer_norm_eps));
}

torch::Tensor ClipEncoderLayerImpl::forward(const torch::Tensor& h) {
    auto cur = h + self_attn(layer_norm1(h));
    return cur + mlp(layer_norm2(cur));
}

// --- embeddings ------------------------------------------------------------

ClipVisionEmbeddingsImpl::ClipVisionEmbeddingsImpl(const ClipVisionHParams& hp) : hp_(hp) {
    patch_embedding = register_module(
        "patch_embedding",
        torch::nn::Conv2d(torch::nn::Conv2dOptions(hp.num_channels, hp.hidden_size, hp.patch_size)
                              .stride(hp.patch_size)
                              .bias(false)));
    class_embedding = register_parameter("class_embedding", torch::zeros({hp.hidden_size}));
    position_embedding = register_module("position_embedding",
                                         torch::nn::Embedding(hp.num_positions(), hp.hidden_size));
}

torch::Tensor ClipVisionEmbeddingsImpl::forward(const torch::Tensor& pixels) {
    check_clip_pixels(pixels, hp_);
    const int64_t B = pixels.size(0);
    // (B, C, H, W) → (B, D, g, g) → (B, D, g²) → (B, g², D)
    auto patches = patch_embedding(pixels.to(patch_embedding->weight.scalar_type()));
    patches = patches.flatten(2).transpose(1, 2);
    // (D) → (B, 1, D)
    auto cls = class_embedding.view({1, 1, -1}).expand({B, 1, hp_.hidden_size});
    // (B, 1 + g², D) + (1 + g², D) broadcast over the batch
    return torch::cat({cls, patches}, 1) + position_embedding->weight;
}

// --- tower -----------------------------------------------------------------

ClipVisionTowerImpl::ClipVisionTowerImpl(const ClipVisionHParams& hp) : hp_(hp) {
    embeddings = register_module("embeddings", ClipVisionEmbeddings(hp));
    pre_layrnorm = register_module("pre_layrnorm", layer_norm(hp.hidden_size, hp.layer_norm_eps));
    // "encoder" only groups the layers in the checkpoint (encoder.layers.N.…).
    auto encoder = register_module("encoder", std::make_shared<torch::nn::Module>());
    layers = encoder->register_module("layers", torch::nn::ModuleList());
    for (int64_t il = 0; il < hp.num_hidden_layers; ++il)
        layers->push_back(ClipEncoderLayer(hp));
    post_layernorm =
        register_module("post_layernorm", layer_norm(hp.hidden_size, hp.layer_norm_eps));
}

ClipVisionOutput ClipVisionTowerImpl::forward(const torch::Tensor& pixels) {
    ClipVisionOutput out;
    auto cur = pre_layrnorm(embeddings(pixels));  // (B, 1 + g², D)
    out.hidden_states.push_back(cur);
    for (const auto& layer : *layers) {
        cur = layer->as<ClipEncoderLayer>()->forward(cur);
        out.hidden_states.push_back(cur);
    }
    out.last_hidden_state = cur;
    // CLS of the last layer: (B, 1 + g², D) → (B, D)
    out.pooler_output = post_layernorm(cur.select(1, 0));
    return out;
}

torch::Tensor ClipVisionTowerImpl::features(const torch::Tensor& pixels,
                                            const VisionFeatureSelect& select) {
    const int64_t target = hidden_state_index(select.select_layer, hp_.num_hidden_layers);
    auto cur = pre_layrnorm(embeddings(pixels));  // hidden_states[0]: (B, 1 + g², D)
    for (int64_t il = 0; il < target; ++il)
        cur = layers[il]->as<ClipEncoderLayer>()->forward(cur);
    // (B, 1 + g², D) → (B, g², D) unless CLS is kept
    return select.keep_cls ? cur : cur.slice(1, 1);
}

}  // namespace facellava::model
