// The integer path of the quantized CPU products (quant/cpu_quant_q8_rows.h,
// "avx512-vnni"): x rounded to int8 per 32-column block, then integer dot
// products. Checked against float64 products written here from the
// documented rules (the weight format in quant_reference.h, the rounding
// rule in the header), against the exact product within the bound that
// rule implies, and for results that do not depend on how many rows go
// together or how they are split. Skipped on CPUs without AVX-512 VNNI.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <ATen/Parallel.h>

#include "quant/cpu_quant_kernels.h"
#include "quant_reference.h"
#include "torch_pch.h"

namespace facellava::model::quant {
namespace {

using namespace reference;  // quant_reference.h

constexpr double kTolerance = 1e-5;  // float32 summation, relative to Σ|w·x̂|
constexpr int64_t kBlock = kActivationBlock;

// Each output against Σ_c W·x̂ (tolerance kTolerance · Σ|W·x̂|), and against
// the exact Σ_c W·x within the rounding bound Σ_c |W| · d_b / 2.
::testing::AssertionResult matches_rounded_reference(const torch::Tensor& y, const torch::Tensor& x,
                                                     const QuantizedWeight& w) {
    const int64_t m = x.size(0);
    if (y.sizes() != torch::IntArrayRef({m, w.rows}))
        return ::testing::AssertionFailure() << "y is " << y.sizes();
    const auto weight = reference_dequantize(w);
    for (int64_t i = 0; i < m; ++i) {
        const float* xs = x.data_ptr<float>() + i * w.cols;
        const auto rounded = rounded_row(xs, w.cols);
        for (int64_t r = 0; r < w.rows; ++r) {
            double sum = 0.0, magnitude = 0.0, exact = 0.0, bound = 0.0, exact_magnitude = 0.0;
            for (int64_t c = 0; c < w.cols; ++c) {
                const double wc = weight[static_cast<size_t>(r * w.cols + c)];
                sum += wc * rounded[static_cast<size_t>(c)];
                magnitude += std::abs(wc * rounded[static_cast<size_t>(c)]);
                exact += wc * xs[c];
                exact_magnitude += std::abs(wc * xs[c]);
                // |x − x̂| ≤ d / 2 with d = max|x| / 127 over c's block.
                const int64_t first = c / kBlock * kBlock;
                float largest = 0.0f;
                for (int64_t k = first; k < std::min(w.cols, first + kBlock); ++k)
                    largest = std::max(largest, std::fabs(xs[k]));
                bound += std::abs(wc) * (largest / 127.0) / 2.0;
            }
            const double got = y.data_ptr<float>()[i * w.rows + r];
            if (std::abs(got - sum) > kTolerance * magnitude + 1e-30)
                return ::testing::AssertionFailure()
                       << "y[" << i << "][" << r << "] = " << got << ", float64 of the rounded x "
                       << sum << " (Σ|w·x̂| " << magnitude << ")";
            if (std::abs(got - exact) > bound * (1.0 + 1e-6) + kTolerance * exact_magnitude)
                return ::testing::AssertionFailure()
                       << "y[" << i << "][" << r << "] = " << got << " is " << std::abs(got - exact)
                       << " from the exact product " << exact << ", over the rounding bound "
                       << bound;
        }
    }
    return ::testing::AssertionSuccess();
}

struct Shape {
    int64_t rows, cols;
};

// One row and column, odd columns, columns not a multiple of a block, a
// chunk or a group, rows around the kRows blocks and the thread split.
const std::vector<Shape> kShapes = {{1, 1},    {7, 33},    {1, 64},    {7, 128},
                                    {9, 130},  {3, 257},   {40, 300},  {300, 70},
                                    {5, 1001}, {67, 4097}, {37, 4096}, {6, 8193}};
const std::vector<int64_t> kRowCounts = {1, 2, 3, 17};

void check_scheme(const QuantScheme& scheme, uint32_t seed) {
    for (const Shape& shape : kShapes) {
        const auto w = random_weight(scheme, shape.rows, shape.cols, seed++);
        for (int64_t m : kRowCounts) {
            auto x = random_activations(m, shape.cols, seed++);
            if (shape.cols > 40)  // a block of zeros: d = 0 there
                x.narrow(1, 32, 8).zero_();
            SCOPED_TRACE("rows " + std::to_string(shape.rows) + " cols " +
                         std::to_string(shape.cols) + " m " + std::to_string(m));
            EXPECT_TRUE(
                matches_rounded_reference(cpu_quantized_matmul(x, w, CpuKernelPath::vnni), x, w));
        }
    }
}

class Q8Kernels : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!cpu_path_supported(CpuKernelPath::vnni))
            GTEST_SKIP() << "this CPU has no AVX-512 VNNI";
    }
};

TEST_F(Q8Kernels, Int8MatchesRoundedReference) {
    check_scheme(int8_scheme(), 1100);
}

TEST_F(Q8Kernels, Int4SymmetricMatchesRoundedReference) {
    for (int64_t group : {32, 64, 128})
        check_scheme(int4_scheme(group, false), 1200 + static_cast<uint32_t>(group));
}

TEST_F(Q8Kernels, Int4ZeroPointsMatchRoundedReference) {
    for (int64_t group : {32, 64, 128})
        check_scheme(int4_scheme(group, true), 1300 + static_cast<uint32_t>(group));
}

// Large activations and extreme codes: no int32 or int8 overflow (a lane
// sums 8 products of up to 15 · 127, a code −127 negated is 127).
TEST_F(Q8Kernels, ExtremeValuesStayExact) {
    for (const QuantScheme& scheme : {int8_scheme(), int4_scheme(32, true)}) {
        auto w = random_weight(scheme, 8, 4096, 1400);
        if (scheme.bits == 8)
            w.data.fill_(-127);
        else
            w.data.fill_(0xFF);  // every nibble 15
        auto x = random_activations(2, 4096, 1401) * 1e4;
        x[1].fill_(-3e4);
        EXPECT_TRUE(
            matches_rounded_reference(cpu_quantized_matmul(x, w, CpuKernelPath::vnni), x, w));
    }
}

// A row's result is bit-identical alone or among others (decode, batched
// decode and prefill agree), and whatever the thread split.
TEST_F(Q8Kernels, RowsDoNotDependOnTheirCompany) {
    for (const QuantScheme& scheme : {int8_scheme(), int4_scheme(128, false)}) {
        const auto w = random_weight(scheme, 1030, 2048, 1500);
        const auto x = random_activations(9, 2048, 1501);
        const auto together = cpu_quantized_matmul(x, w, CpuKernelPath::vnni);
        for (int64_t i = 0; i < x.size(0); ++i) {
            const auto alone =
                cpu_quantized_matmul(x.narrow(0, i, 1).contiguous(), w, CpuKernelPath::vnni);
            EXPECT_TRUE(torch::equal(alone[0], together[i])) << "row " << i;
        }
        const int threads = at::get_num_threads();
        at::set_num_threads(1);
        const auto serial = cpu_quantized_matmul(x, w, CpuKernelPath::vnni);
        at::set_num_threads(2);
        const auto split = cpu_quantized_matmul(x, w, CpuKernelPath::vnni);
        at::set_num_threads(threads);
        EXPECT_TRUE(torch::equal(serial, together));
        EXPECT_TRUE(torch::equal(split, together));
    }
}

// Groups no scheme makes (16, 48) are not the integer path's: those products
// take x exactly, as the float kernels do.
TEST_F(Q8Kernels, OtherGroupsTakeTheExactKernels) {
    const auto w = random_weight(int4_scheme(48, true), 20, 300, 1600);
    const auto x = random_activations(3, 300, 1601);
    const auto exact = cpu_quantized_matmul(x, w, CpuKernelPath::avx512);
    EXPECT_TRUE(torch::equal(cpu_quantized_matmul(x, w, CpuKernelPath::vnni), exact));
}

}  // namespace
}  // namespace facellava::model::quant
