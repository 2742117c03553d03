// The training forward on a CUDA device (skipped without one; the GPU machine
// runs it through scripts/gpu-check.sh): the same loss and LoRA gradients as
// on the CPU, and an optimiser on the GPU that actually learns.
#include <gtest/gtest.h>

#include <ATen/Context.h>

#include <cmath>

#include "../model/tensor_compare.h"
#include "test_support.h"
#include "trainer/fused_adamw.h"
#include "trainer/llama_train_forward.h"
#include "trainer/lora.h"
#include "trainer/optimizer_step.h"
#include "trainer/trainable_model.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

class CudaTraining : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!torch::cuda::is_available())
            GTEST_SKIP() << "no CUDA device visible";
        at::globalContext().setAllowTF32CuBLAS(false);
        at::globalContext().setAllowTF32CuDNN(false);
        checkpoint_ = testdata::make_tiny_checkpoint(test::make_temp_dir("cuda_training"));
    }
    std::string checkpoint_;
};

struct LossAndGrads {
    double loss = 0;
    std::vector<torch::Tensor> grads;  // on the CPU, in LoRA parameter order
};

LossAndGrads lora_step(const std::string& checkpoint, torch::Device device,
                       const torch::Tensor& embeds, const torch::Tensor& labels) {
    auto m = TrainableFaceLlava::load(checkpoint, device, false);
    for (auto& [name, t] : m->llm_parameters())
        t.set_requires_grad(false);
    LoraSettings settings;
    settings.rank = 4;
    settings.alpha = 8;
    settings.dropout = 0.0;
    LoraAdapters lora(m->llm(), settings, device);
    torch::manual_seed(21);  // the same adapter values on both devices: drawn on the CPU
    for (const auto& [name, t] : lora.named_parameters()) {
        torch::NoGradGuard no_grad;
        t.copy_(torch::randn(t.sizes()) * 0.05);
    }
    LlamaTrainForward forward(m->llm(), &lora);
    auto loss =
        causal_lm_loss_sum(forward, forward.hidden_states(embeds.to(device)), labels.to(device));
    loss.backward();
    LossAndGrads out;
    out.loss = loss.item<double>();
    for (const auto& [name, t] : lora.named_parameters())
        out.grads.push_back(t.grad().to(torch::kCPU));
    return out;
}

TEST_F(CudaTraining, LoraLossAndGradientsMatchTheCpu) {
    auto probe = TrainableFaceLlava::load(checkpoint_, torch::kCPU, false);
    const auto& llm = probe->hparams().llm;
    torch::manual_seed(7);
    const auto embeds = torch::randn({2, 13, llm.hidden_size});
    auto labels = torch::randint(0, llm.vocab_size, {2, 13}, torch::kInt64);
    labels.index_put_({0, torch::indexing::Slice(0, 5)}, -100);

    const auto cpu = lora_step(checkpoint_, torch::kCPU, embeds, labels);
    const auto gpu = lora_step(checkpoint_, torch::Device(torch::kCUDA, 0), embeds, labels);
    EXPECT_NEAR(gpu.loss, cpu.loss, 1e-4 * std::max(1.0, std::abs(cpu.loss)));
    ASSERT_EQ(gpu.grads.size(), cpu.grads.size());
    for (size_t i = 0; i < cpu.grads.size(); ++i)
        EXPECT_TRUE(test::tensors_close(gpu.grads[i], cpu.grads[i], 1e-4)) << i;
}

TEST_F(CudaTraining, AdamWOnTheGpuLearnsAFixedBatch) {
    const torch::Device gpu(torch::kCUDA, 0);
    auto m = TrainableFaceLlava::load(checkpoint_, gpu, false);
    const auto& llm = m->hparams().llm;
    torch::manual_seed(3);
    const auto embeds = torch::randn({4, 16, llm.hidden_size}).to(gpu);
    const auto labels = torch::randint(0, llm.vocab_size, {4, 16}, torch::kInt64).to(gpu);
    std::vector<torch::Tensor> params;
    for (auto& [name, t] : m->llm_parameters()) {
        t.set_requires_grad(true);
        params.push_back(t);
    }
    torch::optim::AdamW optimiser(params, torch::optim::AdamWOptions(3e-3).weight_decay(0.0));
    LlamaTrainForward forward(m->llm(), nullptr);
    double first = 0, last = 0;
    for (int step = 0; step < 40; ++step) {
        optimiser.zero_grad();
        auto loss =
            causal_lm_loss_sum(forward, forward.hidden_states(embeds), labels) / labels.numel();
        loss.backward();
        optimiser.step();
        (step == 0 ? first : last) = loss.item<double>();
    }
    EXPECT_TRUE(std::isfinite(last));
    EXPECT_LT(last, 0.5 * first) << "loss " << first << " -> " << last;
}

// The fused multi-tensor AdamW kernel takes the same step as LibTorch's
// per-tensor AdamW: two groups (one with weight decay), a parameter without a
// gradient in one step, the state made by step() on the first step.
TEST_F(CudaTraining, FusedAdamWStepEqualsThePerTensorStep) {
    const auto gpu = torch::TensorOptions().device(torch::kCUDA, 0);
    torch::manual_seed(8);
    const std::vector<std::vector<int64_t>> shapes = {{96, 40}, {40}, {7, 3, 5}, {1000}};
    std::vector<torch::Tensor> per_tensor, fused;
    for (const auto& shape : shapes) {
        const auto init = torch::randn(shape, gpu);
        per_tensor.push_back(init.clone().requires_grad_(true));
        fused.push_back(init.clone().requires_grad_(true));
    }
    const auto make = [](const std::vector<torch::Tensor>& p) {
        std::vector<torch::optim::OptimizerParamGroup> groups;
        groups.emplace_back(std::vector<torch::Tensor>{p[0], p[2]},
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(2e-2).weight_decay(0.1)));
        groups.emplace_back(std::vector<torch::Tensor>{p[1], p[3]},
                            std::make_unique<torch::optim::AdamWOptions>(
                                torch::optim::AdamWOptions(5e-3).weight_decay(0.0)));
        return std::make_unique<torch::optim::AdamW>(
            std::move(groups), torch::optim::AdamWOptions(1e-3).betas({0.8, 0.95}).eps(1e-6));
    };
    auto reference = make(per_tensor);
    auto under_test = make(fused);
    for (int step = 0; step < 6; ++step) {
        for (size_t i = 0; i < shapes.size(); ++i) {
            if (step == 3 && i == 2)
                continue;  // no gradient this step: left alone by both
            const auto grad = torch::randn(shapes[i], gpu);
            per_tensor[i].mutable_grad() = grad.clone();
            fused[i].mutable_grad() = grad.clone();
        }
        reference->step();
        if (step == 0) {
            EXPECT_FALSE(fused_adamw_step(*under_test)) << "no state before the first step()";
        }
        if (step == 0 || !fused_adamw_step(*under_test)) {
            ASSERT_EQ(step, 0) << "the fused kernel refused step " << step;
            under_test->step();
        }
        reference->zero_grad();
        under_test->zero_grad();
    }
    for (size_t i = 0; i < shapes.size(); ++i) {
        EXPECT_TRUE(test::tensors_close(fused[i].detach(), per_tensor[i].detach(), 1e-6)) << i;
    }
}

// The trainer's optimiser step on the GPU (multi-tensor norm, the clipping
// folded into the fused AdamW) takes the CPU's step (clip_grad_norm_'s
// factor, per-tensor AdamW): four groups, steps with the gradients clipped
// and one below the bound, and the same gradient norms returned.
TEST_F(CudaTraining, ClippedOptimizerStepEqualsTheCpuStep) {
    torch::manual_seed(9);
    const std::vector<std::pair<std::string, std::vector<int64_t>>> shapes = {
        {"model.layers.0.mlp.up_proj.weight", {64, 32}},
        {"model.norm.weight", {32}},
        {"model.mm_projector.0.weight", {16, 24}},
        {"model.mm_projector.0.bias", {16}}};
    NamedTensors on_cpu, on_gpu;
    for (const auto& [name, shape] : shapes) {
        const auto init = torch::randn(shape);
        on_cpu.emplace_back(name, init.clone().requires_grad_(true));
        on_gpu.emplace_back(name, init.to(torch::kCUDA).requires_grad_(true));
    }
    OptimSettings optim;
    optim.learning_rate = 1e-2;
    optim.projector_learning_rate = 3e-2;
    optim.weight_decay = 0.05;
    optim.max_grad_norm = 1.0;
    auto cpu_adamw = build_grouped_adamw(on_cpu, optim, "cpu");
    auto gpu_adamw = build_grouped_adamw(on_gpu, optim, "gpu");
    for (int step = 0; step < 5; ++step) {
        const double size = step == 3 ? 1e-3 : 1.0;  // step 3: norm below the bound
        for (size_t i = 0; i < shapes.size(); ++i) {
            const auto grad = torch::randn(shapes[i].second) * size;
            on_cpu[i].second.mutable_grad() = grad.clone();
            on_gpu[i].second.mutable_grad() = grad.to(torch::kCUDA);
        }
        const double lr = 1e-2 * (1.0 - 0.1 * step);
        const double cpu_norm = apply_optimizer_step(cpu_adamw, on_cpu, optim.max_grad_norm, lr);
        const double gpu_norm = apply_optimizer_step(gpu_adamw, on_gpu, optim.max_grad_norm, lr);
        EXPECT_NEAR(gpu_norm, cpu_norm, 1e-5 * cpu_norm) << "step " << step;
        EXPECT_EQ(cpu_norm > optim.max_grad_norm, step != 3) << "step " << step;
    }
    for (size_t i = 0; i < shapes.size(); ++i) {
        EXPECT_TRUE(test::tensors_close(on_gpu[i].second.detach(), on_cpu[i].second.detach(), 1e-5))
            << shapes[i].first;
    }
}

}  // namespace
}  // namespace facellava::training
