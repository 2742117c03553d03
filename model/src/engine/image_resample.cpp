#include "engine/image_resample.h"

#include <cmath>

#include "facellava/core/error.h"

namespace facellava::model {
namespace F = torch::nn::functional;

ResizedSize torchvision_short_side(int64_t height, int64_t width, int64_t size) {
    const bool tall = width <= height;
    const int64_t shorter = tall ? width : height, longer = tall ? height : width;
    // Python: int(size * long / short): exact integer product, one rounded division.
    const auto new_long = int64_t(double(size * longer) / double(shorter));
    return tall ? ResizedSize{new_long, size} : ResizedSize{size, new_long};
}

ResizedSize pytorchvideo_short_side(int64_t height, int64_t width, int64_t size) {
    if (width < height)
        return {int64_t(std::floor(double(height) / double(width) * double(size))), size};
    return {size, int64_t(std::floor(double(width) / double(height) * double(size)))};
}

int64_t centre_crop_offset(int64_t length, int64_t crop) {
    // (length − crop) / 2 is a whole or a half number; nearbyint in the
    // default rounding mode is Python's round (half to even).
    return int64_t(std::nearbyint(double(length - crop) / 2.0));
}

torch::Tensor centre_crop(const torch::Tensor& t, int64_t size) {
    const int64_t h = t.size(-2), w = t.size(-1);
    if (h < size || w < size) {
        throw Error("cannot centre-crop " + std::to_string(h) + "x" + std::to_string(w) + " to " +
                        std::to_string(size),
                    "", "resize the short side to the crop size first");
    }
    const int64_t top = centre_crop_offset(h, size), left = centre_crop_offset(w, size);
    return t.narrow(-2, top, size).narrow(-1, left, size);
}

torch::Tensor resize_bicubic_antialiased(const torch::Tensor& chw, ResizedSize size) {
    if (chw.size(1) == size.height && chw.size(2) == size.width)
        return chw;
    // LibTorch's own antialiased bicubic is the kernel torchvision calls.
    auto options = F::InterpolateFuncOptions()
                       .size(std::vector<int64_t>{size.height, size.width})
                       .mode(torch::kBicubic)
                       .align_corners(false)
                       .antialias(true);
    return F::interpolate(chw.unsqueeze(0), options).squeeze(0);
}

torch::Tensor resize_bilinear(const torch::Tensor& planes, ResizedSize size) {
    auto options = F::InterpolateFuncOptions()
                       .size(std::vector<int64_t>{size.height, size.width})
                       .mode(torch::kBilinear)
                       .align_corners(false);
    return F::interpolate(planes.unsqueeze(0), options).squeeze(0);
}

torch::Tensor expand_to_square(const torch::Tensor& chw_u8, const std::array<uint8_t, 3>& fill) {
    const int64_t h = chw_u8.size(1), w = chw_u8.size(2);
    if (h == w)
        return chw_u8;
    const int64_t side = std::max(h, w);
    auto canvas = torch::empty({3, side, side}, chw_u8.options());
    for (int64_t c = 0; c < 3; ++c)
        canvas[c].fill_(int64_t(fill[size_t(c)]));
    const int64_t top = (side - h) / 2, left = (side - w) / 2;
    canvas.narrow(1, top, h).narrow(2, left, w).copy_(chw_u8);
    return canvas;
}

}  // namespace facellava::model
