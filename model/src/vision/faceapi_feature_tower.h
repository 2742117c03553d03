// FaceLLaVA-Nano's frozen image tower (model_type "faceapi_features"): the
// pretrained face-api nets of model/src/perception run on the 112 px face and
// their maps before the global average pool become the visual tokens:
//   expression net (DenseFeatureExtractor)  → (B, 256, 7, 7)
//   age/gender net (TinyXception exit flow) → (B, 512, 7, 7)
//   concatenated per cell, cells row-major   → (B, 49, 768)
// so token r·7 + c holds [expression channels | age/gender channels] of cell
// (r, c). Pixels are normalised the face-api way, (pixel − mean RGB) / 255
// (image_mean = mean / 255, image_std = 1 on [0, 1] pixels), which makes the
// input exactly what the nets were trained on.
//
// Weights come from the face-api package through AssetLocator (the manifests
// the FaceAnalyzer loads, sha256-pinned by scripts/bootstrap.sh); they are not
// part of any Face-LLaVA checkpoint. module() registers the nets' tensors as
// frozen parameters ("expression.features.dense0.conv0.weight",
// "age_gender.entry_flow.conv_in.weight", …) so the tower moves between
// devices and dtypes like a CLIP tower.
//
// Thread-safety: as ImageTower.
#pragma once

#include <memory>

#include "torch_pch.h"
#include "vision/image_tower.h"

namespace facellava::model {

class FaceApiFeatureTower final : public ImageTower {
  public:
    explicit FaceApiFeatureTower(const ImageTowerHParams& hp);
    ~FaceApiFeatureTower() override;

    // Loads both nets from the face-api package (weights.assets, else
    // AssetLocator::from_environment()); weights.dict must be empty. Throws
    // facellava::Error naming the missing or broken file and the fix command.
    void load(const ImageTowerWeights& weights) override;
    // pixels (B, 3, 112, 112) → (B, 49, 768). select must be "patch".
    torch::Tensor features(const torch::Tensor& pixels, const VisionFeatureSelect& select) override;
    torch::nn::Module& module() override { return *module_; }
    bool loaded() const { return nets_ != nullptr; }

  private:
    struct Nets;
    std::unique_ptr<Nets> nets_;
    std::shared_ptr<torch::nn::Module> module_;
};

}  // namespace facellava::model
