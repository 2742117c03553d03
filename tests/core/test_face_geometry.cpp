// Geometric face measures on hand-made landmark sets whose values are worked
// out by hand in the comments.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "facellava/core/error.h"
#include "facellava/core/face_geometry.h"

namespace facellava {
namespace {

void set(Landmarks68& m, int i, float x, float y) {
    m.xy[size_t(2 * i)] = x;
    m.xy[size_t(2 * i + 1)] = y;
}

// A face with outer eye corners (100, 100) and (200, 100): inter-ocular
// distance 100, face frame = image frame. Points the measures do not use stay
// at the origin.
Landmarks68 neutral_face() {
    Landmarks68 m;
    // Right eye 36–41: corners 30 apart, lids 10 apart → EAR (10 + 10) / 60 = 1/3.
    set(m, 36, 100, 100);
    set(m, 37, 110, 95);
    set(m, 38, 120, 95);
    set(m, 39, 130, 100);
    set(m, 40, 120, 105);
    set(m, 41, 110, 105);
    // Left eye 42–47: corners 30 apart, lids 8 apart → EAR (8 + 8) / 60 = 4/15.
    set(m, 42, 170, 100);
    set(m, 43, 180, 96);
    set(m, 44, 190, 96);
    set(m, 45, 200, 100);
    set(m, 46, 190, 104);
    set(m, 47, 180, 104);
    // Brows: right at y = 80, left at y = 75; eyes at y = 100 → raise 0.20, 0.25.
    for (int i = 0; i < 5; ++i) {
        set(m, 17 + i, 95.f + 10.f * float(i), 80);
        set(m, 22 + i, 165.f + 10.f * float(i), 75);
    }
    // Outer lips: corners (125, 170), (175, 170) → smile width 50 / 100.
    set(m, 48, 125, 170);
    set(m, 54, 175, 170);
    for (int i = 49; i <= 53; ++i)
        set(m, i, 125.f + 8.f * float(i - 48), 162);
    for (int i = 55; i <= 59; ++i)
        set(m, i, 175.f - 8.f * float(i - 54), 180);
    // Inner lips: corners 60, 64 are 40 apart; 61–67 and 63–65 are 4 apart → MAR
    // (4 + 4) / 80 = 0.1; 62–66 are 6 apart → opening 0.06; the mouth centre
    // (150, 170) is level with the corners → elevation 0.
    set(m, 60, 130, 170);
    set(m, 61, 140, 168);
    set(m, 62, 150, 167);
    set(m, 63, 160, 168);
    set(m, 64, 170, 170);
    set(m, 65, 160, 172);
    set(m, 66, 150, 173);
    set(m, 67, 140, 172);
    return m;
}

// Rotates every point by `degrees` about (cx, cy) and scales it by `scale`.
Landmarks68 transformed(const Landmarks68& m, double degrees, double scale, double cx, double cy) {
    const double a = degrees * 3.14159265358979323846 / 180.0;
    Landmarks68 out;
    for (int i = 0; i < Landmarks68::kPoints; ++i) {
        const double x = m.x(i) - cx, y = m.y(i) - cy;
        set(out, i, float(cx + scale * (std::cos(a) * x - std::sin(a) * y)),
            float(cy + scale * (std::sin(a) * x + std::cos(a) * y)));
    }
    return out;
}

TEST(FaceGeometry, HandComputedValuesOnANeutralFace) {
    const FaceGeometry g = measure_face_geometry(neutral_face());
    EXPECT_DOUBLE_EQ(g.inter_ocular_distance, 100.0);
    EXPECT_NEAR(g.right_eye_aspect_ratio, 1.0 / 3.0, 1e-9);
    EXPECT_NEAR(g.left_eye_aspect_ratio, 4.0 / 15.0, 1e-9);
    EXPECT_NEAR(g.mouth_opening, 0.06, 1e-9);
    EXPECT_NEAR(g.mouth_aspect_ratio, 0.1, 1e-9);
    EXPECT_NEAR(g.smile_width, 0.5, 1e-9);
    EXPECT_NEAR(g.lip_corner_elevation, 0.0, 1e-9);
    EXPECT_NEAR(g.right_brow_raise, 0.20, 1e-9);
    EXPECT_NEAR(g.left_brow_raise, 0.25, 1e-9);
}

TEST(FaceGeometry, ClosedEyeHasZeroAspectRatioOpenEyeAboutAThird) {
    Landmarks68 m = neutral_face();
    EXPECT_NEAR(eye_aspect_ratio(m, 36), 1.0 / 3.0, 1e-9);
    // Close the right eye: both lids on the corner line.
    set(m, 37, 110, 100);
    set(m, 38, 120, 100);
    set(m, 40, 120, 100);
    set(m, 41, 110, 100);
    EXPECT_NEAR(eye_aspect_ratio(m, 36), 0.0, 1e-12);
    // Half closed: lids 2 from the line on each side → (4 + 4) / 60.
    set(m, 37, 110, 98);
    set(m, 38, 120, 98);
    set(m, 40, 120, 102);
    set(m, 41, 110, 102);
    EXPECT_NEAR(measure_face_geometry(m).right_eye_aspect_ratio, 8.0 / 60.0, 1e-9);
    EXPECT_NEAR(measure_face_geometry(m).left_eye_aspect_ratio, 4.0 / 15.0, 1e-9);
    EXPECT_THROW(eye_aspect_ratio(m, 37), Error);
}

TEST(FaceGeometry, SmileWidensTheMouthAndRaisesItsCorners) {
    Landmarks68 m = neutral_face();
    // Corners 10 px out and 10 px up: width 70 / 100; mid-point (150, 160) is
    // 10 above the centre (150, 170) → elevation +0.1.
    set(m, 48, 115, 160);
    set(m, 54, 185, 160);
    const FaceGeometry smile = measure_face_geometry(m);
    EXPECT_NEAR(smile.smile_width, 0.7, 1e-9);
    EXPECT_NEAR(smile.lip_corner_elevation, 0.1, 1e-9);
    // Frown: corners 5 below the centre → −0.05.
    set(m, 48, 125, 175);
    set(m, 54, 175, 175);
    EXPECT_NEAR(measure_face_geometry(m).lip_corner_elevation, -0.05, 1e-9);
}

TEST(FaceGeometry, OpenMouthAndRaisedBrows) {
    Landmarks68 m = neutral_face();
    // Inner lips 30 apart at the centre, 20 at 61–67 and 63–65:
    // opening 30 / 100; MAR (20 + 20) / 80 = 0.5.
    set(m, 61, 140, 160);
    set(m, 62, 150, 155);
    set(m, 63, 160, 160);
    set(m, 65, 160, 180);
    set(m, 66, 150, 185);
    set(m, 67, 140, 180);
    for (int i = 17; i <= 26; ++i)
        m.xy[size_t(2 * i + 1)] -= 10;  // brows 10 px up
    const FaceGeometry g = measure_face_geometry(m);
    EXPECT_NEAR(g.mouth_opening, 0.30, 1e-9);
    EXPECT_NEAR(g.mouth_aspect_ratio, 0.5, 1e-9);
    EXPECT_NEAR(g.lip_corner_elevation, 0.0, 1e-9);
    EXPECT_NEAR(g.right_brow_raise, 0.30, 1e-9);
    EXPECT_NEAR(g.left_brow_raise, 0.35, 1e-9);
}

TEST(FaceGeometry, InvariantToInPlaneRotationAndScale) {
    Landmarks68 m = neutral_face();
    set(m, 48, 115, 160);  // a smile, so the elevation is not zero
    set(m, 54, 185, 160);
    const FaceGeometry a = measure_face_geometry(m);
    for (double degrees : {-35.0, 20.0, 90.0, 180.0}) {
        const FaceGeometry b = measure_face_geometry(transformed(m, degrees, 2.5, 150, 140));
        EXPECT_NEAR(b.inter_ocular_distance, 250.0, 1e-3) << degrees;
        EXPECT_NEAR(b.right_eye_aspect_ratio, a.right_eye_aspect_ratio, 1e-5) << degrees;
        EXPECT_NEAR(b.left_eye_aspect_ratio, a.left_eye_aspect_ratio, 1e-5) << degrees;
        EXPECT_NEAR(b.mouth_opening, a.mouth_opening, 1e-5) << degrees;
        EXPECT_NEAR(b.mouth_aspect_ratio, a.mouth_aspect_ratio, 1e-5) << degrees;
        EXPECT_NEAR(b.smile_width, a.smile_width, 1e-5) << degrees;
        EXPECT_NEAR(b.lip_corner_elevation, a.lip_corner_elevation, 1e-5) << degrees;
        EXPECT_NEAR(b.right_brow_raise, a.right_brow_raise, 1e-5) << degrees;
        EXPECT_NEAR(b.left_brow_raise, a.left_brow_raise, 1e-5) << degrees;
    }
}

TEST(FaceGeometry, DegenerateLandmarksThrow) {
    EXPECT_THROW(measure_face_geometry(Landmarks68{}), Error);  // all points at the origin
    Landmarks68 m = neutral_face();
    m.xy[0] = std::numeric_limits<float>::quiet_NaN();
    EXPECT_THROW(measure_face_geometry(m), Error);
    EXPECT_THROW(eye_aspect_ratio(m, 36), Error);
    m = neutral_face();
    set(m, 64, 130, 170);  // inner mouth corners coincide
    EXPECT_THROW(measure_face_geometry(m), Error);
}

}  // namespace
}  // namespace facellava
