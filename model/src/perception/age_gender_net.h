// face-api's AgeGenderNet: a mini Xception ("TinyXception", 2 middle blocks)
// on the 112 face input, global average pool, then two heads: fc/age
// (512→1, years) and fc/gender (512→2 logits, index 0 = male).
//
// Thread-safety: immutable after load(); forward()/predict() may run concurrently.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "perception/face_preprocess.h"
#include "perception/tf_ops.h"
#include "torch_pch.h"

namespace facellava::perception {

struct AgeGenderOutput {
    torch::Tensor age;            // [N] years
    torch::Tensor gender_logits;  // [N,2]; softmax index 0 = male, 1 = female
};

class AgeGenderNet {
  public:
    static constexpr const char* kManifest = "model/age_gender_model-weights_manifest.json";

    // Throws facellava::Error naming the file when it is missing or does not fit.
    static AgeGenderNet load(const std::string& manifest_path);

    // x [N,3,112,112] normalised face inputs → raw age and gender logits
    // (= heads(pool(grid(x)))).
    AgeGenderOutput forward(const torch::Tensor& x) const;
    // x [N,3,112,112] → the exit flow's ReLU'd map before the pool [N,512,7,7].
    // No inference-mode guard: the caller chooses.
    torch::Tensor grid(const torch::Tensor& x) const;
    // tf.avgPool(grid, [7,7], [2,2], 'valid'): [N,512,7,7] → [N,512].
    static torch::Tensor pool(const torch::Tensor& grid);
    // Pooled features [N,512] → the age and gender heads.
    AgeGenderOutput heads(const torch::Tensor& features) const;
    // Every weight under its face-api name with '/' → '.' (e.g.
    // "entry_flow.conv_in.weight", "fc.age.bias").
    NamedTensorList named_tensors() const;

    static constexpr int64_t kFeatures = 512;
    // The same for crops of an RGB image.
    AgeGenderOutput predict(const ImageRGB& image, const std::vector<CropRect>& crops) const;

  private:
    // Xception reduction block: main path [ReLU] sep-conv, ReLU, sep-conv,
    // max-pool 3×3 s2; shortcut 1×1 s2 conv on the block input; summed.
    struct ReductionBlock {
        bool activate_input = true;  // false for the first block (input is already ReLU'd)
        SeparableConv separable_conv0, separable_conv1;
        Conv expansion_conv;
        torch::Tensor forward(const torch::Tensor& x) const;
    };
    // Xception middle block: 3× (ReLU, sep-conv) + identity.
    struct MainBlock {
        std::array<SeparableConv, 3> separable_convs;
        torch::Tensor forward(const torch::Tensor& x) const;
    };

    Conv conv_in_;                         // entry_flow/conv_in: 3×3 s2, 3→32
    std::array<ReductionBlock, 2> entry_;  // 32→64, 64→128
    std::array<MainBlock, 2> middle_;      // 128
    ReductionBlock exit_reduction_;        // 128→256
    SeparableConv exit_separable_;         // 256→512
    Dense fc_age_;                         // 512→1
    Dense fc_gender_;                      // 512→2
};

}  // namespace facellava::perception
