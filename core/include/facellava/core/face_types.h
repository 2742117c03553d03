// Face geometry shared by every layer (detectors, perception nets, the model's
// landmark tokens, export, the GUI overlays) without pulling in dlib.
#pragma once

#include <array>

namespace facellava {

// Axis-aligned face box in image pixels: top-left corner, width, height.
struct FaceBox {
    float x = 0;
    float y = 0;
    float w = 0;
    float h = 0;
    float score = 0;  // detector confidence; its scale depends on the detector
};

// 68 facial landmarks in iBUG 300-W order, image pixels, flattened
// x0, y0, x1, y1, … (point i is xy[2i], xy[2i+1]).
struct Landmarks68 {
    static constexpr int kPoints = 68;
    std::array<float, 136> xy{};

    float x(int i) const { return xy[2 * i]; }
    float y(int i) const { return xy[2 * i + 1]; }
};

}  // namespace facellava
