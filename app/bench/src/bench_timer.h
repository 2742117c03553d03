// Wall-clock timing of device work: synchronises CUDA before reading the clock
// so queued kernels are counted, and keeps the median of repeated runs (robust
// to one slow run on a shared machine).
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include "torch_pch.h"

namespace facellava::model::bench {

inline void synchronize(const torch::Device& device) {
    if (device.is_cuda())
        torch::cuda::synchronize(device.index() < 0 ? 0 : device.index());
}

// Median milliseconds of `repeats` calls of fn after `warmup` untimed ones.
inline double median_ms(const torch::Device& device, int warmup, int repeats,
                        const std::function<void()>& fn) {
    for (int i = 0; i < warmup; ++i)
        fn();
    synchronize(device);
    std::vector<double> times;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        const auto start = std::chrono::steady_clock::now();
        fn();
        synchronize(device);
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

}  // namespace facellava::model::bench
