// One rounding step of a floating dtype, relative: what reordering a float32
// reduction can move a result rounded to that dtype by (the CUDA kernel
// tests' tolerance unit).
#pragma once

#include "torch_pch.h"

namespace facellava::test {

inline double rounding_step(torch::Dtype dtype) {
    switch (dtype) {
        case torch::kBFloat16:
            return 1.0 / 128;
        case torch::kFloat16:
            return 1.0 / 1024;
        default:
            return 1e-5;
    }
}

}  // namespace facellava::test
