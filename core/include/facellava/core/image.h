// An 8-bit RGB image in row-major, interleaved (HWC) layout: the currency
// between media decoding (core/media), face detection (core/faces) and the
// perception nets (model/perception).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace facellava {

struct ImageRGB {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 3 bytes, R G B

    bool empty() const { return width <= 0 || height <= 0; }
    const uint8_t* row(int y) const { return pixels.data() + size_t(y) * size_t(width) * 3; }
    uint8_t* row(int y) { return pixels.data() + size_t(y) * size_t(width) * 3; }
};

}  // namespace facellava
