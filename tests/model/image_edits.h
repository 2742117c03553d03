// Edited copies of a photo for the perception tests: a region cut out,
// mirrored, recoloured. Plain loops, so what a test feeds the nets is plain.
#pragma once

#include <algorithm>
#include <cmath>

#include "facellava/core/image.h"

namespace facellava::test_images {

// The part of [x0, x1) × [y0, y1) inside the image.
inline ImageRGB sub_image(const ImageRGB& image, int x0, int y0, int x1, int y1) {
    x0 = std::max(x0, 0), y0 = std::max(y0, 0);
    x1 = std::min(x1, image.width), y1 = std::min(y1, image.height);
    ImageRGB out;
    out.width = x1 - x0;
    out.height = y1 - y0;
    out.pixels.resize(size_t(out.width) * size_t(out.height) * 3);
    for (int y = y0; y < y1; ++y)
        std::copy(image.row(y) + 3 * x0, image.row(y) + 3 * x1, out.row(y - y0));
    return out;
}

// Mirrored left-right.
inline ImageRGB flipped(const ImageRGB& image) {
    ImageRGB out = image;
    for (int y = 0; y < image.height; ++y)
        for (int x = 0; x < image.width; ++x)
            std::copy_n(image.row(y) + 3 * (image.width - 1 - x), 3, out.row(y) + 3 * x);
    return out;
}

// Gamma 1.5, saturation 0.3, red lifted: a strong colour cast.
inline ImageRGB recoloured(const ImageRGB& image) {
    ImageRGB out = image;
    for (size_t i = 0; i < out.pixels.size(); i += 3) {
        double c[3];
        for (int k = 0; k < 3; ++k)
            c[k] = std::pow(image.pixels[i + size_t(k)] / 255.0, 1 / 1.5);
        const double grey = 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];
        for (int k = 0; k < 3; ++k) {
            const double v = grey + 0.3 * (c[k] - grey) + (k == 0 ? 0.08 : 0.0);
            out.pixels[i + size_t(k)] = uint8_t(std::clamp(v * 255.0 + 0.5, 0.0, 255.0));
        }
    }
    return out;
}

}  // namespace facellava::test_images
