// Geometric operations on ImageRGB, done by OpenCV in place of hand-written
// loops so results match cv2 in the authors' Python tools.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "media/cv_image.h"

namespace facellava {
ImageRGB resize_image(const ImageRGB& image, int width, int height, Interpolation interpolation) {
    media::check_image(image, "cannot resize image");
    // 2^28 pixels (768 MB) is far beyond any use here and keeps sizes in int.
    if (width < 1 || height < 1 || int64_t(width) * height > (int64_t(1) << 28)) {
        throw Error("invalid resize target " + std::to_string(width) + "x" +
                    std::to_string(height));
    }
    ImageRGB out = media::make_image(width, height);
    cv::Mat dst = media::mat_view(out);  // preallocated: cv::resize writes into it
    cv::resize(media::mat_view(image), dst, cv::Size(width, height), 0, 0,
               media::cv_interpolation(interpolation));
    return out;
}

ImageRGB rotate_image_clockwise(const ImageRGB& image, int degrees) {
    media::check_image(image, "cannot rotate image");
    const int normalised = ((degrees % 360) + 360) % 360;
    if (normalised == 0)
        return image;
    if (normalised % 90 != 0) {
        throw Error("rotation must be a multiple of 90 degrees, got " + std::to_string(degrees));
    }
    const bool swap = normalised != 180;
    ImageRGB out =
        media::make_image(swap ? image.height : image.width, swap ? image.width : image.height);
    cv::Mat dst = media::mat_view(out);
    const int code = normalised == 90    ? cv::ROTATE_90_CLOCKWISE
                     : normalised == 180 ? cv::ROTATE_180
                                         : cv::ROTATE_90_COUNTERCLOCKWISE;
    cv::rotate(media::mat_view(image), dst, code);
    return out;
}

}  // namespace facellava
