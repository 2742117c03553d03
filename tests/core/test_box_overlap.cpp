// box_iou (core/box_overlap.h) against areas worked out by hand from the
// definition |a ∩ b| / |a ∪ b|.
#include <gtest/gtest.h>

#include "facellava/core/box_overlap.h"

namespace facellava {
namespace {

FaceBox box(float x, float y, float w, float h) {
    FaceBox b;
    b.x = x;
    b.y = y;
    b.w = w;
    b.h = h;
    return b;
}

TEST(BoxIou, OverlapOverUnion) {
    // 5×5 shared of two 10×10 boxes: 25 / (100 + 100 − 25).
    EXPECT_DOUBLE_EQ(box_iou(box(0, 0, 10, 10), box(5, 5, 10, 10)), 25.0 / 175.0);
    // A 4×4 box inside a 10×10 one: 16 / 100, either way round.
    EXPECT_DOUBLE_EQ(box_iou(box(0, 0, 10, 10), box(2, 2, 4, 4)), 0.16);
    EXPECT_DOUBLE_EQ(box_iou(box(2, 2, 4, 4), box(0, 0, 10, 10)), 0.16);
    // Half of a 10×20 box over a 10×10 one: 100 / 200.
    EXPECT_DOUBLE_EQ(box_iou(box(0, 0, 10, 20), box(0, 10, 10, 10)), 0.5);
    EXPECT_DOUBLE_EQ(box_iou(box(3.5f, -2, 7, 9), box(3.5f, -2, 7, 9)), 1.0);
    // Sums in double: at 2^24 a float holds even integers only, so x + w of
    // 2^24 + 3 would round to 2^24 + 4 and the overlap 1 would read as 2.
    // 1×2 shared of two 3×2 boxes: 2 / (6 + 6 − 2).
    EXPECT_DOUBLE_EQ(box_iou(box(16777216, 0, 3, 2), box(16777218, 0, 3, 2)), 0.2);
}

TEST(BoxIou, NoOverlapIsZero) {
    EXPECT_EQ(box_iou(box(0, 0, 10, 10), box(20, 0, 10, 10)), 0.0);  // apart
    EXPECT_EQ(box_iou(box(0, 0, 10, 10), box(10, 0, 10, 10)), 0.0);  // touching edges
    EXPECT_EQ(box_iou(box(0, 0, 10, 10), box(0, 10, 10, 10)), 0.0);
    EXPECT_EQ(box_iou(box(0, 0, 0, 0), box(0, 0, 0, 0)), 0.0);  // empty
    EXPECT_EQ(box_iou(box(0, 0, 10, 10), box(5, 5, 0, 3)), 0.0);
}

}  // namespace
}  // namespace facellava
