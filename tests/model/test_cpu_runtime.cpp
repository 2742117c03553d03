// CPU runtime settings: OpenBLAS's thread count under ScopedSingleThreadedBlas
// (nested and concurrent scopes, restored by the last), and both thread counts
// restored by ScopedCpuThreads.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "facellava/model/runtime.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

TEST(CpuRuntime, SingleThreadedBlasScopesNestAndRestore) {
    const int before = blas_threads();
    if (before == 0)
        GTEST_SKIP() << "LibTorch does not use OpenBLAS here";
    {
        ScopedSingleThreadedBlas outer;
        EXPECT_EQ(blas_threads(), 1);
        {
            ScopedSingleThreadedBlas inner;
            EXPECT_EQ(blas_threads(), 1);
        }
        EXPECT_EQ(blas_threads(), 1) << "the inner scope must not restore while the outer lives";
    }
    EXPECT_EQ(blas_threads(), before);
}

TEST(CpuRuntime, ConcurrentScopesRestoreOnceAllEnd) {
    const int before = blas_threads();
    if (before == 0)
        GTEST_SKIP() << "LibTorch does not use OpenBLAS here";
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([] {
            for (int i = 0; i < 200; ++i) {
                ScopedSingleThreadedBlas scope;
                // A matrix product inside the scope, as a frame worker runs one.
                const auto a = torch::ones({32, 32});
                EXPECT_FLOAT_EQ(torch::mm(a, a)[0][0].item<float>(), 32.0f);
            }
        });
    for (auto& t : threads)
        t.join();
    EXPECT_EQ(blas_threads(), before);
}

TEST(CpuRuntime, ScopedCpuThreadsRestoresBothCounts) {
    const int cpu_before = cpu_threads(), blas_before = blas_threads();
    const int other = cpu_before == 3 ? 2 : 3;
    {
        ScopedCpuThreads restore;
        set_cpu_threads(other);
        ASSERT_EQ(cpu_threads(), other);
        if (blas_before > 0) {
            ASSERT_EQ(blas_threads(), other);
        }
    }
    EXPECT_EQ(cpu_threads(), cpu_before);
    EXPECT_EQ(blas_threads(), blas_before);
}

}  // namespace
}  // namespace facellava::model
