// The fused AdamW step's refusals: what it cannot take is left, untouched, to
// LibTorch's per-tensor step (its GPU equality: CudaTraining.FusedAdamW…).
#include <gtest/gtest.h>

#include "trainer/fused_adamw.h"

namespace facellava::training {
namespace {

TEST(FusedAdamW, LeavesCpuParametersUntouchedToThePerTensorStep) {
    torch::manual_seed(4);
    auto weight = torch::randn({8, 4}).requires_grad_(true);
    torch::optim::AdamW optimiser({weight}, torch::optim::AdamWOptions(1e-2));
    weight.mutable_grad() = torch::randn({8, 4});
    optimiser.step();  // makes the state
    weight.mutable_grad() = torch::randn({8, 4});
    const auto before = weight.detach().clone();
    EXPECT_FALSE(fused_adamw_step(optimiser));
    EXPECT_TRUE(torch::equal(weight.detach(), before));
    optimiser.step();
    EXPECT_FALSE(torch::equal(weight.detach(), before));
}

TEST(FusedAdamW, RefusesAStepWithNoGradients) {
    auto weight = torch::zeros({3}).requires_grad_(true);
    torch::optim::AdamW optimiser({weight}, torch::optim::AdamWOptions(1e-2));
    EXPECT_FALSE(fused_adamw_step(optimiser));
}

}  // namespace
}  // namespace facellava::training
