// The quantized CUDA kernels (kernels/quant_gemv.cu) against the storage
// format as written out here with plain loops: the GEMV against the float64
// product of that dequantisation, the dequantiser against it to the dtype's
// rounding, and the GEMV replayed from a CUDA graph. Skipped without a CUDA
// device or without the kernels (the CPU CI); scripts/gpu-check.sh runs them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "dtype_rounding.h"
#include "kernels/fused_kernels.h"
#include "quant/quantized_weight.h"
#include "runtime/cuda_graph.h"
#include "tensor_compare.h"

namespace facellava::model {
namespace {

class CudaQuantKernels : public ::testing::TestWithParam<torch::Dtype> {
  protected:
    void SetUp() override {
        if (!torch::cuda::is_available())
            GTEST_SKIP() << "no CUDA device visible";
        if (!kernels::built())
            GTEST_SKIP() << "this build has no fused CUDA kernels (no CUDA compiler)";
        torch::manual_seed(11);
    }
    torch::TensorOptions options() const {
        return torch::TensorOptions().device(torch::kCUDA, 0).dtype(GetParam());
    }
    // One rounding step of the dtype (dtype_rounding.h).
    double ulp() const { return test::rounding_step(GetParam()); }
};

quant::QuantScheme scheme(int bits, int64_t group, bool zero_points) {
    quant::QuantScheme s;
    s.bits = bits;
    s.group = group;
    s.zero_points = zero_points;
    return s;
}

std::string describe(const quant::QuantScheme& s, int64_t rows, int64_t cols) {
    return "int" + std::to_string(s.bits) + " g" + std::to_string(s.group) +
           (s.zero_points ? " zp " : " ") + std::to_string(rows) + " x " + std::to_string(cols);
}

// Random codes, scales and zero points of `s` for (rows, cols), built on the
// CPU and moved to the GPU. Scales ~ 1/64 keep outputs near 1.
quant::QuantizedWeight random_weight(const quant::QuantScheme& s, int64_t rows, int64_t cols) {
    quant::QuantizedWeight w;
    w.scheme = s;
    w.rows = rows;
    w.cols = cols;
    const int64_t groups = s.bits == 8 ? 1 : (cols + s.group - 1) / s.group;
    if (s.bits == 8) {
        w.data = torch::randint(-127, 128, {rows, cols}, torch::kInt8);
    } else {
        w.data = torch::randint(0, 256, {rows, (cols + 1) / 2}, torch::kUInt8);
    }
    w.scales = (torch::rand({rows, groups}) * 0.03 + 0.002).to(torch::kFloat16);
    if (s.zero_points)
        w.zeros = torch::randint(0, 16, {rows, groups}, torch::kUInt8);
    const torch::Device gpu(torch::kCUDA, 0);
    w.data = w.data.to(gpu);
    w.scales = w.scales.to(gpu);
    if (w.zeros.defined())
        w.zeros = w.zeros.to(gpu);
    return w;
}

// The format (quant_scheme.h), element by element, in float64 on the CPU.
torch::Tensor reference_dequantize(const quant::QuantizedWeight& w) {
    const auto data = w.data.cpu();
    const auto scales = w.scales.cpu().to(torch::kFloat64);
    // Symmetric int4: every zero point is 8.
    const auto zeros =
        w.zeros.defined() ? w.zeros.cpu() : torch::full_like(w.scales.cpu(), 8, torch::kUInt8);
    auto out = torch::empty({w.rows, w.cols}, torch::kFloat64);
    auto o = out.accessor<double, 2>();
    const auto s = scales.accessor<double, 2>();
    if (w.scheme.bits == 8) {
        const auto q = data.accessor<int8_t, 2>();
        for (int64_t r = 0; r < w.rows; ++r)
            for (int64_t c = 0; c < w.cols; ++c)
                o[r][c] = q[r][c] * s[r][0];
        return out;
    }
    const auto bytes = data.accessor<uint8_t, 2>();
    const auto z = zeros.accessor<uint8_t, 2>();
    for (int64_t r = 0; r < w.rows; ++r) {
        for (int64_t c = 0; c < w.cols; ++c) {
            const int64_t g = c / w.scheme.group;
            const int nibble = c % 2 == 0 ? bytes[r][c / 2] & 15 : bytes[r][c / 2] >> 4;
            o[r][c] = (nibble - z[r][g]) * s[r][g];
        }
    }
    return out;
}

struct Case {
    quant::QuantScheme scheme;
    int64_t rows, cols;
};

std::vector<Case> cases() {
    std::vector<Case> all;
    // 7B-like (vector kernel, several waves of blocks), a long row (11008),
    // a row count that leaves a warp's rows partly empty, and odd sizes
    // (element-wise kernel; int4: a ragged last group and half a byte).
    for (const auto& s : {scheme(8, 0, false), scheme(4, 32, false), scheme(4, 64, false),
                          scheme(4, 128, false), scheme(4, 128, true), scheme(4, 32, true)}) {
        all.push_back({s, 4096, 4096});
        all.push_back({s, 37, 11008});
        all.push_back({s, 5, 45});
    }
    all.push_back({scheme(4, 64, true), 3, 100});  // int4: rows of 50 bytes, not 16-byte packs
    return all;
}

TEST_P(CudaQuantKernels, GemvEqualsTheExactProductOfTheDequantisedWeight) {
    torch::NoGradGuard no_grad;
    for (const auto& c : cases()) {
        SCOPED_TRACE(describe(c.scheme, c.rows, c.cols));
        const auto w = random_weight(c.scheme, c.rows, c.cols);
        const auto x = torch::randn({1, 1, c.cols}, options());
        ASSERT_TRUE(kernels::quant_gemv_applies(x, w));
        const auto got = kernels::quant_gemv(x, w);
        EXPECT_EQ(got.scalar_type(), GetParam());
        const auto expected = torch::matmul(x.cpu().to(torch::kFloat64),
                                            reference_dequantize(w).t());  // (1, 1, rows)
        EXPECT_TRUE(test::tensors_close(got, expected, ulp()));
    }
}

TEST_P(CudaQuantKernels, GemvTakesAnUnalignedRowElementWise) {
    torch::NoGradGuard no_grad;
    for (const auto& s : {scheme(8, 0, false), scheme(4, 128, true)}) {
        SCOPED_TRACE(describe(s, 64, 256));
        const auto w = random_weight(s, 64, 256);
        const auto x = torch::randn({257}, options()).narrow(0, 1, 256);  // not 16-byte aligned
        ASSERT_TRUE(kernels::quant_gemv_applies(x, w));
        const auto expected = torch::mv(reference_dequantize(w), x.cpu().to(torch::kFloat64));
        EXPECT_TRUE(test::tensors_close(kernels::quant_gemv(x, w), expected, ulp()));
    }
}

TEST_P(CudaQuantKernels, DequantizeRoundsTheExactWeightOnce) {
    torch::NoGradGuard no_grad;
    for (const auto& c : cases()) {
        if (c.rows * c.cols > 1'000'000)
            continue;  // the plain loops are the cost here, not the kernel
        SCOPED_TRACE(describe(c.scheme, c.rows, c.cols));
        const auto w = random_weight(c.scheme, c.rows, c.cols);
        const auto got = kernels::quant_dequantize(w, GetParam());
        ASSERT_EQ(got.scalar_type(), GetParam());
        ASSERT_TRUE(got.is_cuda());
        // (code − zero) · scale is exact in float32 and float64 alike, so the
        // one rounding to the dtype must agree to the bit.
        EXPECT_TRUE(torch::equal(got.cpu(), reference_dequantize(w).to(GetParam())));
    }
}

TEST_P(CudaQuantKernels, GraphReplayComputesTheNewInput) {
    if (!CudaGraph::supported())
        GTEST_SKIP() << "this build has no CUDA graphs";
    torch::NoGradGuard no_grad;
    for (const auto& s : {scheme(8, 0, false), scheme(4, 128, false), scheme(4, 32, true)}) {
        SCOPED_TRACE(describe(s, 4096, 4096));
        const auto w = random_weight(s, 4096, 4096);
        auto x = torch::randn({1, 1, 4096}, options());
        torch::Tensor y;
        CudaGraph graph;
        graph.capture([&] { y = kernels::quant_gemv(x, w); });
        const auto next = torch::randn({1, 1, 4096}, options());
        x.copy_(next);
        graph.replay();
        torch::cuda::synchronize();
        EXPECT_TRUE(torch::equal(y, kernels::quant_gemv(next, w))) << "same kernel, same sums";
        const auto expected =
            torch::matmul(next.cpu().to(torch::kFloat64), reference_dequantize(w).t());
        EXPECT_TRUE(test::tensors_close(y, expected, ulp()));
    }
}

TEST_P(CudaQuantKernels, GateRefusesWhatTheKernelDoesNotTake) {
    torch::NoGradGuard no_grad;
    const auto w = random_weight(scheme(4, 128, false), 8, 256);
    EXPECT_TRUE(kernels::quant_gemv_applies(torch::randn({1, 256}, options()), w));
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({2, 256}, options()), w)) << "two rows";
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({1, 128}, options()), w)) << "width";
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({1, 256}, torch::kFloat32), w))
        << "x on the CPU";
    auto transposed = w;
    transposed.scales = w.scales.t().contiguous().t();  // same shape, not contiguous
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({1, 256}, options()), transposed));
    auto missing = random_weight(scheme(4, 128, true), 8, 256);
    missing.zeros = torch::Tensor();
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({1, 256}, options()), missing))
        << "zero points missing";
    std::optional<std::string> old;
    if (const char* flag = std::getenv("FACELLAVA_FUSED_GEMV"))
        old = flag;
    ::setenv("FACELLAVA_FUSED_GEMV", "0", 1);
    EXPECT_FALSE(kernels::quant_gemv_applies(torch::randn({1, 256}, options()), w))
        << "switched off";
    if (old)
        ::setenv("FACELLAVA_FUSED_GEMV", old->c_str(), 1);
    else
        ::unsetenv("FACELLAVA_FUSED_GEMV");
}

INSTANTIATE_TEST_SUITE_P(CudaDtypes, CudaQuantKernels,
                         ::testing::Values(torch::kFloat32, torch::kFloat16, torch::kBFloat16),
                         [](const auto& info) { return std::string(c10::toString(info.param)); });

}  // namespace
}  // namespace facellava::model
