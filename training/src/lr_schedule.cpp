#include "facellava/training/lr_schedule.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"

namespace facellava::training {

int64_t warmup_steps_for_ratio(int64_t total_steps, double ratio) {
    return int64_t(std::ceil(double(total_steps) * ratio));
}

double learning_rate_at(const LrScheduleParams& params, int64_t step) {
    if (params.warmup_steps > 0 && step < params.warmup_steps) {
        return params.base_lr * double(step) / double(params.warmup_steps);
    }
    const int64_t decay_steps = std::max<int64_t>(1, params.total_steps - params.warmup_steps);
    const double progress =
        std::clamp(double(step - params.warmup_steps) / double(decay_steps), 0.0, 1.0);
    double factor = 1.0;
    switch (params.kind) {
        case LrScheduleKind::Constant:
            factor = 1.0;
            break;
        case LrScheduleKind::Linear:
            factor = 1.0 - progress;
            break;
        case LrScheduleKind::Cosine:
            factor = 0.5 * (1.0 + std::cos(M_PI * progress));
            break;
    }
    return params.base_lr * (params.min_lr_ratio + (1.0 - params.min_lr_ratio) * factor);
}

LrScheduleKind parse_lr_schedule_kind(const std::string& name) {
    if (name == "cosine")
        return LrScheduleKind::Cosine;
    if (name == "linear")
        return LrScheduleKind::Linear;
    if (name == "constant")
        return LrScheduleKind::Constant;
    throw Error("unknown learning-rate schedule '" + name + "'", "",
                "use one of: cosine, linear, constant");
}

const char* lr_schedule_kind_name(LrScheduleKind kind) {
    switch (kind) {
        case LrScheduleKind::Cosine:
            return "cosine";
        case LrScheduleKind::Linear:
            return "linear";
        case LrScheduleKind::Constant:
            return "constant";
    }
    return "cosine";
}

}  // namespace facellava::training
