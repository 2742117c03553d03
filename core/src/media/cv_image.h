// Zero-copy bridges between facellava::ImageRGB and cv::Mat. Private to core.
#pragma once

#include <cstddef>
#include <opencv2/core.hpp>

#include "facellava/core/image.h"
#include "facellava/core/media.h"

namespace facellava::media {

// Throws facellava::Error when the pixel buffer does not hold width × height × 3
// bytes (an ImageRGB put together by hand), so OpenCV never reads past it.
void check_image(const ImageRGB& image, const char* what);

// An ImageRGB of the given size with uninitialised pixels.
ImageRGB make_image(int width, int height);

// CV_8UC3 headers over the image's own pixels (RGB order, no copy). The const
// overload must only be read from.
cv::Mat mat_view(ImageRGB& image);
cv::Mat mat_view(const ImageRGB& image);

// OpenCV's flag for our interpolation mode.
int cv_interpolation(Interpolation interpolation);

// A copy of an 8-bit BGR Mat (OpenCV's channel order) as RGB.
ImageRGB image_from_bgr(const cv::Mat& bgr);

}  // namespace facellava::media
