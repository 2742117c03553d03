#include "demo_data/demo_augment.h"

#include <algorithm>
#include <cmath>

#include "demo_data/demo_random.h"

namespace facellava::training::demo {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMaxAngleDeg = 12;
constexpr double kMaxScale = 0.10;
constexpr double kMaxShift = 0.10;
constexpr double kMaxColour = 0.20;

uint8_t to_byte(double v) {
    return uint8_t(std::lround(std::clamp(v, 0.0, 255.0)));
}

// Bilinear sample of channel c at (x, y) in pixel-centre coordinates, the
// nearest edge pixel outside the image.
double sample(const ImageRGB& image, double x, double y, int c) {
    x = std::clamp(x, 0.0, double(image.width - 1));
    y = std::clamp(y, 0.0, double(image.height - 1));
    const int x0 = int(std::floor(x));
    const int y0 = int(std::floor(y));
    const int x1 = std::min(x0 + 1, image.width - 1);
    const int y1 = std::min(y0 + 1, image.height - 1);
    const double fx = x - x0;
    const double fy = y - y0;
    const auto at = [&](int px, int py) {
        return double(image.row(py)[size_t(px) * 3 + size_t(c)]);
    };
    const double top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
    const double bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
    return top * (1 - fy) + bottom * fy;
}

void jitter_colour(ImageRGB& image, const AugmentParams& p) {
    const size_t n = size_t(image.width) * size_t(image.height);
    std::vector<double> rgb(n * 3);
    double mean_gray = 0;
    for (size_t i = 0; i < n; ++i) {
        for (int c = 0; c < 3; ++c)
            rgb[i * 3 + size_t(c)] =
                std::min(255.0, image.pixels[i * 3 + size_t(c)] * p.brightness);
        mean_gray += 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
    }
    mean_gray /= double(std::max<size_t>(1, n));
    for (size_t i = 0; i < n; ++i) {
        double* px = &rgb[i * 3];
        for (int c = 0; c < 3; ++c)
            px[c] = std::clamp((px[c] - mean_gray) * p.contrast + mean_gray, 0.0, 255.0);
        const double gray = 0.299 * px[0] + 0.587 * px[1] + 0.114 * px[2];
        for (int c = 0; c < 3; ++c)
            image.pixels[i * 3 + size_t(c)] = to_byte(gray + (px[c] - gray) * p.saturation);
    }
}

}  // namespace

AugmentParams draw_augment_params(uint64_t seed, const std::string& key) {
    SplitMix64 rng(hash_key(seed, "augment/" + key));
    AugmentParams p;
    p.flip = rng.unit() < 0.5;
    p.angle_deg = rng.uniform(-kMaxAngleDeg, kMaxAngleDeg);
    p.scale = rng.uniform(1 - kMaxScale, 1 + kMaxScale);
    p.shift_x = rng.uniform(-kMaxShift, kMaxShift);
    p.shift_y = rng.uniform(-kMaxShift, kMaxShift);
    p.brightness = rng.uniform(1 - kMaxColour, 1 + kMaxColour);
    p.contrast = rng.uniform(1 - kMaxColour, 1 + kMaxColour);
    p.saturation = rng.uniform(1 - kMaxColour, 1 + kMaxColour);
    return p;
}

ImageRGB augmented_crop(const ImageRGB& photo, const FaceBox& box, const AugmentParams& params,
                        int size) {
    const double side = (double(box.w) + double(box.h)) / 2.0;
    const double new_side = side * params.scale;
    const double cx = double(box.x) + side / 2 + params.shift_x * side;
    const double cy = double(box.y) + side / 2 + params.shift_y * side;
    const double angle = params.angle_deg * kPi / 180.0;
    const double cs = std::cos(angle);
    const double sn = std::sin(angle);
    const double step = new_side / double(size);  // photo pixels per crop pixel

    ImageRGB out;
    out.width = size;
    out.height = size;
    out.pixels.resize(size_t(size) * size_t(size) * 3);
    for (int v = 0; v < size; ++v) {
        uint8_t* row = out.row(v);
        for (int u = 0; u < size; ++u) {
            // Offset of the crop pixel's centre from the crop centre, in photo pixels.
            double a = ((u + 0.5) - size / 2.0) * step;
            const double b = ((v + 0.5) - size / 2.0) * step;
            if (params.flip)
                a = -a;
            // Photo pixel-centre coordinates (pixel i covers [i, i + 1)).
            const double x = cx + cs * a - sn * b - 0.5;
            const double y = cy + sn * a + cs * b - 0.5;
            for (int c = 0; c < 3; ++c)
                row[size_t(u) * 3 + size_t(c)] = to_byte(sample(photo, x, y, c));
        }
    }
    jitter_colour(out, params);
    return out;
}

}  // namespace facellava::training::demo
