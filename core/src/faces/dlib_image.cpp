#include "faces/dlib_image.h"

#include <cstring>

#include "media/cv_image.h"

namespace facellava::faces {

dlib::array2d<dlib::rgb_pixel> to_dlib_rgb(const ImageRGB& image) {
    media::check_image(image, "cannot run dlib on image");
    dlib::array2d<dlib::rgb_pixel> out(image.height, image.width);
    // rgb_pixel is three unsigned chars in R, G, B order, rows contiguous.
    static_assert(sizeof(dlib::rgb_pixel) == 3, "dlib::rgb_pixel must be packed RGB");
    for (int y = 0; y < image.height; ++y) {
        std::memcpy(&out[y][0], image.row(y), size_t(image.width) * 3);
    }
    return out;
}

}  // namespace facellava::faces
