// Face-LLaVA assembled for training: the same modules and strict loading as
// model::FaceLlavaModel (towers, mm_projector, landmark modules + FRGCA,
// LLaMA), but with the parts reachable so each stage can choose what trains.
// The towers are built and loaded by the model library's own routines
// (model::make_image_tower, ImageTower::load, model::load_video_tower); the
// main checkpoint's load differs from FaceLlavaModel's (float32 master
// weights, fresh landmark modules for stage 1).
//
// Towers always run without gradients; the adapter and LLM are differentiable.
// A faceapi_features image tower (FaceLLaVA-Nano) loads its nets from the
// face-api package (AssetLocator::from_environment()).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "engine/checkpoint_paths.h"
#include "engine/facellava_hparams.h"
#include "engine/facellava_model.h"
#include "io/state_dict.h"
#include "torch_pch.h"
#include "vision/image_tower.h"

namespace facellava::training {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

class TrainableFaceLlava {
  public:
    // Loads a checkpoint folder (the layout facellava/model/engine.h documents)
    // in float32 on `device`. With allow_new_landmark_modules, a checkpoint that
    // has none of the landmark-module keys (Video-LLaVA, the stage-1 start)
    // gets freshly initialised ones instead of an error.
    static std::unique_ptr<TrainableFaceLlava> load(const std::string& checkpoint_dir,
                                                    const torch::Device& device,
                                                    bool allow_new_landmark_modules,
                                                    std::string* log = nullptr);

    const model::FaceLlavaHParams& hparams() const { return hp_; }
    const model::CheckpointPaths& paths() const { return paths_; }
    const io::Json& config_json() const { return config_json_; }  // with tower configs filled in
    torch::Device device() const { return device_; }

    model::LlamaForCausalLM& llm() { return llm_; }
    model::MultimodalAdapter& adapter() { return adapter_; }
    bool has_image_tower() const { return image_tower_ != nullptr; }
    bool has_video_tower() const { return !video_tower_.is_empty(); }
    bool has_landmark_modules() const { return adapter_->has_landmark_modules(); }

    // Visual tokens; the tower runs without gradients (frozen), the adapter with.
    model::VisualEncoding encode_images(const torch::Tensor& pixels,
                                        const torch::Tensor& landmarks);
    model::VisualEncoding encode_video(const torch::Tensor& pixels, const torch::Tensor& landmarks);
    int64_t tokens_per_image() const;
    int64_t tokens_per_frame() const;

    // Parameters under their checkpoint names.
    NamedTensors llm_parameters();        // model.*, lm_head.*
    NamedTensors projector_parameters();  // model.mm_projector.*
    NamedTensors landmark_parameters();   // landmark projectors + FRGCA
    NamedTensors tower_parameters();      // image_tower.*, video_tower.* (frozen)
    // Every LLM + adapter tensor (parameters and buffers) as the main checkpoint names them.
    io::StateDict main_state_dict();

    // Stores frozen towers (and, when `llm_frozen`, the LLM) in `dtype` to save
    // memory; trainable tensors stay float32 (master weights).
    void cast_frozen(torch::Dtype dtype, bool llm_frozen);

  private:
    TrainableFaceLlava() = default;

    model::FaceLlavaHParams hp_;
    model::CheckpointPaths paths_;
    io::Json config_json_;
    torch::Device device_{torch::kCPU};
    model::LlamaForCausalLM llm_{nullptr};
    model::MultimodalAdapter adapter_{nullptr};
    std::unique_ptr<model::ImageTower> image_tower_;  // CLIP or face-api; null without one
    model::VideoTower video_tower_{nullptr};
};

}  // namespace facellava::training
