#include "media/cv_image.h"

#include <opencv2/imgproc.hpp>

#include "facellava/core/error.h"

namespace facellava::media {

void check_image(const ImageRGB& image, const char* what) {
    if (image.empty())
        throw Error(std::string(what) + ": the image is empty");
    if (image.pixels.size() != size_t(image.width) * size_t(image.height) * 3) {
        throw Error(std::string(what) + ": the image's pixel buffer does not match its " +
                    std::to_string(image.width) + "x" + std::to_string(image.height) + " size");
    }
}

ImageRGB make_image(int width, int height) {
    ImageRGB image;
    image.width = width;
    image.height = height;
    image.pixels.resize(size_t(width) * size_t(height) * 3);
    return image;
}

cv::Mat mat_view(ImageRGB& image) {
    return cv::Mat(image.height, image.width, CV_8UC3, image.pixels.data());
}

cv::Mat mat_view(const ImageRGB& image) {
    // cv::Mat has no read-only header; callers only pass it as an input array.
    return cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
}

int cv_interpolation(Interpolation interpolation) {
    switch (interpolation) {
        case Interpolation::Bilinear:
            return cv::INTER_LINEAR;
        case Interpolation::Bicubic:
            return cv::INTER_CUBIC;
        case Interpolation::Area:
            return cv::INTER_AREA;
    }
    throw Error("unknown interpolation mode " + std::to_string(static_cast<int>(interpolation)));
}

ImageRGB image_from_bgr(const cv::Mat& bgr) {
    ImageRGB image = make_image(bgr.cols, bgr.rows);
    cv::Mat out = mat_view(image);
    cv::cvtColor(bgr, out, cv::COLOR_BGR2RGB);
    return image;
}

}  // namespace facellava::media
