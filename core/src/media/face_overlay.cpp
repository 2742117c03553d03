#include "facellava/core/face_overlay.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

#include "media/cv_image.h"

namespace facellava {

std::array<uint8_t, 3> face_overlay_colour(int face_id) {
    // Well-separated hues (Tableau 10), cycled.
    static constexpr std::array<std::array<uint8_t, 3>, 8> kColours{{{31, 119, 180},
                                                                     {255, 127, 14},
                                                                     {44, 160, 44},
                                                                     {214, 39, 40},
                                                                     {148, 103, 189},
                                                                     {140, 86, 75},
                                                                     {227, 119, 194},
                                                                     {188, 189, 34}}};
    return kColours[size_t(std::max(0, face_id)) % kColours.size()];
}

void draw_face_overlay(ImageRGB& image, const FaceBox& box, const Landmarks68* landmarks,
                       const std::string& caption, const std::array<uint8_t, 3>& colour) {
    media::check_image(image, "cannot draw the face overlay");
    cv::Mat mat = media::mat_view(image);  // RGB order, so the colour goes in as given
    const cv::Scalar ink(colour[0], colour[1], colour[2]);
    // 2 px on a 640-px frame, more on larger ones.
    const int thickness =
        std::max(2, int(std::lround(std::min(image.width, image.height) / 320.0)));
    const cv::Point top_left(int(std::lround(box.x)), int(std::lround(box.y)));
    const cv::Point bottom_right(int(std::lround(box.x + box.w)), int(std::lround(box.y + box.h)));
    cv::rectangle(mat, top_left, bottom_right, ink, thickness, cv::LINE_AA);
    if (landmarks) {
        for (int i = 0; i < Landmarks68::kPoints; ++i)
            cv::circle(
                mat,
                cv::Point(int(std::lround(landmarks->x(i))), int(std::lround(landmarks->y(i)))),
                thickness, ink, cv::FILLED, cv::LINE_AA);
    }
    if (caption.empty())
        return;
    const double scale = 0.5 * thickness;
    int baseline = 0;
    const cv::Size text =
        cv::getTextSize(caption, cv::FONT_HERSHEY_SIMPLEX, scale, thickness / 2 + 1, &baseline);
    // On a filled band in the face's colour, white text: readable on any background.
    int y = top_left.y - thickness;
    if (y - text.height - baseline < 0)
        y = bottom_right.y + text.height + thickness + baseline;
    const cv::Point origin(std::clamp(top_left.x, 0, std::max(0, image.width - text.width)), y);
    cv::rectangle(mat, origin + cv::Point(0, baseline),
                  origin + cv::Point(text.width, -text.height - 2), ink, cv::FILLED);
    cv::putText(mat, caption, origin, cv::FONT_HERSHEY_SIMPLEX, scale, cv::Scalar(255, 255, 255),
                thickness / 2 + 1, cv::LINE_AA);
}

}  // namespace facellava
