// authors_crop_region against the Face-LLaVA authors' tools/crop_face.py
// (get_cropped_image_from_bb, margin_pct = 0). Each expected region is that
// function's arithmetic worked by hand, written out beside the case.
#include <gtest/gtest.h>

#include "facellava/core/authors_crop.h"

namespace facellava {
namespace {

void expect_region(const FaceBox& box, int w, int h, int x0, int y0, int x1, int y1) {
    const auto region = authors_crop_region(box, w, h);
    ASSERT_TRUE(region.has_value());
    EXPECT_EQ(region->x0, x0);
    EXPECT_EQ(region->y0, y0);
    EXPECT_EQ(region->x1, x1);
    EXPECT_EQ(region->y1, y1);
}

TEST(AuthorsCrop, InsideTheFrameIsASquareOfTheMeanSide) {
    // MARGIN = min(0, 100, 640−100−80, 50, 480−50−120) = 0; avg = 100;
    // start = (100, 50); end = (int(200), int(150)).
    expect_region({100, 50, 80, 120, 0}, 640, 480, 100, 50, 200, 150);
}

TEST(AuthorsCrop, StopsOnePixelShortOfTheRightAndBottomBorders) {
    // Box ends exactly at the border: MARGIN = min(0, 60, 0, 60, 0) = 0;
    // end_x = int(min(60 + 40, 99)) = 99, end_y likewise.
    expect_region({60, 60, 40, 40, 0}, 100, 100, 60, 60, 99, 99);
}

TEST(AuthorsCrop, ABoxPastTheRightBorderShiftsTheStartByItsOverhang) {
    // W = 100, x = 80, w = 30: MARGIN_X = min(0, 80, 100−80−30 = −10) = −10;
    // MARGIN_Y = min(0, 10, 100−10−30) = 0; MARGIN = −10; avg = 30;
    // start_x = int(max(0, 80+10)) = 90, start_y = int(max(0, 10+10)) = 20;
    // end_x = int(min(80+30−10, 99)) = 99, end_y = int(min(10+30−10, 99)) = 30.
    expect_region({80, 10, 30, 30, 0}, 100, 100, 90, 20, 99, 30);
}

TEST(AuthorsCrop, ABoxPastTheTopBorderShrinksBothAxes) {
    // y = −5: MARGIN = min(0, 20, 200−20−40, −5, 200+5−40) = −5; avg = 40;
    // start = (int(25), int(max(0, 0))) = (25, 0); end = (int(55), int(30)).
    expect_region({20, -5, 40, 40, 0}, 200, 200, 25, 0, 55, 30);
}

TEST(AuthorsCrop, TruncatesFractionsTowardZero) {
    // MARGIN = 0 (min(0, 10.7, …)); avg = (20.4 + 19.8)/2 = 20.1;
    // start = (int(10.7), int(5.2)) = (10, 5); end = (int(30.8), int(25.3)) = (30, 25).
    expect_region({10.7f, 5.2f, 20.4f, 19.8f, 0}, 100, 100, 10, 5, 30, 25);
}

TEST(AuthorsCrop, ABoxOutsideTheFrameHasNoRegion) {
    // x = 150 in a 100-px frame: MARGIN_X = min(0, 150, 100−150−20) = −70;
    // start_x = int(220) > end_x = int(min(150+20−70, 99)) = 99: empty.
    EXPECT_FALSE(authors_crop_region({150, 10, 20, 20, 0}, 100, 100).has_value());
}

}  // namespace
}  // namespace facellava
