#include <gtest/gtest.h>

#include "facellava/core/error.h"
#include "facellava/training/lr_schedule.h"

namespace facellava::training {
namespace {

TEST(LrSchedule, WarmupIsLinearFromZero) {
    LrScheduleParams p;
    p.base_lr = 1e-4;
    p.total_steps = 100;
    p.warmup_steps = 10;
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 0), 0.0);
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 5), 0.5e-4);
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 10), 1e-4);
}

TEST(LrSchedule, CosineMatchesHandComputedValues) {
    // transformers: lr = base * 0.5 * (1 + cos(pi * (step - warm) / (total - warm)))
    LrScheduleParams p;
    p.base_lr = 2e-5;
    p.total_steps = 110;
    p.warmup_steps = 10;
    EXPECT_NEAR(learning_rate_at(p, 60), 1e-5, 1e-15);  // half way: cos(pi/2) = 0
    EXPECT_NEAR(learning_rate_at(p, 35), 2e-5 * 0.5 * (1 + std::sqrt(0.5)),
                1e-15);  // quarter: cos(pi/4)
    EXPECT_NEAR(learning_rate_at(p, 110), 0.0, 1e-15);
    EXPECT_NEAR(learning_rate_at(p, 500), 0.0, 1e-15);  // past the end stays at the floor
}

TEST(LrSchedule, LinearAndFloor) {
    LrScheduleParams p;
    p.kind = LrScheduleKind::Linear;
    p.base_lr = 1.0;
    p.total_steps = 10;
    p.min_lr_ratio = 0.1;
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 0), 1.0);
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 5), 0.1 + 0.9 * 0.5);
    EXPECT_DOUBLE_EQ(learning_rate_at(p, 10), 0.1);
}

TEST(LrSchedule, WarmupRatioRoundsUp) {
    EXPECT_EQ(warmup_steps_for_ratio(1000, 0.03), 30);
    EXPECT_EQ(warmup_steps_for_ratio(101, 0.03), 4);  // 3.03 -> 4
    EXPECT_EQ(warmup_steps_for_ratio(10, 0.0), 0);
}

TEST(LrSchedule, NamesParseAndUnknownIsAClearError) {
    EXPECT_EQ(parse_lr_schedule_kind("cosine"), LrScheduleKind::Cosine);
    EXPECT_STREQ(lr_schedule_kind_name(parse_lr_schedule_kind("linear")), "linear");
    EXPECT_THROW(parse_lr_schedule_kind("exponential"), Error);
}

}  // namespace
}  // namespace facellava::training
