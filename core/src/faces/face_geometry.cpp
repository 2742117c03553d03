// Geometric face measures: distances between landmarks, normalised by the
// inter-ocular distance and measured in the face's own frame (see the header).
#include "facellava/core/face_geometry.h"

#include <cmath>
#include <string>

#include "facellava/core/error.h"

namespace facellava {
namespace {

struct Vec2 {
    double x = 0;
    double y = 0;
};

Vec2 point(const Landmarks68& m, int i) {
    return {m.x(i), m.y(i)};
}
Vec2 midpoint(const Vec2& a, const Vec2& b) {
    return {(a.x + b.x) / 2, (a.y + b.y) / 2};
}
double distance(const Landmarks68& m, int a, int b) {
    return std::hypot(double(m.x(a)) - m.x(b), double(m.y(a)) - m.y(b));
}
double dot(const Vec2& a, const Vec2& b) {
    return a.x * b.x + a.y * b.y;
}
Vec2 minus(const Vec2& a, const Vec2& b) {
    return {a.x - b.x, a.y - b.y};
}

double divide(double numerator, double denominator, const char* what) {
    if (!(denominator > 0))
        throw Error(std::string("face geometry: landmarks are degenerate (") + what + ")");
    return numerator / denominator;
}

void check_finite(const Landmarks68& landmarks) {
    for (float v : landmarks.xy) {
        if (!std::isfinite(v))
            throw Error("face geometry: landmarks are not finite");
    }
}

double ear(const Landmarks68& m, int p1) {
    // p1..p6 = first_point + 0..5: corners p1, p4; upper lid p2, p3; lower lid p6, p5.
    const double vertical = distance(m, p1 + 1, p1 + 5) + distance(m, p1 + 2, p1 + 4);
    return divide(vertical, 2 * distance(m, p1, p1 + 3), "eye corners coincide");
}

}  // namespace

double eye_aspect_ratio(const Landmarks68& landmarks, int first_point) {
    if (first_point != 36 && first_point != 42) {
        throw Error("eye aspect ratio: the first eye point must be 36 or 42, got " +
                    std::to_string(first_point));
    }
    check_finite(landmarks);
    return ear(landmarks, first_point);
}

FaceGeometry measure_face_geometry(const Landmarks68& m) {
    check_finite(m);
    FaceGeometry g;
    g.inter_ocular_distance = distance(m, 36, 45);
    const double iod = g.inter_ocular_distance;
    if (!(iod > 0))
        throw Error("face geometry: landmarks are degenerate (outer eye corners coincide)");

    // The face's axes: x along the eye line, "down" perpendicular to it (the
    // eye line rotated +90° in image coordinates, where y grows downwards).
    const Vec2 across{(m.x(45) - m.x(36)) / iod, (m.y(45) - m.y(36)) / iod};
    const Vec2 down{-across.y, across.x};

    g.right_eye_aspect_ratio = ear(m, 36);
    g.left_eye_aspect_ratio = ear(m, 42);
    g.mouth_opening = distance(m, 62, 66) / iod;
    g.mouth_aspect_ratio = divide(distance(m, 61, 67) + distance(m, 63, 65),
                                  2 * distance(m, 60, 64), "inner mouth corners coincide");
    g.smile_width = distance(m, 48, 54) / iod;

    const Vec2 mouth_centre = midpoint(point(m, 62), point(m, 66));
    const Vec2 corners = midpoint(point(m, 48), point(m, 54));
    // Positive "up" is −down: the corners' height above the centre.
    g.lip_corner_elevation = dot(minus(mouth_centre, corners), down) / iod;

    auto brow_raise = [&](int brow_first, int eye_outer, int eye_inner) {
        Vec2 brow;
        for (int i = brow_first; i < brow_first + 5; ++i) {
            brow.x += m.x(i) / 5.0;
            brow.y += m.y(i) / 5.0;
        }
        const Vec2 eye = midpoint(point(m, eye_outer), point(m, eye_inner));
        return dot(minus(eye, brow), down) / iod;
    };
    g.right_brow_raise = brow_raise(17, 36, 39);
    g.left_brow_raise = brow_raise(22, 45, 42);
    return g;
}

}  // namespace facellava
