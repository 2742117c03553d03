// Pixels → the tensors the vision towers expect (FACELLAVA_SPEC §6).
//   image: optional pad to square with the CLIP mean colour, short side to S
//          (bicubic, antialiased like PIL), centre crop S, /255, CLIP normalise;
//   video: per frame /255, normalise, short side to S (bilinear), centre crop
//          (the authors normalise before resizing; kept as is).
// Differences from the Python pipeline: PIL's bicubic uses a = −0.5 and
// LibTorch's a = −0.75, so resized pixels differ slightly (< 1 grey level on
// typical face crops); tensors given directly (as in the fixtures) are exact.
#pragma once

#include <vector>

#include "facellava/core/image.h"
#include "torch_pch.h"

namespace facellava::model {

struct ClipNormalisation {
    float mean[3] = {0.48145466f, 0.4578275f, 0.40821073f};
    float std[3] = {0.26862954f, 0.26130258f, 0.27577711f};
};

// (3, S, S) float32. pad_to_square: LLaVA's image_aspect_ratio == "pad".
torch::Tensor preprocess_image(const ImageRGB& image, int64_t size, bool pad_to_square,
                               const ClipNormalisation& norm = {});
// (3, T, S, S) float32 from T frames.
torch::Tensor preprocess_video(const std::vector<ImageRGB>& frames, int64_t size,
                               const ClipNormalisation& norm = {});

// (H, W, 3) uint8 → (3, H, W) float32 in [0, 255].
torch::Tensor image_to_chw_float(const ImageRGB& image);

}  // namespace facellava::model
