#include "frame_plan.h"

#include <algorithm>
#include <cmath>

namespace facellava::pipeline {

FramePlan::FramePlan(const AnalysisOptions& options, int64_t frame_count, double fps)
    : frame_count_(std::max<int64_t>(0, frame_count)) {
    if (options.target_fps > 0.0 && fps > 0.0)
        step_ = std::max(1.0, fps / options.target_fps);
    else
        step_ = double(std::max(1, options.every_nth_frame));
    // Visits j = 0 … total_ − 1; the estimate from the division is corrected
    // by the exact index formula so total() and next() always agree.
    total_ = int64_t(std::ceil(double(frame_count_) / step_));
    while (total_ > 0 && index_of(total_ - 1) >= frame_count_)
        --total_;
    while (index_of(total_) < frame_count_)
        ++total_;
}

int64_t FramePlan::index_of(int64_t j) const {
    // The epsilon keeps j · (fps / target) landing on whole frames despite rounding.
    return int64_t(std::floor(double(j) * step_ + 1e-6));
}

int64_t FramePlan::next() {
    if (j_ >= total_)
        return -1;
    return index_of(j_++);
}

}  // namespace facellava::pipeline
