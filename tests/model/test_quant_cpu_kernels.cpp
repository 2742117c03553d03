// The CPU quantized products (quant/cpu_quant_kernels.h) on every path this
// CPU runs that takes x as given, against a float64 product whose
// dequantisation is written from the documented storage format
// (quant_reference.h). The weights are random codes, scales and zero points,
// so these tests need no quantize(). The integer path, which rounds x, has
// its own tests (test_quant_cpu_q8_kernels.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "quant/cpu_quant_kernels.h"
#include "quant_reference.h"
#include "torch_pch.h"

namespace facellava::model::quant {
namespace {

// float32 accumulation over a few thousand inputs, relative to Σ|w·x|.
constexpr double kTolerance = 1e-5;

using namespace reference;  // quant_reference.h

// y = x · Wᵀ in float64 against the reference, relative to Σ|w·x| per output.
::testing::AssertionResult matches_reference(const torch::Tensor& y, const torch::Tensor& x,
                                             const QuantizedWeight& w) {
    const int64_t m = x.size(0);
    if (y.sizes() != torch::IntArrayRef({m, w.rows}) || y.scalar_type() != torch::kFloat32)
        return ::testing::AssertionFailure() << "y is " << y.sizes() << " " << y.scalar_type();
    const auto weight = reference_dequantize(w);
    const float* xs = x.data_ptr<float>();
    const auto ys = y.contiguous();
    double worst = 0.0;
    for (int64_t i = 0; i < m; ++i) {
        for (int64_t r = 0; r < w.rows; ++r) {
            double sum = 0.0, magnitude = 0.0;
            for (int64_t c = 0; c < w.cols; ++c) {
                const double term = weight[static_cast<size_t>(r * w.cols + c)] *
                                    static_cast<double>(xs[i * w.cols + c]);
                sum += term;
                magnitude += std::abs(term);
            }
            const double error = std::abs(ys.data_ptr<float>()[i * w.rows + r] - sum);
            const double bound = kTolerance * magnitude + 1e-30;
            worst = std::max(worst, error / bound);
            if (error > bound)
                return ::testing::AssertionFailure()
                       << "y[" << i << "][" << r << "] = " << ys.data_ptr<float>()[i * w.rows + r]
                       << ", float64 reference " << sum << " (Σ|w·x| " << magnitude << ")";
        }
    }
    return ::testing::AssertionSuccess() << "worst error / bound " << worst;
}

// The paths that multiply x as given (not the integer path, which rounds it).
std::vector<CpuKernelPath> supported_paths() {
    std::vector<CpuKernelPath> paths{CpuKernelPath::portable};
    for (CpuKernelPath path : {CpuKernelPath::avx2, CpuKernelPath::avx512})
        if (cpu_path_supported(path))
            paths.push_back(path);
    return paths;
}

struct Shape {
    int64_t rows, cols;
};

// Edge shapes: one row and column, odd columns, columns not a multiple of
// any group, rows around the tile and thread splits, wide rows that the
// GEMV splits over threads.
const std::vector<Shape> kShapes = {{1, 1},    {7, 33},    {1, 64},    {7, 128},
                                    {9, 130},  {3, 257},   {40, 300},  {300, 70},
                                    {5, 1001}, {67, 4097}, {37, 4096}, {6, 8193}};
// 2-16 rows multiply the dequantised tiles with the skinny GEMM, 17 with BLAS.
const std::vector<int64_t> kRowCounts = {1, 2, 3, 8, 16, 17};

void check_scheme(const QuantScheme& scheme, uint32_t seed) {
    for (const Shape& shape : kShapes) {
        const auto w = random_weight(scheme, shape.rows, shape.cols, seed++);
        for (int64_t m : kRowCounts) {
            const auto x = random_activations(m, shape.cols, seed++);
            for (CpuKernelPath path : supported_paths()) {
                SCOPED_TRACE(scheme.bits == 8 ? std::string("int8")
                                              : "int4 group " + std::to_string(scheme.group) +
                                                    (scheme.zero_points ? " zero points" : ""));
                SCOPED_TRACE("rows " + std::to_string(shape.rows) + " cols " +
                             std::to_string(shape.cols) + " m " + std::to_string(m) + " path " +
                             cpu_kernel_name(path));
                EXPECT_TRUE(matches_reference(cpu_quantized_matmul(x, w, path), x, w));
            }
        }
    }
}

TEST(QuantCpuKernels, Int8MatchesFloat64Reference) {
    check_scheme(int8_scheme(), 100);
}

TEST(QuantCpuKernels, Int4SymmetricMatchesFloat64Reference) {
    for (int64_t group : {32, 64, 128})
        check_scheme(int4_scheme(group, false), 200 + static_cast<uint32_t>(group));
}

TEST(QuantCpuKernels, Int4ZeroPointsMatchFloat64Reference) {
    for (int64_t group : {32, 64, 128})
        check_scheme(int4_scheme(group, true), 300 + static_cast<uint32_t>(group));
}

// Group sizes the schemes do not name still work (the kernels take any even
// group): 16 and 48 take the vectorised path's general loop.
TEST(QuantCpuKernels, OtherEvenGroupsMatchFloat64Reference) {
    check_scheme(int4_scheme(16, true), 350);
    check_scheme(int4_scheme(48, false), 360);
}

// Each vectorised path against the portable one, on a row that is not a
// multiple of any vector width.
void expect_agrees_with_portable(CpuKernelPath path) {
    const std::vector<QuantScheme> schemes = {int8_scheme(), int4_scheme(32, true),
                                              int4_scheme(128, false)};
    uint32_t seed = 400;
    for (const QuantScheme& scheme : schemes) {
        const auto w = random_weight(scheme, 96, 2051, seed++);
        for (int64_t m : {1, 5}) {
            const auto x = random_activations(m, 2051, seed++);
            const auto portable = cpu_quantized_matmul(x, w, CpuKernelPath::portable);
            const auto vectorised = cpu_quantized_matmul(x, w, path);
            // Relative to Σ|w·x|, through the float64 dequantised weight.
            const auto dense =
                torch::from_blob(reference_dequantize(w).data(), {w.rows, w.cols}, torch::kFloat64)
                    .clone();
            const auto magnitude = torch::mm(x.to(torch::kFloat64).abs(), dense.abs().t());
            const auto difference =
                (portable.to(torch::kFloat64) - vectorised.to(torch::kFloat64)).abs();
            EXPECT_TRUE((difference <= kTolerance * magnitude).all().item<bool>())
                << cpu_kernel_name(path) << " scheme bits " << scheme.bits << " m " << m
                << ": worst " << (difference / magnitude).max().item<double>();
        }
    }
}

TEST(QuantCpuKernels, PortableAndAvx2Agree) {
    if (!cpu_path_supported(CpuKernelPath::avx2))
        GTEST_SKIP() << "this CPU has no AVX2/FMA/F16C";
    expect_agrees_with_portable(CpuKernelPath::avx2);
}

TEST(QuantCpuKernels, PortableAndAvx512Agree) {
    if (!cpu_path_supported(CpuKernelPath::avx512))
        GTEST_SKIP() << "this CPU has no AVX-512 F/BW/VL";
    expect_agrees_with_portable(CpuKernelPath::avx512);
}

// Sets FACELLAVA_QUANT_KERNELS for one scope.
class KernelSwitch {
  public:
    explicit KernelSwitch(const char* value) {
        if (const char* old = std::getenv(kName))
            old_ = old;
        ::setenv(kName, value, 1);
    }
    ~KernelSwitch() {
        if (old_)
            ::setenv(kName, old_->c_str(), 1);
        else
            ::unsetenv(kName);
    }
    KernelSwitch(const KernelSwitch&) = delete;
    KernelSwitch& operator=(const KernelSwitch&) = delete;

  private:
    static constexpr const char* kName = "FACELLAVA_QUANT_KERNELS";
    std::optional<std::string> old_;
};

TEST(QuantCpuKernels, EnvironmentChoosesThePath) {
    {
        KernelSwitch portable("portable");
        EXPECT_EQ(cpu_kernel_path(), CpuKernelPath::portable);
        // The default entry point follows it and still computes the product.
        const auto w = random_weight(int4_scheme(64, false), 5, 100, 500);
        const auto x = random_activations(1, 100, 501);
        EXPECT_TRUE(matches_reference(cpu_quantized_matmul(x, w), x, w));
    }
    const CpuKernelPath best = cpu_path_supported(CpuKernelPath::vnni)     ? CpuKernelPath::vnni
                               : cpu_path_supported(CpuKernelPath::avx512) ? CpuKernelPath::avx512
                               : cpu_path_supported(CpuKernelPath::avx2)   ? CpuKernelPath::avx2
                                                                         : CpuKernelPath::portable;
    {
        // "avx2" forces AVX2 where the CPU has it (the bench's comparison).
        KernelSwitch avx2("avx2");
        EXPECT_EQ(cpu_kernel_path(), cpu_path_supported(CpuKernelPath::avx2)
                                         ? CpuKernelPath::avx2
                                         : CpuKernelPath::portable);
    }
    if (cpu_path_supported(CpuKernelPath::avx512)) {
        // "avx512" keeps x exact where the integer path is the default.
        KernelSwitch avx512("avx512");
        EXPECT_EQ(cpu_kernel_path(), CpuKernelPath::avx512);
        EXPECT_FALSE(cpu_path_rounds_activations(cpu_kernel_path()));
    }
    KernelSwitch automatic("auto");
    EXPECT_EQ(cpu_kernel_path(), best);
    EXPECT_EQ(cpu_kernel_name(CpuKernelPath::portable), "portable");
    EXPECT_EQ(cpu_kernel_name(CpuKernelPath::avx2), "avx2");
    EXPECT_EQ(cpu_kernel_name(CpuKernelPath::avx512), "avx512");
    EXPECT_EQ(cpu_kernel_name(CpuKernelPath::vnni), "avx512-vnni");
    EXPECT_TRUE(cpu_path_rounds_activations(CpuKernelPath::vnni));
}

// A path the CPU lacks is refused, not run.
TEST(QuantCpuKernels, UnsupportedPathThrows) {
    const auto w = random_weight(int8_scheme(), 4, 64, 700);
    const auto x = random_activations(1, 64, 701);
    for (CpuKernelPath path : {CpuKernelPath::avx2, CpuKernelPath::avx512, CpuKernelPath::vnni})
        if (!cpu_path_supported(path))
            EXPECT_THROW(cpu_quantized_matmul(x, w, path), Error);
    // AVX-512 here implies AVX2 (its int4 and prefill use the AVX2 kernels),
    // VNNI implies AVX-512 (groups the integer path does not take fall back).
    if (cpu_path_supported(CpuKernelPath::avx512))
        EXPECT_TRUE(cpu_path_supported(CpuKernelPath::avx2));
    if (cpu_path_supported(CpuKernelPath::vnni))
        EXPECT_TRUE(cpu_path_supported(CpuKernelPath::avx512));
}

TEST(QuantCpuKernels, BadInputsThrow) {
    const auto w = random_weight(int4_scheme(32, true), 4, 64, 600);
    const auto x = random_activations(2, 64, 601);
    EXPECT_THROW(cpu_quantized_matmul(random_activations(2, 63, 602), w), Error);  // wrong cols
    EXPECT_THROW(cpu_quantized_matmul(x.to(torch::kFloat64), w), Error);           // not float32
    EXPECT_THROW(cpu_quantized_matmul(x.to(torch::kFloat16), w), Error);
    EXPECT_THROW(cpu_quantized_matmul(x[0], w), Error);                       // 1-D
    EXPECT_THROW(cpu_quantized_matmul(torch::zeros({64, 2}).t(), w), Error);  // not contiguous
    EXPECT_THROW(cpu_quantized_matmul(torch::Tensor(), w), Error);

    auto missing_zeros = w;
    missing_zeros.zeros = torch::Tensor();
    EXPECT_THROW(cpu_quantized_matmul(x, missing_zeros), Error);
    auto wrong_scales = w;
    wrong_scales.scales = w.scales.to(torch::kFloat32);
    EXPECT_THROW(cpu_quantized_matmul(x, wrong_scales), Error);
    auto short_scales = w;
    short_scales.scales = w.scales.narrow(1, 0, 1).contiguous();
    EXPECT_THROW(cpu_quantized_matmul(x, short_scales), Error);
    auto wrong_codes = w;
    wrong_codes.data = w.data.to(torch::kInt8);
    EXPECT_THROW(cpu_quantized_matmul(x, wrong_codes), Error);
    auto no_data = w;
    no_data.data = torch::Tensor();
    EXPECT_THROW(cpu_quantized_matmul(x, no_data), Error);

    auto int8 = random_weight(int8_scheme(), 4, 64, 603);
    int8.zeros = torch::zeros({4, 1}, torch::kUInt8);  // int8 has no zero points
    EXPECT_THROW(cpu_quantized_matmul(x, int8), Error);
    int8.zeros = torch::Tensor();
    int8.data = int8.data.view({4, 64}).to(torch::kUInt8);  // codes of the wrong signedness
    EXPECT_THROW(cpu_quantized_matmul(x, int8), Error);
}

}  // namespace
}  // namespace facellava::model::quant
