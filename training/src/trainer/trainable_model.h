// Face-LLaVA assembled for training: the same modules and strict loading as
// model::FaceLlavaModel (towers, mm_projector, landmark modules + FRGCA,
// LLaMA), but with the parts reachable so each stage can choose what trains.
// (FaceLlavaModel keeps its adapter and towers private; if it gains accessors,
// this class can wrap it instead of repeating its ~40-line load routine.)
//
// Towers always run without gradients; the adapter and LLM are differentiable.
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
    bool has_image_tower() const { return !image_tower_.is_empty(); }
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
    NamedTensors tower_parameters();      // image_tower.*, video_tower.*
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
    model::ClipVisionTower image_tower_{nullptr};
    model::VideoTower video_tower_{nullptr};
};

}  // namespace facellava::training
