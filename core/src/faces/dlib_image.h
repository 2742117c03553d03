// ImageRGB → dlib image. Private to core/src/faces.
#pragma once

#include <dlib/array2d.h>
#include <dlib/pixel.h>
#include <cstddef>

#include "facellava/core/image.h"

namespace facellava::faces {

// A copy as dlib's RGB image: the pixel type Python's dlib uses for numpy RGB
// arrays, so HOG features (max gradient over the colour channels) and shape
// predictor intensities match what Python users get.
dlib::array2d<dlib::rgb_pixel> to_dlib_rgb(const ImageRGB& image);

}  // namespace facellava::faces
