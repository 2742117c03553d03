// The trainer's optimiser step on the CPU against LibTorch's own pieces:
// torch::nn::utils::clip_grad_norm_ then AdamW over HF's groups (its GPU
// twin, with the clipping folded into the fused kernel, is
// CudaTraining.ClippedOptimizerStepEqualsTheCpuStep).
#include <gtest/gtest.h>

#include "trainer/optimizer_step.h"

namespace facellava::training {
namespace {

NamedTensors two_tensors(const torch::Tensor& matrix, const torch::Tensor& vector) {
    return {{"model.layers.0.self_attn.o_proj.weight", matrix.clone().requires_grad_(true)},
            {"model.layers.0.input_layernorm.weight", vector.clone().requires_grad_(true)}};
}

TEST(OptimizerStep, ClipsAsClipGradNormThenTakesAdamWsStep) {
    torch::manual_seed(14);
    const auto matrix = torch::randn({12, 8}), vector = torch::randn({8});
    for (const double max_norm : {1.0, 1e3, 0.0}) {  // clipped, under the bound, no clipping
        SCOPED_TRACE("max_grad_norm " + std::to_string(max_norm));
        OptimSettings optim;
        optim.weight_decay = 0.1;
        auto ours = two_tensors(matrix, vector), reference = two_tensors(matrix, vector);
        auto adamw = build_grouped_adamw(ours, optim, "test");
        // HF's groups by hand: decay on the matrix, none on the norm weight.
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(std::vector<torch::Tensor>{reference[0].second},
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(3e-3).weight_decay(0.1)));
        groups.emplace_back(std::vector<torch::Tensor>{reference[1].second},
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(3e-3).weight_decay(0.0)));
        torch::optim::AdamW reference_adamw(std::move(groups), torch::optim::AdamWOptions(3e-3));
        for (int step = 0; step < 3; ++step) {
            for (size_t i = 0; i < ours.size(); ++i) {
                const auto grad = torch::randn(ours[i].second.sizes()) * 2.0;
                ours[i].second.mutable_grad() = grad.clone();
                reference[i].second.mutable_grad() = grad.clone();
            }
            const double norm = apply_optimizer_step(adamw, ours, max_norm, 3e-3);
            const std::vector<torch::Tensor> params{reference[0].second, reference[1].second};
            const double expected =
                max_norm > 0 ? torch::nn::utils::clip_grad_norm_(params, max_norm)
                             : torch::stack({params[0].grad().norm(), params[1].grad().norm()})
                                   .norm()
                                   .item<double>();
            reference_adamw.step();
            reference_adamw.zero_grad();
            EXPECT_NEAR(norm, expected, 1e-6 * expected) << "step " << step;
            EXPECT_GT(norm, 1.0) << "the gradients are large enough to be clipped at 1";
            for (size_t i = 0; i < ours.size(); ++i) {
                EXPECT_TRUE(torch::allclose(ours[i].second, reference[i].second, 0, 1e-7))
                    << ours[i].first << ", step " << step;
                EXPECT_FALSE(ours[i].second.grad().defined() &&
                             ours[i].second.grad().abs().sum().item<double>() > 0)
                    << "gradients are zeroed after the step";
            }
        }
    }
}

}  // namespace
}  // namespace facellava::training
