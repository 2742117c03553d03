// Face-LLaVA's square face crop, reproducing the authors' tools/crop_face.py
// (margin 0) including its integer truncation and its clip to W − 1 / H − 1.
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

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
    // Python: avg = (w + h) / 2; start = int(max(0, x)); end = int(min(x + avg, W - 1)).
    const double side = (double(box.w) + double(box.h)) / 2.0;
    const double start_x = std::trunc(std::max(0.0, double(box.x)));
    const double start_y = std::trunc(std::max(0.0, double(box.y)));
    const double end_x = std::trunc(std::min(double(box.x) + side, double(image.width - 1)));
    const double end_y = std::trunc(std::min(double(box.y) + side, double(image.height - 1)));
    if (end_x <= start_x || end_y <= start_y) {
        throw Error("face box lies outside the " + std::to_string(image.width) + "x" +
                    std::to_string(image.height) + " image");
    }
    FaceCrop crop;
    crop.out_size = out_size;
    crop.x0 = int(start_x);
    crop.y0 = int(start_y);
    crop.width = int(end_x - start_x);
    crop.height = int(end_y - start_y);
    crop.scale_x = float(out_size) / float(crop.width);
    crop.scale_y = float(out_size) / float(crop.height);
    crop.image = media::make_image(out_size, out_size);
    cv::Mat dst = media::mat_view(crop.image);
    const cv::Mat region =
        media::mat_view(image)(cv::Rect(crop.x0, crop.y0, crop.width, crop.height));
    cv::resize(region, dst, cv::Size(out_size, out_size), 0, 0,
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
