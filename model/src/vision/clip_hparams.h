// Hyper-parameters of a CLIP vision tower (HF CLIPVisionConfig keys), parsed
// once from the tower's config, and of the feature selection Face-LLaVA applies
// to the tower's hidden states (mm_vision_select_* keys of the model config).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "io/json_config.h"

namespace facellava::model {

enum class ClipActivation {
    Gelu,       // "gelu": exact, erf-based
    QuickGelu,  // "quick_gelu": x · sigmoid(1.702 x), OpenAI CLIP's approximation
};

// How pixels in [0, 1] are normalised for a tower: (x − mean) / std per RGB
// channel (HF image processors' image_mean / image_std). Defaults: OpenAI CLIP's.
struct PixelNormalisation {
    std::array<float, 3> mean = {0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std = {0.26862954f, 0.26130258f, 0.27577711f};

    // Reads "image_mean" / "image_std" (three numbers each, std > 0); a key
    // that is absent keeps `fallback`'s value.
    static PixelNormalisation from_json(const io::JsonConfig& config,
                                        const PixelNormalisation& fallback);
};

struct ClipVisionHParams {
    int64_t hidden_size = 1024;        // D, width of every token
    int64_t intermediate_size = 4096;  // MLP inner width
    int64_t num_hidden_layers = 24;    // encoder layers
    int64_t num_attention_heads = 16;  // heads per attention (D must divide evenly)
    int64_t image_size = 224;          // input side in pixels (square)
    int64_t patch_size = 14;           // patch side in pixels; image_size must be a multiple
    int64_t num_channels = 3;          // input channels
    double layer_norm_eps = 1e-5;      // every LayerNorm of the tower
    ClipActivation hidden_act = ClipActivation::QuickGelu;  // MLP activation
    PixelNormalisation normalisation;  // image_mean / image_std when given, else CLIP's

    int64_t grid() const { return image_size / patch_size; }
    int64_t num_patches() const { return grid() * grid(); }
    int64_t num_positions() const { return num_patches() + 1; }  // + CLS
    int64_t head_dim() const { return hidden_size / num_attention_heads; }

    // Reads a CLIP vision config (a tower's config.json, its "vision_config",
    // or facellava's "image_tower_config"); throws facellava::Error naming the
    // key on a missing, wrong or inconsistent value.
    static ClipVisionHParams from_json(const io::JsonConfig& config);
};

// Parses a hidden_act string; throws facellava::Error listing the supported values.
ClipActivation parse_clip_activation(const std::string& name, const std::string& source);
const char* clip_activation_name(ClipActivation act);

// Which hidden state feeds the projector and whether its CLS token is kept.
struct VisionFeatureSelect {
    int64_t select_layer = -2;  // Python-style index into hidden_states (0 = embeddings)
    bool keep_cls = false;      // "cls_patch" keeps CLS, "patch" drops it

    // Reads mm_vision_select_layer / mm_vision_select_feature (defaults -2 / "patch").
    static VisionFeatureSelect from_json(const io::JsonConfig& config);
};

}  // namespace facellava::model
