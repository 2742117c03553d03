// Learning-rate schedules of the authors' recipe (FACELLAVA_SPEC §8): linear
// warmup then cosine decay to zero, as in transformers'
// get_cosine_schedule_with_warmup. Pure functions of the step, so a resumed
// run computes exactly the rates of an uninterrupted one.
#pragma once

#include <cstdint>
#include <string>

namespace facellava::training {

enum class LrScheduleKind { Constant, Cosine, Linear };

struct LrScheduleParams {
    LrScheduleKind kind = LrScheduleKind::Cosine;
    double base_lr = 2e-5;      // peak learning rate reached after warmup
    int64_t total_steps = 1;    // optimiser steps in the whole run
    int64_t warmup_steps = 0;   // linear ramp from 0 to base_lr
    double min_lr_ratio = 0.0;  // floor as a fraction of base_lr (0 = decay to zero)
};

// Warmup steps for a ratio of the run (the recipe's 3 %), rounded up like
// transformers' get_warmup_steps.
int64_t warmup_steps_for_ratio(int64_t total_steps, double ratio);

// Learning rate to use for optimiser step `step` (0-based).
double learning_rate_at(const LrScheduleParams& params, int64_t step);

LrScheduleKind parse_lr_schedule_kind(const std::string& name);  // throws facellava::Error
const char* lr_schedule_kind_name(LrScheduleKind kind);

}  // namespace facellava::training
