// The BlazeFace model's input as MediaPipe Tasks builds it on the CPU
// (ImageToTensorCalculator through the OpenCV converter): the whole image
// letterboxed into the 128 square (keep_aspect_ratio, BORDER_ZERO), sampled
// by cv::warpPerspective with INTER_LINEAR, then mapped from [0, 255] to
// [−1, 1] (the model's metadata normalisation: mean 127.5, std 127.5).
// Torch-free.
//
// Thread-safety: a pure function.
#pragma once

#include <vector>

#include "facellava/core/image.h"

namespace facellava::perception::blazeface {

// [128, 128, 3] floats, row-major HWC (the graph's NHWC input without N).
// Throws facellava::Error on an empty or malformed image.
std::vector<float> letterbox_input(const ImageRGB& image);

}  // namespace facellava::perception::blazeface
