#include "perception/blazeface/blazeface_input.h"

#include <cmath>
#include <cstdint>
#include <string>

#include "facellava/core/error.h"
#include "perception/blazeface/blazeface_postprocess.h"

namespace facellava::perception::blazeface {
namespace {

// OpenCV's fixed-point bilinear warp (imgproc/src/imgwarp.cpp): source
// coordinates quantised to 1/32 pixel (INTER_BITS 5), 2×2 weights in units of
// 1/32768 (INTER_REMAP_COEF_BITS 15; with 1/32 steps they are exact products),
// taps outside the image read the constant border 0.
constexpr int kInterBits = 5;
constexpr int kInterTabSize = 1 << kInterBits;
constexpr int kCoefBits = 15;

}  // namespace

std::vector<float> letterbox_input(const ImageRGB& image) {
    if (image.empty() || image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        throw Error("BlazeFace needs a non-empty RGB image, got " + std::to_string(image.width) +
                    "x" + std::to_string(image.height));
    // image_to_tensor_converter_opencv.cc: cv::boxPoints of the letterboxed
    // ROI (angle 0: corners at centre ± size/2, in float) are mapped onto the
    // tensor's corners (0, 0)…(128, 128); warpPerspective inverts that map, so
    // tensor pixel (x, y) samples the image at x0 + x · side / 128.
    const Letterbox l = letterbox_for(image.width, image.height);
    const double x0 = double(l.center_x - 0.5f * l.side), x1 = double(l.center_x + 0.5f * l.side);
    const double y0 = double(l.center_y - 0.5f * l.side), y1 = double(l.center_y + 0.5f * l.side);
    const double step_x = (x1 - x0) / kInputSize, step_y = (y1 - y0) / kInputSize;
    // GetValueRangeTransformation(0, 255, −1, 1), applied by convertTo in float.
    const float scale = (1.0f - (-1.0f)) / (255.0f - 0.0f);
    const float offset = -1.0f - 0.0f * scale;

    std::vector<float> out(size_t(kInputSize) * kInputSize * 3);
    const auto tap = [&](int x, int y, int c) -> int {
        if (x < 0 || y < 0 || x >= image.width || y >= image.height)
            return 0;  // BORDER_CONSTANT, value 0
        return image.row(y)[size_t(x) * 3 + size_t(c)];
    };
    for (int y = 0; y < kInputSize; ++y) {
        // lrint: saturate_cast<int>(double) rounds to nearest, ties to even.
        const long fy_fixed = std::lrint((y0 + step_y * y) * kInterTabSize);
        const int iy = int(fy_fixed >> kInterBits);  // arithmetic shift: floor
        const int fy = int(fy_fixed & (kInterTabSize - 1));
        for (int x = 0; x < kInputSize; ++x) {
            const long fx_fixed = std::lrint((x0 + step_x * x) * kInterTabSize);
            const int ix = int(fx_fixed >> kInterBits);
            const int fx = int(fx_fixed & (kInterTabSize - 1));
            const int w00 = (kInterTabSize - fx) * (kInterTabSize - fy) * 32;
            const int w01 = fx * (kInterTabSize - fy) * 32;
            const int w10 = (kInterTabSize - fx) * fy * 32;
            const int w11 = fx * fy * 32;
            for (int c = 0; c < 3; ++c) {
                const int sum = w00 * tap(ix, iy, c) + w01 * tap(ix + 1, iy, c) +
                                w10 * tap(ix, iy + 1, c) + w11 * tap(ix + 1, iy + 1, c);
                const int value = (sum + (1 << (kCoefBits - 1))) >> kCoefBits;  // 0…255
                out[(size_t(y) * kInputSize + size_t(x)) * 3 + size_t(c)] =
                    float(value) * scale + offset;
            }
        }
    }
    return out;
}

}  // namespace facellava::perception::blazeface
