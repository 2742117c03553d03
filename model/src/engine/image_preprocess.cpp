#include "engine/image_preprocess.h"

#include "facellava/core/error.h"

namespace facellava::model {
namespace F = torch::nn::functional;
namespace {

void check_image(const ImageRGB& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3) {
        throw Error("empty or malformed image given to the vision preprocessing", "",
                    "decode the image again; it has no pixels");
    }
}

// Short side to `size`, keeping the aspect ratio (rounded like PIL/torchvision).
torch::Tensor resize_short_side(const torch::Tensor& chw, int64_t size, bool bicubic) {
    const int64_t h = chw.size(1), w = chw.size(2);
    const int64_t new_h = h <= w ? size : int64_t(double(h) * double(size) / double(w));
    const int64_t new_w = h <= w ? int64_t(double(w) * double(size) / double(h)) : size;
    F::InterpolateFuncOptions::mode_t mode = torch::kBilinear;
    if (bicubic)
        mode = torch::kBicubic;
    auto options = F::InterpolateFuncOptions()
                       .size(std::vector<int64_t>{new_h, new_w})
                       .mode(mode)
                       .align_corners(false)
                       .antialias(bicubic);
    return F::interpolate(chw.unsqueeze(0), options).squeeze(0);
}

torch::Tensor centre_crop(const torch::Tensor& chw, int64_t size) {
    const int64_t h = chw.size(1), w = chw.size(2);
    const int64_t top = std::max<int64_t>(0, (h - size) / 2),
                  left = std::max<int64_t>(0, (w - size) / 2);
    return chw.slice(1, top, top + size).slice(2, left, left + size);
}

torch::Tensor normalise(const torch::Tensor& chw01, const PixelNormalisation& norm) {
    auto mean = torch::tensor({norm.mean[0], norm.mean[1], norm.mean[2]}).view({3, 1, 1});
    auto std = torch::tensor({norm.std[0], norm.std[1], norm.std[2]}).view({3, 1, 1});
    return (chw01 - mean) / std;
}

}  // namespace

torch::Tensor image_to_chw_float(const ImageRGB& image) {
    check_image(image);
    auto hwc = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()),
                                {image.height, image.width, 3}, torch::kUInt8);
    return hwc.permute({2, 0, 1}).to(torch::kFloat32).contiguous();  // (3, H, W)
}

torch::Tensor preprocess_image(const ImageRGB& image, int64_t size, bool pad_to_square,
                               const PixelNormalisation& norm) {
    auto chw = image_to_chw_float(image);
    if (pad_to_square && chw.size(1) != chw.size(2)) {
        // LLaVA's expand2square: the image centred on a square of the mean colour.
        const int64_t h = chw.size(1), w = chw.size(2), side = std::max(h, w);
        auto canvas = torch::empty({3, side, side});
        for (int c = 0; c < 3; ++c)
            canvas[c].fill_(std::floor(norm.mean[c] * 255.0f));
        const int64_t top = (side - h) / 2, left = (side - w) / 2;
        canvas.slice(1, top, top + h).slice(2, left, left + w).copy_(chw);
        chw = canvas;
    }
    auto resized = centre_crop(resize_short_side(chw, size, /*bicubic=*/true), size);
    // PIL rounds and clamps resized pixels to 8 bits before normalising.
    resized = resized.round().clamp(0, 255);
    return normalise(resized / 255.0f, norm).contiguous();
}

torch::Tensor preprocess_video(const std::vector<ImageRGB>& frames, int64_t size,
                               const PixelNormalisation& norm) {
    if (frames.empty())
        throw Error("a video needs at least one frame", "", "sample frames from the video first");
    std::vector<torch::Tensor> out;
    for (const auto& frame : frames) {
        auto normalised = normalise(image_to_chw_float(frame) / 255.0f, norm);
        out.push_back(centre_crop(resize_short_side(normalised, size, /*bicubic=*/false), size));
    }
    return torch::stack(out, 1).contiguous();  // (3, T, S, S)
}

}  // namespace facellava::model
