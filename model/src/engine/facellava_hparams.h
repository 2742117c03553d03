// Everything a Face-LLaVA checkpoint's config.json says (FACELLAVA_SPEC §10),
// parsed once into the hparams of each part. Nothing about sizes is
// hard-coded: the same code runs the tiny fixture model and the 7B release.
#pragma once

#include <optional>
#include <string>

#include "io/json_config.h"
#include "llm/llama_hparams.h"
#include "multimodal/frgca.h"
#include "multimodal/landmark_projector.h"
#include "multimodal/mm_projector.h"
#include "vision/clip_hparams.h"
#include "vision/image_tower.h"

namespace facellava::model {

struct FaceLlavaHParams {
    LlamaHParams llm;              // the decoder (LLaMA keys of config.json)
    MmProjectorHParams projector;  // mm_projector_type, mm_hidden_size
    VisionFeatureSelect select;    // mm_vision_select_layer / _feature
    // Landmark modules (landmark projectors + FRGCA) exist when the config names
    // a landmarks_projector_type; a plain Video-LLaVA checkpoint has none.
    bool has_landmark_modules = false;
    LandmarkHParams landmarks;
    FrgcaHParams frgca;
    // Tower configs embedded in config.json ("image_tower_config" /
    // "video_tower_config"); otherwise read from the tower folder's config.json.
    // The image tower is a CLIP ViT or FaceLLaVA-Nano's face-api tower
    // (vision/image_tower.h has the config contract); its hidden size must
    // equal mm_hidden_size, as must the video tower's.
    std::optional<ImageTowerHParams> image_tower;
    std::optional<ClipVisionHParams> video_tower;
    int64_t num_frames = 8;                  // frames per video (LanguageBind: 8)
    std::string image_aspect_ratio = "pad";  // "pad" (to square with the mean colour) or "none"
    int64_t max_text_tokens = 2048;          // tokenizer_model_max_length
    bool use_landmark_tokens =
        false;  // append landmark tokens to the sequence (not in the release)

    static FaceLlavaHParams from_json(const io::JsonConfig& config);
};

}  // namespace facellava::model
