// The geometric steps of the authors' processors, each written as the Python
// library it copies computes it (sources and line numbers: image_preprocess.h).
// Exposed separately so the tests can check every step against the reference
// values of scripts/reference/preprocess_reference.py.
#pragma once

#include <array>
#include <cstdint>

#include "torch_pch.h"

namespace facellava::model {

struct ResizedSize {
    int64_t height = 0;
    int64_t width = 0;
    bool operator==(const ResizedSize& o) const { return height == o.height && width == o.width; }
};

// torchvision.transforms.Resize(int): short side → size, long side
// int(size * long / short) (the image processor's resize).
ResizedSize torchvision_short_side(int64_t height, int64_t width, int64_t size);
// pytorchvideo ShortSideScale: long side floor((long / short) * size); the
// different operation order gives a different size for a few shapes (61×56 at
// 224: 243 here, 244 above), so the video path keeps its own.
ResizedSize pytorchvideo_short_side(int64_t height, int64_t width, int64_t size);

// torchvision's centre crop offset, int(round((length − crop) / 2)): Python's
// round goes half to even, so a 3 pixel margin starts the crop at 2, not 1.
int64_t centre_crop_offset(int64_t length, int64_t crop);
// (…, H, W) → (…, size, size) at centre_crop_offset; H, W ≥ size.
torch::Tensor centre_crop(const torch::Tensor& t, int64_t size);

// (3, H, W) float32 → (3, h, w) with torch's antialiased bicubic (Keys'
// cubic, a = −0.5, support widened by the downscale factor: Pillow's filter),
// on floats with no clamping, as torchvision's Resize runs on a float tensor.
// Returns the input when the size is unchanged (torchvision skips the call).
torch::Tensor resize_bicubic_antialiased(const torch::Tensor& chw, ResizedSize size);
// (N, H, W) float32 → (N, h, w) with torch's bilinear, align_corners = false,
// no antialias (pytorchvideo's short_side_scale).
torch::Tensor resize_bilinear(const torch::Tensor& planes, ResizedSize size);

// LLaVA's expand2square on 8-bit pixels: (3, H, W) uint8 centred on a square
// of `fill` (top/left offset (long − short) // 2).
torch::Tensor expand_to_square(const torch::Tensor& chw_u8, const std::array<uint8_t, 3>& fill);

}  // namespace facellava::model
