// The CPU skinny GEMM (llm/cpu_small_gemm.h) on every path this CPU runs,
// against torch::linear in float64, and project()'s choice of it
// (llm/llama_mlp.h): a row block of a larger matrix takes it, a column slice
// and a product with a gradient do not.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "facellava/core/error.h"
#include "llm/cpu_small_gemm.h"
#include "llm/llama_mlp.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

// float32 sums of up to a few thousand products, relative to Σ|w·x|.
constexpr double kTolerance = 1e-5;

torch::Tensor random_tensor(std::vector<int64_t> sizes, uint64_t seed) {
    auto generator = at::detail::createCPUGenerator(seed);
    return at::randn(sizes, generator, torch::kFloat32);
}

// y (..., N) against x · wᵀ in float64, each output within kTolerance of its
// Σ|w·x| (the scale its float32 rounding error has).
::testing::AssertionResult matches_linear(const torch::Tensor& y, const torch::Tensor& x,
                                          const torch::Tensor& w) {
    auto sizes = x.sizes().vec();
    sizes.back() = w.size(0);
    if (y.sizes() != torch::IntArrayRef(sizes) || y.scalar_type() != torch::kFloat32)
        return ::testing::AssertionFailure()
               << "y is " << y.sizes() << " " << y.scalar_type() << ", expected " << sizes;
    const auto xd = x.to(torch::kFloat64);
    const auto wd = w.to(torch::kFloat64);
    const auto reference = torch::linear(xd, wd);
    const auto magnitude = torch::linear(xd.abs(), wd.abs());
    const auto error = (y.to(torch::kFloat64) - reference).abs();
    const auto ratio = error / (kTolerance * magnitude + 1e-30);
    const double worst = ratio.max().item<double>();
    if (!(worst <= 1.0))
        return ::testing::AssertionFailure()
               << "worst error / bound " << worst << " (largest error "
               << error.max().item<double>() << ")";
    return ::testing::AssertionSuccess() << "worst error / bound " << worst;
}

std::vector<SmallGemmPath> supported_paths() {
    std::vector<SmallGemmPath> paths{SmallGemmPath::portable};
    for (SmallGemmPath path : {SmallGemmPath::avx2, SmallGemmPath::avx512})
        if (small_gemm_supported(path))
            paths.push_back(path);
    return paths;
}

struct Shape {
    int64_t n, k;  // weight (n, k)
};

// K and N off every vector width and block: 1, 37 and 1000 columns (a masked
// tail), 2051 (nine column blocks, the last partial), N = 3 (no whole block
// of eight rows), 129 (a single-row tail, several threads' tasks), 13 and 15
// (a half block of four, then 1 or 3 single rows), 1037 × 300 (1.2 MB: the
// two-thread split of runtime/cpu_helper_thread.h, with a 5-row tail).
const std::vector<Shape> kShapes = {{3, 1000},  {129, 37}, {3, 37},    {129, 1000}, {5, 1},
                                    {67, 2051}, {13, 64},  {15, 1000}, {1037, 300}};

TEST(CpuSmallGemm, EveryPathMatchesFloat64Linear) {
    uint64_t seed = 10;
    for (const Shape& shape : kShapes) {
        const auto w = random_tensor({shape.n, shape.k}, seed++);
        for (int64_t m = 1; m <= kSmallGemmMaxRows; ++m) {
            const auto x = random_tensor({m, shape.k}, seed++);
            for (SmallGemmPath path : supported_paths()) {
                SCOPED_TRACE("n " + std::to_string(shape.n) + " k " + std::to_string(shape.k) +
                             " m " + std::to_string(m) + " path " + small_gemm_name(path));
                EXPECT_TRUE(matches_linear(small_gemm(x, w, path), x, w));
            }
        }
    }
}

// Products from several threads at once: one has the helper thread, the
// others run alone (runtime/cpu_helper_thread.h); every result is whole.
TEST(CpuSmallGemm, ConcurrentCallersGetWholeResults) {
    const auto w = random_tensor({2003, 257}, 700);  // 2 MB: the two-thread split
    std::vector<torch::Tensor> xs, ys(4);
    for (uint64_t t = 0; t < 4; ++t)
        xs.push_back(random_tensor({static_cast<int64_t>(2 + 3 * t), 257}, 701 + t));
    const SmallGemmPath path = supported_paths().back();  // the fastest
    std::vector<std::thread> threads;
    for (size_t t = 0; t < xs.size(); ++t)
        threads.emplace_back([&, t] {
            torch::NoGradGuard no_grad;
            torch::Tensor y;
            for (int repeat = 0; repeat < 20; ++repeat)
                y = small_gemm(xs[t], w, path);
            ys[t] = y;
        });
    for (auto& thread : threads)
        thread.join();
    for (size_t t = 0; t < xs.size(); ++t) {
        SCOPED_TRACE("thread " + std::to_string(t));
        EXPECT_TRUE(matches_linear(ys[t], xs[t], w));
    }
}

// (B, T, K) activations: B · T rows.
TEST(CpuSmallGemm, BatchedActivationsKeepTheirShape) {
    const auto w = random_tensor({70, 300}, 100);
    const auto x = random_tensor({4, 3, 300}, 101);
    for (SmallGemmPath path : supported_paths()) {
        SCOPED_TRACE(small_gemm_name(path));
        EXPECT_TRUE(matches_linear(small_gemm(x, w, path), x, w));
    }
    EXPECT_TRUE(small_gemm_applies(x, w));
    EXPECT_TRUE(matches_linear(project(x, w), x, w));
}

// The fused q/k/v and gate/up weights: row blocks of one matrix
// (llm/adjacent_rows.h), each a contiguous view at an offset.
TEST(CpuSmallGemm, RowBlockOfALargerMatrix) {
    const auto whole = random_tensor({3 * 131, 517}, 200);
    const auto block = whole.narrow(0, 131, 2 * 131);  // rows 131 … 392
    ASSERT_TRUE(block.is_contiguous());
    ASSERT_GT(block.storage_offset(), 0);
    for (int64_t m : {2, 7, 16}) {
        const auto x = random_tensor({m, 517}, 201 + static_cast<uint64_t>(m));
        EXPECT_TRUE(small_gemm_applies(x, block));
        for (SmallGemmPath path : supported_paths()) {
            SCOPED_TRACE("m " + std::to_string(m) + " path " + small_gemm_name(path));
            EXPECT_TRUE(matches_linear(small_gemm(x, block, path), x, block));
        }
        EXPECT_TRUE(matches_linear(project(x, block), x, block));
    }
}

// A column slice's rows are not K apart: project() falls back to
// torch::linear, and the kernel itself refuses it.
TEST(CpuSmallGemm, StridedWeightFallsBack) {
    const auto whole = random_tensor({40, 300}, 300);
    const auto slice = whole.narrow(1, 10, 250);  // (40, 250), row stride 300
    const auto x = random_tensor({5, 250}, 301);
    EXPECT_FALSE(small_gemm_applies(x, slice));
    EXPECT_THROW(small_gemm(x, slice, SmallGemmPath::portable), Error);
    EXPECT_TRUE(matches_linear(project(x, slice), x, slice));
    // A transposed weight neither.
    const auto transposed = random_tensor({250, 40}, 302).t();
    EXPECT_FALSE(small_gemm_applies(x, transposed));
    EXPECT_TRUE(matches_linear(project(x, transposed), x, transposed));
}

// 2 … kSmallGemmMaxRows float32 rows without a gradient; everything else
// goes elsewhere (one row: gemv; many: BLAS; other dtypes; autograd).
TEST(CpuSmallGemm, AppliesOnlyToSkinnyFloatProductsWithoutGradient) {
    const auto w = random_tensor({8, 64}, 400);
    EXPECT_FALSE(small_gemm_applies(random_tensor({1, 64}, 401), w));
    EXPECT_TRUE(small_gemm_applies(random_tensor({2, 64}, 402), w));
    EXPECT_TRUE(small_gemm_applies(random_tensor({kSmallGemmMaxRows, 64}, 403), w));
    const auto many = random_tensor({kSmallGemmMaxRows + 1, 64}, 404);
    EXPECT_FALSE(small_gemm_applies(many, w));
    EXPECT_THROW(small_gemm(many, w, SmallGemmPath::portable), Error);
    EXPECT_TRUE(matches_linear(project(many, w), many, w));
    const auto x = random_tensor({4, 64}, 405);
    EXPECT_FALSE(small_gemm_applies(x.to(torch::kFloat64), w.to(torch::kFloat64)));
    EXPECT_FALSE(small_gemm_applies(x, random_tensor({8, 63}, 406)));

    // With a gradient to record, autograd's product: the gradient arrives.
    const auto trained = w.clone().requires_grad_(true);
    EXPECT_FALSE(small_gemm_applies(x, trained));
    project(x, trained).sum().backward();
    ASSERT_TRUE(trained.grad().defined());
    EXPECT_TRUE(torch::allclose(trained.grad(), x.sum(0).expand({8, 64}), 1e-5, 1e-5));
    {
        torch::NoGradGuard no_grad;  // none to record: the kernel may run
        EXPECT_TRUE(small_gemm_applies(x, trained));
    }
}

// Sets FACELLAVA_SMALL_GEMM for one scope.
class GemmSwitch {
  public:
    explicit GemmSwitch(const char* value) {
        if (const char* old = std::getenv(kName))
            old_ = old;
        ::setenv(kName, value, 1);
    }
    ~GemmSwitch() {
        if (old_)
            ::setenv(kName, old_->c_str(), 1);
        else
            ::unsetenv(kName);
    }
    GemmSwitch(const GemmSwitch&) = delete;
    GemmSwitch& operator=(const GemmSwitch&) = delete;

  private:
    static constexpr const char* kName = "FACELLAVA_SMALL_GEMM";
    std::optional<std::string> old_;
};

TEST(CpuSmallGemm, EnvironmentChoosesThePath) {
    const auto w = random_tensor({9, 100}, 500);
    const auto x = random_tensor({3, 100}, 501);
    {
        GemmSwitch off("off");
        EXPECT_EQ(small_gemm_path(), SmallGemmPath::off);
        EXPECT_FALSE(small_gemm_applies(x, w));
        EXPECT_TRUE(matches_linear(small_gemm(x, w), x, w));  // torch::linear
        EXPECT_TRUE(matches_linear(project(x, w), x, w));
    }
    {
        GemmSwitch portable("portable");
        EXPECT_EQ(small_gemm_path(), SmallGemmPath::portable);
        EXPECT_TRUE(matches_linear(small_gemm(x, w), x, w));
    }
    {
        // "avx2" forces AVX2 where the CPU has it (the bench's comparison).
        GemmSwitch avx2("avx2");
        EXPECT_EQ(small_gemm_path(), small_gemm_supported(SmallGemmPath::avx2)
                                         ? SmallGemmPath::avx2
                                         : SmallGemmPath::portable);
    }
    const SmallGemmPath best = small_gemm_supported(SmallGemmPath::avx512) ? SmallGemmPath::avx512
                               : small_gemm_supported(SmallGemmPath::avx2)
                                   ? SmallGemmPath::avx2
                                   : SmallGemmPath::portable;
    GemmSwitch automatic("auto");
    EXPECT_EQ(small_gemm_path(), best);
    EXPECT_TRUE(small_gemm_applies(x, w));
    EXPECT_EQ(small_gemm_name(SmallGemmPath::off), "off");
    EXPECT_EQ(small_gemm_name(SmallGemmPath::portable), "portable");
    EXPECT_EQ(small_gemm_name(SmallGemmPath::avx2), "avx2");
    EXPECT_EQ(small_gemm_name(SmallGemmPath::avx512), "avx512");
}

// A path the CPU lacks, and "off", are refused, not run.
TEST(CpuSmallGemm, UnsupportedPathThrows) {
    const auto w = random_tensor({4, 64}, 600);
    const auto x = random_tensor({2, 64}, 601);
    EXPECT_THROW(small_gemm(x, w, SmallGemmPath::off), Error);
    for (SmallGemmPath path : {SmallGemmPath::avx2, SmallGemmPath::avx512}) {
        if (!small_gemm_supported(path)) {
            EXPECT_THROW(small_gemm(x, w, path), Error);
        }
    }
}

}  // namespace
}  // namespace facellava::model
