// The face-api "FaceFeatureExtractor" shared by the expression and the
// 68-landmark nets (each with its own weights): four dense blocks
// (32, 64, 128, 256 channels; 112 → 56 → 28 → 14 → 7) and a 7×7 average pool.
// grid() is the map before the pool (the FaceLLaVA-Nano tower's features).
//
// Thread-safety: immutable after load(); forward() may run concurrently.
#pragma once

#include <array>
#include <string>

#include "perception/tf_ops.h"
#include "torch_pch.h"

namespace facellava::perception {

// face-api denseBlock4: every conv after conv0 sees the ReLU of the sum of all
// earlier outputs of the block (a DenseNet-style block with additions).
struct DenseBlock {
    bool first = false;                 // dense0 starts with a regular conv, not a separable one
    Conv conv0_regular;                 // dense0/conv0: 3×3 s2 conv + bias
    SeparableConv conv0;                // denseK/conv0 (K > 0): separable s2
    SeparableConv conv1, conv2, conv3;  // separable s1

    torch::Tensor forward(const torch::Tensor& x) const;
};

class DenseFeatureExtractor {
  public:
    // Takes dense0..dense3 from the weights (names as in the manifest).
    static DenseFeatureExtractor load(TfjsWeights& weights);

    // x [N,3,112,112] normalised input → bottleneck features [N,256]
    // (= pool(grid(x))).
    torch::Tensor forward(const torch::Tensor& x) const;
    // x [N,3,112,112] → the last dense block's output [N,256,7,7], before the pool.
    torch::Tensor grid(const torch::Tensor& x) const;
    // tf.avgPool(grid, [7,7], [2,2], 'valid'): [N,256,7,7] → [N,256].
    static torch::Tensor pool(const torch::Tensor& grid);

    // Every weight as "denseK.convJ.<field>" (see append_tensors).
    void append_tensors(NamedTensorList& out, const std::string& prefix) const;

    static constexpr int64_t kFeatures = 256;

  private:
    std::array<DenseBlock, 4> blocks_;
};

}  // namespace facellava::perception
