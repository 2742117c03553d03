// GraphedCall and upload() off the GPU: the same values as the plain calls
// (their CUDA side: Cuda.GraphedCall…, Cuda.TowerGraphs…).
#include <gtest/gtest.h>

#include "runtime/graphed_call.h"
#include "runtime/host_upload.h"

namespace facellava::model {
namespace {

TEST(GraphedCall, CpuInputsRunTheFunctionEagerly) {
    int calls = 0;
    GraphedCall graphed(
        [&](const torch::Tensor& x) {
            ++calls;
            return x * 2 + 1;
        },
        /*use_graphs=*/true);
    const auto x = torch::arange(6, torch::kFloat32).view({2, 3});
    EXPECT_TRUE(torch::equal(graphed(x), x * 2 + 1));
    EXPECT_TRUE(torch::equal(graphed(x), x * 2 + 1));
    EXPECT_EQ(calls, 2);
    EXPECT_EQ(graphed.captures(), 0);
}

TEST(HostUpload, GivesTheValuesInTheRequestedDtype) {
    const auto x = torch::randn({2, 3, 4});
    const auto bf16 = upload(x, torch::TensorOptions().dtype(torch::kBFloat16));
    EXPECT_EQ(bf16.scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(bf16, x.to(torch::kBFloat16)));
    const auto same = upload(x.transpose(0, 2), torch::TensorOptions().dtype(torch::kFloat32));
    EXPECT_TRUE(torch::equal(same, x.transpose(0, 2)));
}

}  // namespace
}  // namespace facellava::model
