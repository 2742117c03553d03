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
        hp.image_tower = ImageTowerHParams::from_json(config.child("image_tower_config"));
    if (config.has("video_tower_config"))
        hp.video_tower = ClipVisionHParams::from_json(config.child("video_tower_config"));
    const bool named_faceapi =
        config.get_or<std::string>("mm_image_tower", "") == kFaceApiTowerName;
    if (named_faceapi && !(hp.image_tower && hp.image_tower->is_faceapi())) {
        config.fail("mm_image_tower",
                    std::string("\"") + kFaceApiTowerName +
                        "\" needs \"image_tower_config\": {\"model_type\": \"" +
                        kFaceApiTowerModelType +
                        "\", \"image_size\": 112, \"hidden_size\": 768, \"image_mean\": "
                        "[0.48150, 0.45883, 0.40901], \"image_std\": [1.0, 1.0, 1.0]}");
    }
    if (hp.image_tower && hp.image_tower->is_faceapi() && config.has("mm_image_tower") &&
        !named_faceapi) {
        config.fail("mm_image_tower", std::string("names a tower folder, but image_tower_config "
                                                  "says \"") +
                                          kFaceApiTowerModelType + "\"; set it to \"" +
                                          kFaceApiTowerName + "\"");
    }
    if (hp.image_tower && hp.image_tower->is_faceapi() && hp.select.keep_cls) {
        config.fail("mm_vision_select_feature",
                    "'cls_patch' does not apply to the faceapi_features tower (no CLS token); use "
                    "\"patch\" (all 49 cells)");
    }
    // The projector's input width is the towers' feature width.
    const auto check_width = [&](const char* tower, int64_t width) {
        if (width != hp.projector.mm_hidden_size) {
            config.fail("mm_hidden_size",
                        "is " + std::to_string(hp.projector.mm_hidden_size) + " but the " + tower +
                            " gives " + std::to_string(width) +
                            "-wide features; set mm_hidden_size to " + std::to_string(width));
        }
    };
    if (hp.image_tower)
        check_width(hp.image_tower->is_faceapi() ? "faceapi_features image tower" : "image tower",
                    hp.image_tower->hidden_size());
    if (hp.video_tower)
        check_width("video tower", hp.video_tower->hidden_size);
    hp.num_frames = config.get_or<int64_t>("num_frames", 8);
    if (hp.num_frames < 1)
        config.fail("num_frames", "must be at least 1");
    hp.image_aspect_ratio = config.get_or<std::string>("image_aspect_ratio", "pad");
    if (hp.image_aspect_ratio != "pad" && hp.image_aspect_ratio != "none" &&
        hp.image_aspect_ratio != "square") {
        config.fail("image_aspect_ratio",
                    "unsupported value '" + hp.image_aspect_ratio + "' (supported: pad, none, square)");
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
