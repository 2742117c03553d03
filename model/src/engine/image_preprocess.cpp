#include "engine/image_preprocess.h"

#include <algorithm>

#include "engine/image_resample.h"
#include "facellava/core/error.h"

namespace facellava::model {
namespace {

void check_image(const ImageRGB& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3) {
        throw Error("empty or malformed image given to the vision preprocessing", "",
                    "decode the image again; it has no pixels");
    }
}

// (H, W, 3) uint8 → (3, H, W) uint8 view-copy.
torch::Tensor image_to_chw_u8(const ImageRGB& image) {
    check_image(image);
    auto hwc = torch::from_blob(const_cast<uint8_t*>(image.pixels.data()),
                                {image.height, image.width, 3}, torch::kUInt8);
    return hwc.permute({2, 0, 1}).contiguous();
}

// torchvision Normalize / NormalizeVideo: (x − mean) / std per channel (dim 0).
torch::Tensor normalise(const torch::Tensor& x01, const PixelNormalisation& norm) {
    std::vector<int64_t> shape(size_t(x01.dim()), 1);
    shape[0] = 3;
    auto mean = torch::tensor({norm.mean[0], norm.mean[1], norm.mean[2]}).view(shape);
    auto std = torch::tensor({norm.std[0], norm.std[1], norm.std[2]}).view(shape);
    return (x01 - mean) / std;
}

// The Nano path's crop as it was trained: offsets rounded down.
torch::Tensor floor_centre_crop(const torch::Tensor& chw, int64_t size) {
    const int64_t top = (chw.size(1) - size) / 2, left = (chw.size(2) - size) / 2;
    return chw.narrow(1, top, size).narrow(2, left, size);
}

}  // namespace

torch::Tensor image_to_chw_float(const ImageRGB& image) {
    return image_to_chw_u8(image).to(torch::kFloat32);  // (3, H, W)
}

std::array<uint8_t, 3> pad_colour(const PixelNormalisation& norm) {
    std::array<uint8_t, 3> fill{};
    for (size_t c = 0; c < 3; ++c)  // Python's int() truncates; means are in [0, 1]
        fill[c] = uint8_t(std::clamp(double(norm.mean[c]) * 255.0, 0.0, 255.0));
    return fill;
}

torch::Tensor preprocess_image(const ImageRGB& image, int64_t size, bool pad_to_square,
                               const PixelNormalisation& norm, ImageResize resize) {
    auto chw = image_to_chw_u8(image);
    if (pad_to_square)
        chw = expand_to_square(chw, pad_colour(norm));  // on 8 bits, as PIL pastes
    const ResizedSize to = torchvision_short_side(chw.size(1), chw.size(2), size);
    if (resize == ImageResize::RoundTo8Bit) {
        auto resized =
            floor_centre_crop(resize_bicubic_antialiased(chw.to(torch::kFloat32), to), size);
        resized = resized.round().clamp(0, 255);
        return normalise(resized / 255.0f, norm).contiguous();
    }
    // ToTensor divides first; the resize then runs on floats in [0, 1].
    auto x = chw.to(torch::kFloat32).div(255.0f);
    x = centre_crop(resize_bicubic_antialiased(x, to), size);
    return normalise(x, norm).contiguous();
}

torch::Tensor preprocess_video(const std::vector<ImageRGB>& frames, int64_t size,
                               const PixelNormalisation& norm) {
    if (frames.empty())
        throw Error("a video needs at least one frame", "", "sample frames from the video first");
    std::vector<torch::Tensor> out;
    for (const auto& frame : frames) {
        // The authors normalise before resizing (bilinear commutes only up to rounding).
        auto x = normalise(image_to_chw_float(frame).div(255.0f), norm);
        const ResizedSize to = pytorchvideo_short_side(x.size(1), x.size(2), size);
        out.push_back(centre_crop(resize_bilinear(x, to), size));
    }
    return torch::stack(out, 1).contiguous();  // (3, T, S, S)
}

}  // namespace facellava::model
