// CPU runtime settings: OpenBLAS's thread count under ScopedSingleThreadedBlas
// (nested and concurrent scopes, restored by the last).
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

}  // namespace
}  // namespace facellava::model
