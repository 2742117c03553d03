#include "vision/faceapi_feature_tower.h"

#include <string>

#include "facellava/core/error.h"
#include "perception/age_gender_net.h"
#include "perception/expression_net.h"

namespace facellava::model {
namespace {

using Hp = FaceApiFeatureHParams;

std::string shape_string(const torch::Tensor& t) {
    std::string s = "(";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + ")";
}

// Registers `tensor` on `root` under a dotted name, creating the intermediate
// (empty) modules, so named_parameters() gives the dotted name back. The
// parameter is the same tensor: moving the module moves the net's weights.
void register_nested(torch::nn::Module& root, const std::string& dotted,
                     const torch::Tensor& tensor) {
    torch::nn::Module* cur = &root;
    size_t start = 0;
    for (size_t dot = dotted.find('.'); dot != std::string::npos;
         start = dot + 1, dot = dotted.find('.', start)) {
        const std::string part = dotted.substr(start, dot - start);
        std::shared_ptr<torch::nn::Module> child;
        for (const auto& item : cur->named_children()) {
            if (item.key() == part)
                child = item.value();
        }
        if (!child)
            child = cur->register_module(part, std::make_shared<torch::nn::Module>());
        cur = child.get();
    }
    cur->register_parameter(dotted.substr(start), tensor, /*requires_grad=*/false);
}

// Loads one net, prefixing a missing or broken package file with what needs it.
template <typename Net>
Net load_net(const AssetLocator& assets) {
    try {
        return Net::load(assets.faceapi_file(Net::kManifest));
    } catch (const Error& e) {
        throw Error("the faceapi_features image tower (FaceLLaVA-Nano) needs the face-api nets: " +
                        e.brief(),
                    e.path(), e.hint());
    }
}

}  // namespace

struct FaceApiFeatureTower::Nets {
    perception::ExpressionNet expression;
    perception::AgeGenderNet age_gender;
};

FaceApiFeatureTower::FaceApiFeatureTower(const ImageTowerHParams& hp)
    : ImageTower(hp), module_(std::make_shared<torch::nn::Module>("FaceApiFeatureTower")) {}

FaceApiFeatureTower::~FaceApiFeatureTower() = default;

void FaceApiFeatureTower::load(const ImageTowerWeights& weights) {
    if (!weights.dict.empty()) {
        throw Error("the faceapi_features image tower takes no checkpoint weights", weights.source,
                    "remove the image tower weights: the tower loads the face-api package's nets");
    }
    if (nets_)
        throw Error("the faceapi_features image tower is already loaded");
    const AssetLocator assets = weights.assets ? *weights.assets : AssetLocator::from_environment();
    auto nets = std::make_unique<Nets>();
    nets->expression = load_net<perception::ExpressionNet>(assets);
    nets->age_gender = load_net<perception::AgeGenderNet>(assets);
    for (const auto& [name, tensor] : nets->expression.named_tensors())
        register_nested(*module_, "expression." + name, tensor);
    for (const auto& [name, tensor] : nets->age_gender.named_tensors())
        register_nested(*module_, "age_gender." + name, tensor);
    nets_ = std::move(nets);
}

torch::Tensor FaceApiFeatureTower::features(const torch::Tensor& pixels,
                                            const VisionFeatureSelect& select) {
    if (!nets_) {
        throw Error("the faceapi_features image tower has no weights yet", "",
                    "load the model before encoding images");
    }
    if (select.keep_cls) {
        throw Error(
            "mm_vision_select_feature 'cls_patch' does not apply to the faceapi_features "
            "tower (it has no CLS token)",
            "", "use \"patch\" (all 49 cells)");
    }
    const int64_t S = hparams().faceapi.image_size;
    if (pixels.dim() != 4 || pixels.size(1) != 3 || pixels.size(2) != S || pixels.size(3) != S) {
        throw Error("vision tower input has shape " + shape_string(pixels) + ", expected (B, 3, " +
                        std::to_string(S) + ", " + std::to_string(S) + ")",
                    "", "preprocess images to the tower's image_size");
    }
    torch::NoGradGuard frozen;
    const auto x = pixels.to(dtype());
    const auto expression = nets_->expression.grid(x);   // (B, 256, 7, 7)
    const auto age_gender = nets_->age_gender.grid(x);   // (B, 512, 7, 7)
    auto cur = torch::cat({expression, age_gender}, 1);  // (B, 768, 7, 7)
    // (B, 768, 7, 7) → (B, 768, 49) → (B, 49, 768), cells row-major
    return cur.flatten(2).transpose(1, 2).contiguous();
}

}  // namespace facellava::model
