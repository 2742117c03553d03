// Face-LLaVA's square face crop, reproducing the authors' tools/crop_face.py
// (margin 0) including its integer truncation and its clip to W − 1 / H − 1.
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "facellava/core/authors_crop.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "media/cv_image.h"

namespace facellava {
std::array<float, 2> FaceCrop::to_crop(float x, float y) const {
    return {(x - float(x0) + 0.5f) * scale_x - 0.5f, (y - float(y0) + 0.5f) * scale_y - 0.5f};
}

FaceCrop crop_face_square(const ImageRGB& image, const FaceBox& box, int out_size,
                          Interpolation interpolation) {
    media::check_image(image, "cannot crop face");
    if (out_size < 1 || out_size > 4096) {
        throw Error("face crop size must be 1 to 4096, got " + std::to_string(out_size));
    }
    if (!(box.w > 0) || !(box.h > 0))
        throw Error("face box has no area");
    const auto region = authors_crop_region(box, image.width, image.height);
    if (!region) {
        throw Error("face box lies outside the " + std::to_string(image.width) + "x" +
                    std::to_string(image.height) + " image");
    }
    FaceCrop crop;
    crop.out_size = out_size;
    crop.x0 = region->x0;
    crop.y0 = region->y0;
    crop.width = region->width();
    crop.height = region->height();
    crop.scale_x = float(out_size) / float(crop.width);
    crop.scale_y = float(out_size) / float(crop.height);
    crop.image = media::make_image(out_size, out_size);
    cv::Mat dst = media::mat_view(crop.image);
    const cv::Mat source =
        media::mat_view(image)(cv::Rect(crop.x0, crop.y0, crop.width, crop.height));
    cv::resize(source, dst, cv::Size(out_size, out_size), 0, 0,
               media::cv_interpolation(interpolation));
    return crop;
}

std::array<float, 136> landmarks_in_crop_normalised(const Landmarks68& landmarks,
                                                    const FaceCrop& crop) {
    if (crop.out_size <= 0)
        throw Error("face crop is empty");
    std::array<float, 136> out{};
    const float inv = 1.0f / float(crop.out_size);
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        const auto p = crop.to_crop(landmarks.x(i), landmarks.y(i));
        out[2 * i] = p[0] * inv;
        out[2 * i + 1] = p[1] * inv;
    }
    return out;
}

}  // namespace facellava
