#include "engine/facellava_hparams.h"

namespace facellava::model {

FaceLlavaHParams FaceLlavaHParams::from_json(const io::JsonConfig& config) {
    FaceLlavaHParams hp;
    hp.llm = LlamaHParams::from_json(config);
    hp.projector = MmProjectorHParams::from_json(config);
    hp.select = VisionFeatureSelect::from_json(config);
    hp.has_landmark_modules = config.has("landmarks_projector_type");
    if (hp.has_landmark_modules) {
        hp.landmarks = LandmarkHParams::from_json(config);
        hp.frgca = FrgcaHParams::from_json(config);
    }
    if (config.has("image_tower_config"))
        hp.image_tower = ClipVisionHParams::from_json(config.child("image_tower_config"));
    if (config.has("video_tower_config"))
        hp.video_tower = ClipVisionHParams::from_json(config.child("video_tower_config"));
    hp.num_frames = config.get_or<int64_t>("num_frames", 8);
    if (hp.num_frames < 1)
        config.fail("num_frames", "must be at least 1");
    hp.image_aspect_ratio = config.get_or<std::string>("image_aspect_ratio", "pad");
    if (hp.image_aspect_ratio != "pad" && hp.image_aspect_ratio != "none" &&
        hp.image_aspect_ratio != "square") {
        config.fail("image_aspect_ratio",
                    "unsupported value '" + hp.image_aspect_ratio + "' (supported: pad, none)");
    }
    hp.max_text_tokens = config.get_or<int64_t>("tokenizer_model_max_length", 2048);
    hp.use_landmark_tokens = config.get_or<bool>("use_landmark_tokens", false);
    if (hp.use_landmark_tokens) {
        config.fail("use_landmark_tokens",
                    "true is not supported (the released model runs with false)");
    }
    return hp;
}

}  // namespace facellava::model
