// Tensor comparison for fixture parity tests.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "io/safetensors.h"
#include "torch_pch.h"

namespace facellava::test {

// Max |actual - expected| must be <= tol (absolute) or, for large values,
// <= tol * max|expected| (the fixtures README's relative bound).
inline ::testing::AssertionResult tensors_close(const torch::Tensor& actual,
                                                const torch::Tensor& expected, double tol = 1e-4) {
    if (actual.sizes() != expected.sizes()) {
        return ::testing::AssertionFailure()
               << "shape " << actual.sizes() << " != expected " << expected.sizes();
    }
    auto a = actual.detach().to(torch::kCPU, torch::kFloat64);
    auto e = expected.detach().to(torch::kCPU, torch::kFloat64);
    const double diff = (a - e).abs().max().item<double>();
    const double scale = std::max(1.0, e.abs().max().item<double>());
    if (diff <= tol * scale) return ::testing::AssertionSuccess() << "max |diff| " << diff;
    return ::testing::AssertionFailure() << "max |diff| " << diff << " > " << tol * scale;
}

}  // namespace facellava::test
