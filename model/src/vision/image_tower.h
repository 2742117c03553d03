// The frozen image tower of a Face-LLaVA model behind one interface. The
// checkpoint's "image_tower_config" picks the kind by its "model_type":
//   anything else (HF "clip_vision_model", LanguageBind) → a CLIP ViT whose
//       weights come with the checkpoint (image_tower/ folder or the
//       mm_image_tower path), features = hidden_states[mm_vision_select_layer];
//   "faceapi_features" → FaceLLaVA-Nano's tower: face-api's expression and
//       age/gender nets (vision/faceapi_feature_tower.h), whose weights come
//       from the face-api package, never from the checkpoint.
// The FaceLLaVA-Nano config contract (docs/TRAINING.md, "Image towers"):
//   "mm_image_tower": "faceapi",
//   "mm_hidden_size": 768,
//   "image_tower_config": {"model_type": "faceapi_features", "image_size": 112,
//                          "hidden_size": 768,
//                          "image_mean": [122.782/255, 117.001/255, 104.298/255],
//                          "image_std": [1.0, 1.0, 1.0]}
// mm_vision_select_layer does not apply to it; mm_vision_select_feature must
// be "patch" (the default: all 49 cells, there is no CLS token).
//
// Thread-safety: features() only reads the weights; a loaded tower may serve
// several threads.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "facellava/core/assets.h"
#include "io/json_config.h"
#include "io/lora_merge.h"
#include "io/state_dict.h"
#include "torch_pch.h"
#include "vision/clip_hparams.h"
#include "vision/clip_vision_tower.h"

namespace facellava::model {

// Config values naming the face-api tower.
inline constexpr const char* kFaceApiTowerName = "faceapi";  // mm_image_tower
inline constexpr const char* kFaceApiTowerModelType =
    "faceapi_features";  // image_tower_config.model_type

enum class ImageTowerKind {
    Clip,             // CLIP / LanguageBind ViT, weights in the checkpoint
    FaceApiFeatures,  // face-api expression + age/gender grids, weights from the package
};

// The face-api tower's geometry: fixed by the nets (112 px input → 7×7 cells;
// 256 expression + 512 age/gender channels per cell).
struct FaceApiFeatureHParams {
    static constexpr int64_t kImageSize = 112;
    static constexpr int64_t kGrid = 7;
    static constexpr int64_t kExpressionChannels = 256;
    static constexpr int64_t kAgeGenderChannels = 512;
    static constexpr int64_t kHiddenSize = kExpressionChannels + kAgeGenderChannels;  // 768

    // face-api's own input normalisation, (pixel − mean RGB) / 255, written
    // for pixels in [0, 1]: mean (122.782, 117.001, 104.298) / 255, std 1.
    static PixelNormalisation faceapi_normalisation();

    int64_t image_size = kImageSize;
    int64_t hidden_size = kHiddenSize;
    PixelNormalisation normalisation = faceapi_normalisation();

    int64_t num_cells() const { return kGrid * kGrid; }

    // Reads an image_tower_config with model_type "faceapi_features":
    // image_size must be 112 and hidden_size 768 (when given); image_mean /
    // image_std default to face-api's. Throws facellava::Error naming the key.
    static FaceApiFeatureHParams from_json(const io::JsonConfig& config);
};

struct ImageTowerHParams {
    ImageTowerKind kind = ImageTowerKind::Clip;
    ClipVisionHParams clip;         // kind == Clip
    FaceApiFeatureHParams faceapi;  // kind == FaceApiFeatures

    bool is_faceapi() const { return kind == ImageTowerKind::FaceApiFeatures; }
    int64_t image_size() const;   // input side in pixels
    int64_t hidden_size() const;  // feature width (= the config's mm_hidden_size)
    const PixelNormalisation& normalisation() const;
    // Visual tokens per image: CLIP grid² (+ 1 with "cls_patch"); face-api 49.
    int64_t tokens_per_image(const VisionFeatureSelect& select) const;

    // Switches on image_tower_config's model_type; throws facellava::Error
    // naming the key on a bad value.
    static ImageTowerHParams from_json(const io::JsonConfig& tower_config);
};

// True when config.json asks for the face-api tower (by mm_image_tower or by
// image_tower_config.model_type): the checkpoint then has no tower folder.
bool config_uses_faceapi_tower(const io::Json& config);

// Where a tower's weights come from.
struct ImageTowerWeights {
    io::StateDict dict;                  // CLIP: the tower checkpoint (vision_model.* keys)
    std::string source;                  // its file or folder, for messages
    std::optional<io::LoraConfig> lora;  // CLIP: adapter_config.json of PEFT deltas in dict
    // faceapi_features: where the face-api package is; unset → AssetLocator::from_environment().
    std::optional<AssetLocator> assets;
};

class ImageTower {
  public:
    virtual ~ImageTower() = default;

    const ImageTowerHParams& hparams() const { return hp_; }
    // Strict: throws facellava::Error naming the file on missing, unexpected
    // or mis-shaped weights (and, for face-api, the command that fetches them).
    virtual void load(const ImageTowerWeights& weights) = 0;
    // pixels (B, 3, S, S) normalised as hparams().normalisation() → features
    // (B, N, D), computed without gradients (the tower is frozen). Throws
    // facellava::Error on a wrong input shape.
    virtual torch::Tensor features(const torch::Tensor& pixels,
                                   const VisionFeatureSelect& select) = 0;
    // The module holding the weights: device/dtype moves, eval(), parameters.
    virtual torch::nn::Module& module() = 0;
    // The dtype the tower computes in (its weights').
    torch::Dtype dtype();

  protected:
    explicit ImageTower(const ImageTowerHParams& hp) : hp_(hp) {}

  private:
    ImageTowerHParams hp_;
};

// The tower the hparams describe, with unloaded weights.
std::unique_ptr<ImageTower> make_image_tower(const ImageTowerHParams& hp);

// A CLIP / LanguageBind tower checkpoint → its weights with "vision_model."
// stripped, PEFT LoRA deltas merged first. Throws facellava::Error naming
// `source` when it is empty ("no weights for the <what>"), has LoRA deltas but
// no `lora` settings, or no vision_model.* keys.
io::StateDict clip_tower_dict(io::StateDict dict, const std::string& source,
                              const std::optional<io::LoraConfig>& lora, const std::string& what);

// Keys of a tower repository that no vision tower uses, skipped by name:
// LanguageBind's text encoder (text_model.*), both projections and logit_scale.
bool is_unused_tower_repo_key(const std::string& key);

// The PEFT adapter_config.json next to a tower folder's weights, when there is one.
std::optional<io::LoraConfig> tower_lora_config(const std::string& tower_path);

}  // namespace facellava::model
