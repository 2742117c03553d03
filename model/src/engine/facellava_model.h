// The whole Face-LLaVA network (FACELLAVA_SPEC §1): vision towers →
// mm_projector → FRGCA with landmark tokens → splice at the -200 sentinels →
// LLaMA. Holds the modules; generation and preprocessing live elsewhere.
//
// Weights: the main checkpoint (LLaMA keys + model.mm_projector,
// model.landmarks_projector, model.global_landmarks_projector,
// model.landmarks_cross_attn) and one checkpoint per CLIP tower (vision_model.*
// keys, PEFT LoRA merged at load). FaceLLaVA-Nano's face-api image tower
// (vision/image_tower.h) takes its weights from the face-api package instead.
//
// Thread-safety: immutable after loading; forwards from several threads are
// fine (each generation has its own KV cache).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/facellava_hparams.h"
#include "io/lazy_state_dict.h"
#include "io/lora_merge.h"
#include "io/state_dict.h"
#include "llm/llama_model.h"
#include "multimodal/frgca.h"
#include "multimodal/landmark_projector.h"
#include "multimodal/mm_projector.h"
#include "quant/quant_scheme.h"
#include "runtime/graphed_call.h"
#include "torch_pch.h"
#include "vision/clip_vision_tower.h"
#include "vision/image_tower.h"
#include "vision/video_tower.h"

namespace facellava::model {

// Visual tokens of a batch of images (B, N, H) or videos (B, T, N+1, H).
struct VisualEncoding {
    torch::Tensor features;   // tower features before the projector
    torch::Tensor tokens;     // what replaces the -200 sentinels
    torch::Tensor attention;  // FRGCA weights (B·T, heads, N, 9); undefined without landmarks
};

// The multimodal adapter, registered under the checkpoint's names below "model.".
class MultimodalAdapterImpl : public torch::nn::Module {
  public:
    MultimodalAdapterImpl(const FaceLlavaHParams& hp);

    // features (B, N, Dv) or (B, T, N, Dv); landmarks (B, 136) / (B, T, 136) or undefined.
    VisualEncoding forward(const torch::Tensor& features, const torch::Tensor& landmarks);
    bool has_landmark_modules() const { return frgca_ != nullptr; }

  private:
    MmProjector projector_{nullptr};
    LandmarkRegionProjector regions_{nullptr};
    torch::nn::Linear global_{nullptr};
    std::shared_ptr<FrgcaModule> frgca_;
};
TORCH_MODULE(MultimodalAdapter);

struct FaceLlavaWeights {
    // LLaMA + multimodal adapter keys, read one tensor at a time while loading
    // (a 7B checkpoint is never held twice in memory).
    io::LazyStateDict main;
    std::string main_source;    // file or folder, for error messages
    io::StateDict image_tower;  // vision_model.* (may be empty: no image tower)
    std::string image_tower_source;
    io::StateDict video_tower;  // vision_model.* (may be empty: no video tower)
    std::string video_tower_source;
    // LoRA settings (adapter_config.json) of towers that carry PEFT deltas.
    std::optional<io::LoraConfig> image_tower_lora;
    std::optional<io::LoraConfig> video_tower_lora;
    // Where the face-api package is, for a faceapi_features image tower
    // (unset: AssetLocator::from_environment()).
    std::optional<AssetLocator> assets;

    // The scheme the main weight files were quantized with (their metadata),
    // or nullopt for 16/32-bit weights (quant/llm_quantization.h).
    std::optional<quant::QuantScheme> stored_scheme;

    // What the image tower loads from: the fields above.
    ImageTowerWeights image_tower_weights() const;
};

class FaceLlavaModel {
  public:
    FaceLlavaModel(const FaceLlavaHParams& hp, const torch::TensorOptions& options);
    // Stays where it was built: its graphed tower calls refer to it.
    FaceLlavaModel(const FaceLlavaModel&) = delete;
    FaceLlavaModel& operator=(const FaceLlavaModel&) = delete;

    // Strict: every module parameter must be in the checkpoints and every
    // checkpoint key used; all problems are listed in one facellava::Error.
    // With `llm_scheme` the LLM's linear layers hold quantized weights: read
    // as stored from a checkpoint of that scheme, or quantized while loading
    // a 16/32-bit one (quant/llm_quantization.h).
    void load(const FaceLlavaWeights& weights,
              const std::optional<quant::QuantScheme>& llm_scheme = std::nullopt);

    const FaceLlavaHParams& hparams() const { return hp_; }
    LlamaForCausalLM& llm() { return llm_; }
    bool has_image_tower() const { return image_tower_ != nullptr; }
    bool has_video_tower() const { return !video_tower_.is_empty(); }
    bool has_landmark_modules() const { return adapter_->has_landmark_modules(); }
    int64_t parameter_count();
    torch::Device device() const;
    torch::Dtype dtype() const;

    // pixels (B, 3, S, S) normalised; landmarks (B, 136) in [0, 1] or undefined.
    VisualEncoding encode_images(const torch::Tensor& pixels, const torch::Tensor& landmarks);
    // pixels (B, 3, T, S, S) normalised; landmarks (B, T, 136) or undefined.
    VisualEncoding encode_video(const torch::Tensor& pixels, const torch::Tensor& landmarks);

    // Text embeddings with each -200 replaced, in order, by the next entry of
    // `segments` (each (n_i, H)): an image's N tokens or one video frame's
    // N+1. Throws facellava::Error when the counts differ. → (1, L, H)
    torch::Tensor splice(const std::vector<int64_t>& ids,
                         const std::vector<torch::Tensor>& segments);

  private:
    FaceLlavaHParams hp_;
    torch::TensorOptions options_;
    LlamaForCausalLM llm_{nullptr};
    MultimodalAdapter adapter_{nullptr};
    std::unique_ptr<ImageTower> image_tower_;  // CLIP or face-api; null without one
    VideoTower video_tower_{nullptr};
    // The towers' forwards replayed from CUDA graphs on a GPU (eager elsewhere);
    // made after construction, reset when load() replaces the weights.
    std::unique_ptr<GraphedCall> image_graphs_;
    std::unique_ptr<GraphedCall> video_graphs_;
};

// The video tower of a checkpoint: built from the hparams (null without one).
VideoTower make_video_tower(const FaceLlavaHParams& hp);
// Loads a CLIP-style video tower strictly from its checkpoint (LoRA merged).
void load_video_tower(VideoTower& tower, const io::StateDict& dict, const std::string& source,
                      const std::optional<io::LoraConfig>& lora);

// True for main-checkpoint keys of the multimodal adapter (mm_projector,
// landmark projectors, FRGCA); the rest belong to the LLM. Shared with the
// trainer's loader so both split a checkpoint the same way.
bool is_adapter_checkpoint_key(const std::string& key);
// Appends `part`'s missing / unexpected / wrong-shape keys to `into`, each
// prefixed (a module's own names → checkpoint names).
void append_load_report(io::LoadReport& into, const io::LoadReport& part,
                        const std::string& prefix);

// Splits visual encodings into the per-sentinel segments splice() expects:
// images (B, N, H) → B segments; videos (B, T, N, H) → B·T segments.
std::vector<torch::Tensor> visual_segments(const torch::Tensor& tokens);

}  // namespace facellava::model
