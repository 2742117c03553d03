// The machine's own limits, measured in the same run as the suites: memory
// bandwidth by a stream copy (bytes read + written per second) and the peak
// of a large square matmul in the benchmark dtype.
#pragma once

#include "torch_pch.h"

namespace facellava::model::bench {

struct Roofline {
    double bandwidth_gb_s = 0;  // copy of a buffer far larger than the caches
    double copy_bytes = 0;      // size of that buffer (bytes)
    double matmul_tflop_s = 0;  // n×n×n matmul in the benchmark dtype
    int64_t matmul_n = 0;
};

Roofline measure_roofline(const torch::TensorOptions& options, int repeats);

}  // namespace facellava::model::bench
