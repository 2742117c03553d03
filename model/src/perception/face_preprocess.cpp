#include "perception/face_preprocess.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "facellava/core/error.h"
#include "perception/tf_ops.h"

namespace facellava::perception {
namespace {

void check_image(const ImageRGB& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error("face analysis got a malformed image (" + std::to_string(image.width) + "×" +
                        std::to_string(image.height) + ", " + std::to_string(image.pixels.size()) +
                        " bytes)",
                    "", "decode the frame again; it must hold width·height·3 RGB bytes");
}

// Samples `crop` of the image placed at (offset_x, offset_y) inside a zero
// square of side `side`, resized to out×out with TF's legacy bilinear rule →
// [3,out,out] pixel values, or with `mean` those normalised as
// normalize_input() does (in the same pass, with the same bits: the detector
// input took 0.9 of its 2.4 ms in normalize_input's five tensor passes).
// Interpolates in double and rounds once to float32, as TF.js's CPU
// resizeBilinear does.
torch::Tensor sample_square(const ImageRGB& image, const CropRect& crop, int side, int offset_x,
                            int offset_y, int out, const float* mean = nullptr) {
    const LegacyResizeAxis axis = legacy_resize_axis(side, out);
    // Source row/column of the padded square → image row/column, or −1 in the padding.
    const auto image_row = [&](int64_t sy) {
        const int64_t y = sy - offset_y;
        return y >= 0 && y < crop.height ? crop.y + y : -1;
    };
    const auto image_col = [&](int64_t sx) {
        const int64_t x = sx - offset_x;
        return x >= 0 && x < crop.width ? crop.x + x : -1;
    };
    // Byte offsets of each output column's two source pixels in a row, or −1.
    std::vector<int64_t> col_lo(static_cast<size_t>(out)), col_hi(static_cast<size_t>(out));
    for (int c = 0; c < out; ++c) {
        const int64_t lo = image_col(axis.lo[size_t(c)]), hi = image_col(axis.hi[size_t(c)]);
        col_lo[size_t(c)] = lo < 0 ? -1 : lo * 3;
        col_hi[size_t(c)] = hi < 0 ? -1 : hi * 3;
    }
    // TF.js: normalize() is a float32 subtraction; .div(255) divides in
    // double and stores float32.
    const auto store = [mean](float pixel, int ch) {
        return mean ? float(double(pixel - mean[ch]) / 255.0) : pixel;
    };

    auto result = torch::empty({3, out, out}, torch::kFloat32);
    float* dst = result.data_ptr<float>();
    const size_t plane = size_t(out) * size_t(out);
    for (int r = 0; r < out; ++r) {
        const int64_t y0 = image_row(axis.lo[size_t(r)]), y1 = image_row(axis.hi[size_t(r)]);
        const uint8_t* row0 = y0 < 0 ? nullptr : image.row(int(y0));
        const uint8_t* row1 = y1 < 0 ? nullptr : image.row(int(y1));
        const double rf = axis.frac[size_t(r)];
        float* planes[3] = {dst + size_t(r) * size_t(out), dst + plane + size_t(r) * size_t(out),
                            dst + 2 * plane + size_t(r) * size_t(out)};
        for (int c = 0; c < out; ++c) {
            const int64_t x0 = col_lo[size_t(c)], x1 = col_hi[size_t(c)];
            const double cf = axis.frac[size_t(c)];
            const auto pixel = [](const uint8_t* row, int64_t x, int ch) {
                return row && x >= 0 ? double(row[x + ch]) : 0.0;
            };
            for (int ch = 0; ch < 3; ++ch) {
                const double tl = pixel(row0, x0, ch), tr = pixel(row0, x1, ch);
                const double bl = pixel(row1, x0, ch), br = pixel(row1, x1, ch);
                const double top = tl + (tr - tl) * cf;
                const double bottom = bl + (br - bl) * cf;
                planes[ch][c] = store(float(top + (bottom - top) * rf), ch);
            }
        }
    }
    return result;
}

}  // namespace

CropRect clip_box_to_image(double x, double y, double width, double height, int image_width,
                           int image_height) {
    const double right = x + width, bottom = y + height;
    const double cx = std::max(x, 0.0), cy = std::max(y, 0.0);
    const double cw = std::min(right - cx, double(image_width) - cx);
    const double ch = std::min(bottom - cy, double(image_height) - cy);
    CropRect crop{int(std::floor(cx)), int(std::floor(cy)), int(std::floor(cw)),
                  int(std::floor(ch))};
    if (crop.empty())
        return {};
    return crop;
}

torch::Tensor normalize_input(const torch::Tensor& pixels, const float mean[3]) {
    TORCH_CHECK(pixels.dim() == 4 && pixels.size(1) == 3, "normalize_input expects [N,3,H,W], got ",
                pixels.sizes());
    const auto m =
        torch::tensor({mean[0], mean[1], mean[2]}, torch::kFloat32).reshape({1, 3, 1, 1});
    // TF.js: normalize() is a float32 subtraction; .div(255) divides in double
    // and stores float32.
    const auto centred = pixels.to(torch::kFloat32) - m;
    return (centred.to(torch::kFloat64) / 255.0).to(torch::kFloat32);
}

namespace {

// face_pixels(), normalised when `mean` is given.
torch::Tensor face_square(const ImageRGB& image, const CropRect& crop, const float* mean) {
    check_image(image);
    if (crop.empty() || crop.x < 0 || crop.y < 0 || crop.x + crop.width > image.width ||
        crop.y + crop.height > image.height)
        throw Error("face box " + std::to_string(crop.x) + "," + std::to_string(crop.y) + " " +
                        std::to_string(crop.width) + "×" + std::to_string(crop.height) +
                        " lies outside the " + std::to_string(image.width) + "×" +
                        std::to_string(image.height) + " image",
                    "", "pass a box that overlaps the image");
    // padToSquare(isCenterImage = true): Math.round(diff/2) after, the rest before.
    const int side = std::max(crop.width, crop.height);
    const int diff = side - std::min(crop.width, crop.height);
    const int before = diff - int(js_round(diff * 0.5));
    const int offset_x = crop.width < crop.height ? before : 0;
    const int offset_y = crop.height < crop.width ? before : 0;
    return sample_square(image, crop, side, offset_x, offset_y, kFaceInputSize, mean);
}

// detector_pixels(), normalised when `mean` is given.
torch::Tensor detector_square(const ImageRGB& image, int input_size, const float* mean) {
    check_image(image);
    if (input_size <= 0 || input_size % 32 != 0)
        throw Error("detector input size " + std::to_string(input_size) +
                        " is not a positive multiple of 32",
                    "", "use 416 (the default) or another multiple of 32");
    // padToSquare(isCenterImage = false): all padding at the bottom/right.
    const CropRect whole{0, 0, image.width, image.height};
    const int side = std::max(image.width, image.height);
    return sample_square(image, whole, side, 0, 0, input_size, mean).unsqueeze(0);
}

}  // namespace

torch::Tensor face_pixels(const ImageRGB& image, const CropRect& crop) {
    return face_square(image, crop, nullptr);
}

torch::Tensor face_input(const ImageRGB& image, const CropRect& crop) {
    return face_square(image, crop, kFaceMeanRgb);
}

torch::Tensor face_batch(const ImageRGB& image, const std::vector<CropRect>& crops) {
    std::vector<torch::Tensor> inputs;
    inputs.reserve(crops.size());
    for (const auto& crop : crops)
        inputs.push_back(face_input(image, crop));
    if (inputs.empty())
        return torch::empty({0, 3, kFaceInputSize, kFaceInputSize});
    return torch::stack(inputs);  // [N,3,112,112]
}

torch::Tensor detector_pixels(const ImageRGB& image, int input_size) {
    return detector_square(image, input_size, nullptr);
}

torch::Tensor detector_input(const ImageRGB& image, int input_size) {
    return detector_square(image, input_size, kDetectorMeanRgb);
}

}  // namespace facellava::perception
