#include "vision/image_tower.h"

#include <filesystem>

#include "facellava/core/error.h"
#include "vision/faceapi_feature_tower.h"

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

// A CLIP / LanguageBind ViT: weights from the tower checkpoint, features =
// the selected hidden state.
class ClipImageTower final : public ImageTower {
  public:
    explicit ClipImageTower(const ImageTowerHParams& hp)
        : ImageTower(hp), tower_(ClipVisionTower(hp.clip)) {}

    void load(const ImageTowerWeights& weights) override {
        io::load_into_module(
            *tower_, clip_tower_dict(weights.dict, weights.source, weights.lora, "image tower"),
            weights.source, /*strict=*/true);
    }
    torch::Tensor features(const torch::Tensor& pixels,
                           const VisionFeatureSelect& select) override {
        torch::NoGradGuard frozen;
        return tower_->features(pixels, select);  // (B, g², D) or (B, 1 + g², D)
    }
    torch::nn::Module& module() override { return *tower_; }

  private:
    ClipVisionTower tower_;
};

}  // namespace

PixelNormalisation FaceApiFeatureHParams::faceapi_normalisation() {
    PixelNormalisation norm;
    // perception::kFaceMeanRgb, written out: the vision layer does not depend
    // on the perception headers.
    norm.mean = {float(122.782 / 255.0), float(117.001 / 255.0), float(104.298 / 255.0)};
    norm.std = {1.0f, 1.0f, 1.0f};
    return norm;
}

FaceApiFeatureHParams FaceApiFeatureHParams::from_json(const io::JsonConfig& config) {
    FaceApiFeatureHParams hp;
    hp.image_size = config.get_or<int64_t>("image_size", kImageSize);
    if (hp.image_size != kImageSize) {
        config.fail("image_size", "the faceapi_features tower takes " + std::to_string(kImageSize) +
                                      " px faces, got " + std::to_string(hp.image_size));
    }
    hp.hidden_size = config.get_or<int64_t>("hidden_size", kHiddenSize);
    if (hp.hidden_size != kHiddenSize) {
        config.fail("hidden_size", "the faceapi_features tower gives " +
                                       std::to_string(kExpressionChannels) + " + " +
                                       std::to_string(kAgeGenderChannels) + " = " +
                                       std::to_string(kHiddenSize) + " features per cell, got " +
                                       std::to_string(hp.hidden_size));
    }
    hp.normalisation = PixelNormalisation::from_json(config, faceapi_normalisation());
    return hp;
}

int64_t ImageTowerHParams::image_size() const {
    return is_faceapi() ? faceapi.image_size : clip.image_size;
}

int64_t ImageTowerHParams::hidden_size() const {
    return is_faceapi() ? faceapi.hidden_size : clip.hidden_size;
}

const PixelNormalisation& ImageTowerHParams::normalisation() const {
    return is_faceapi() ? faceapi.normalisation : clip.normalisation;
}

int64_t ImageTowerHParams::tokens_per_image(const VisionFeatureSelect& select) const {
    if (is_faceapi())
        return faceapi.num_cells();
    return clip.num_patches() + (select.keep_cls ? 1 : 0);
}

ImageTowerHParams ImageTowerHParams::from_json(const io::JsonConfig& tower_config) {
    ImageTowerHParams hp;
    if (tower_config.get_or<std::string>("model_type", "") == kFaceApiTowerModelType) {
        hp.kind = ImageTowerKind::FaceApiFeatures;
        hp.faceapi = FaceApiFeatureHParams::from_json(tower_config);
    } else {
        hp.kind = ImageTowerKind::Clip;
        hp.clip = ClipVisionHParams::from_json(tower_config);
    }
    return hp;
}

bool config_uses_faceapi_tower(const io::Json& config) {
    const auto named = config.find("mm_image_tower");
    if (named != config.end() && named->is_string() && *named == kFaceApiTowerName)
        return true;
    const auto embedded = config.find("image_tower_config");
    if (embedded == config.end() || !embedded->is_object())
        return false;
    const auto type = embedded->find("model_type");
    return type != embedded->end() && type->is_string() && *type == kFaceApiTowerModelType;
}

torch::Dtype ImageTower::dtype() {
    for (const auto& p : module().parameters())
        return p.scalar_type();
    return torch::kFloat32;
}

std::unique_ptr<ImageTower> make_image_tower(const ImageTowerHParams& hp) {
    switch (hp.kind) {
        case ImageTowerKind::Clip:
            return std::make_unique<ClipImageTower>(hp);
        case ImageTowerKind::FaceApiFeatures:
            return std::make_unique<FaceApiFeatureTower>(hp);
    }
    return nullptr;  // unreachable: the enum is exhaustive
}

io::StateDict clip_tower_dict(io::StateDict dict, const std::string& source,
                              const std::optional<io::LoraConfig>& lora, const std::string& what) {
    if (dict.empty()) {
        throw Error("no weights for the " + what, source,
                    "put the tower checkpoint next to the model (see docs/MODELS.md)");
    }
    if (io::has_lora_keys(dict)) {
        if (!lora) {
            throw Error(
                "tower checkpoint has LoRA weights but no adapter_config.json (lora_alpha, r)",
                source, "put the adapter_config.json of the LoRA next to the tower weights");
        }
        io::merge_lora(dict, *lora, source);
    }
    // A LanguageBind repo's weights also hold its text encoder: those keys
    // are skipped by name; anything else outside vision_model.* is an error,
    // listed in full, as a strict load would.
    std::vector<std::string> foreign;
    for (const auto& [key, tensor] : dict) {
        if (key.rfind("vision_model.", 0) != 0 && !is_unused_tower_repo_key(key))
            foreign.push_back(key);
    }
    if (!foreign.empty()) {
        std::string list;
        for (const auto& key : foreign)
            list += " " + key;
        throw Error("the " + what + " checkpoint has " + std::to_string(foreign.size()) +
                        " unexpected keys:" + list,
                    source, "use a CLIP / LanguageBind vision tower checkpoint");
    }
    auto stripped = io::with_prefix_stripped(dict, "vision_model.");
    if (stripped.empty()) {
        throw Error("tower checkpoint has no 'vision_model.' keys", source,
                    "use a CLIP / LanguageBind vision tower checkpoint");
    }
    return stripped;
}

bool is_unused_tower_repo_key(const std::string& key) {
    return key.rfind("text_model.", 0) == 0 || key.rfind("visual_projection.", 0) == 0 ||
           key.rfind("text_projection.", 0) == 0 || key == "logit_scale";
}

std::optional<io::LoraConfig> tower_lora_config(const std::string& tower_path) {
    const fs::path file = fs::path(tower_path) / "adapter_config.json";
    if (!fs::is_directory(tower_path) || !fs::exists(file))
        return std::nullopt;
    return io::LoraConfig::from_json(
        io::JsonConfig(io::read_json_file(file.string()), file.string()));
}

}  // namespace facellava::model
