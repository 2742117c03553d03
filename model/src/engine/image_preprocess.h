// Pixels → the tensors the vision towers expect (FACELLAVA_SPEC §6).
//   image: optional pad to square with the mean colour, short side to S
//          (bicubic, antialiased like PIL), centre crop S, /255, normalise with
//          the tower's image_mean / image_std (CLIP's by default; the face-api
//          tower's (x − mean/255) / 1 at S = 112);
//   video: per frame /255, normalise, short side to S (bilinear), centre crop
//          (the authors normalise before resizing; kept as is).
// Differences from the Python pipeline: PIL's bicubic uses a = −0.5 and
// LibTorch's a = −0.75, so resized pixels differ slightly (< 1 grey level on
// typical face crops); tensors given directly (as in the fixtures) are exact.
#pragma once

#include <vector>

#include "facellava/core/image.h"
#include "torch_pch.h"
#include "vision/clip_hparams.h"

namespace facellava::model {

// CLIP's values by default; towers carry theirs (ImageTowerHParams::normalisation()).
using ClipNormalisation = PixelNormalisation;

// (3, S, S) float32. pad_to_square: LLaVA's image_aspect_ratio == "pad".
torch::Tensor preprocess_image(const ImageRGB& image, int64_t size, bool pad_to_square,
                               const PixelNormalisation& norm = {});
// (3, T, S, S) float32 from T frames.
torch::Tensor preprocess_video(const std::vector<ImageRGB>& frames, int64_t size,
                               const PixelNormalisation& norm = {});

// (H, W, 3) uint8 → (3, H, W) float32 in [0, 255].
torch::Tensor image_to_chw_float(const ImageRGB& image);

}  // namespace facellava::model
