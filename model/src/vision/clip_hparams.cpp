#include "vision/clip_hparams.h"

namespace facellava::model {

ClipActivation parse_clip_activation(const std::string& name, const std::string& source) {
    if (name == "gelu")
        return ClipActivation::Gelu;
    if (name == "quick_gelu")
        return ClipActivation::QuickGelu;
    throw Error("unsupported CLIP hidden_act '" + name + "' (supported: gelu, quick_gelu)", source,
                "use a CLIP vision tower whose config names one of the supported activations");
}

const char* clip_activation_name(ClipActivation act) {
    return act == ClipActivation::Gelu ? "gelu" : "quick_gelu";
}

PixelNormalisation PixelNormalisation::from_json(const io::JsonConfig& config,
                                                 const PixelNormalisation& fallback) {
    PixelNormalisation norm = fallback;
    const auto read = [&](const char* key, std::array<float, 3>& into, bool positive) {
        if (!config.has(key))
            return;
        const auto& value = config.raw().at(key);
        if (!value.is_array() || value.size() != 3)
            config.fail(key, "expected three numbers (R, G, B), got " + value.dump());
        for (size_t c = 0; c < 3; ++c) {
            if (!value[c].is_number())
                config.fail(key, "expected three numbers (R, G, B), got " + value.dump());
            into[c] = value[c].get<float>();
            if (positive && !(into[c] > 0.0f))
                config.fail(key, "must be positive, got " + value.dump());
        }
    };
    read("image_mean", norm.mean, false);
    read("image_std", norm.std, true);
    return norm;
}

ClipVisionHParams ClipVisionHParams::from_json(const io::JsonConfig& config) {
    ClipVisionHParams hp;
    hp.hidden_size = config.get<int64_t>("hidden_size");
    hp.intermediate_size = config.get<int64_t>("intermediate_size");
    hp.num_hidden_layers = config.get<int64_t>("num_hidden_layers");
    hp.num_attention_heads = config.get<int64_t>("num_attention_heads");
    hp.image_size = config.get<int64_t>("image_size");
    hp.patch_size = config.get<int64_t>("patch_size");
    // HF defaults for the keys CLIPVisionConfig may omit.
    hp.num_channels = config.get_or<int64_t>("num_channels", 3);
    hp.layer_norm_eps = config.get_or<double>("layer_norm_eps", 1e-5);
    hp.hidden_act = parse_clip_activation(config.get_or<std::string>("hidden_act", "quick_gelu"),
                                          config.source());
    hp.normalisation = PixelNormalisation::from_json(config, PixelNormalisation{});

    const auto positive = [&](const char* key, int64_t value) {
        if (value <= 0)
            config.fail(key, "must be positive, got " + std::to_string(value));
    };
    positive("hidden_size", hp.hidden_size);
    positive("intermediate_size", hp.intermediate_size);
    positive("num_hidden_layers", hp.num_hidden_layers);
    positive("num_attention_heads", hp.num_attention_heads);
    positive("image_size", hp.image_size);
    positive("patch_size", hp.patch_size);
    positive("num_channels", hp.num_channels);
    if (hp.hidden_size % hp.num_attention_heads != 0)
        config.fail("num_attention_heads",
                    "does not divide hidden_size " + std::to_string(hp.hidden_size));
    if (hp.image_size % hp.patch_size != 0)
        config.fail("patch_size", "does not divide image_size " + std::to_string(hp.image_size));
    return hp;
}

VisionFeatureSelect VisionFeatureSelect::from_json(const io::JsonConfig& config) {
    VisionFeatureSelect select;
    select.select_layer = config.get_or<int64_t>("mm_vision_select_layer", -2);
    const auto feature = config.get_or<std::string>("mm_vision_select_feature", "patch");
    if (feature == "patch") {
        select.keep_cls = false;
    } else if (feature == "cls_patch") {
        select.keep_cls = true;
    } else {
        config.fail("mm_vision_select_feature",
                    "unsupported value '" + feature + "' (supported: patch, cls_patch)");
    }
    return select;
}

}  // namespace facellava::model
