// The training forward against the inference model, LoRA (identity at init,
// merge = unmerged forward), and activation checkpointing (same gradients).
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>

#include "../model/tensor_compare.h"
#include "test_support.h"
#include "trainer/llama_train_forward.h"
#include "trainer/lora.h"
#include "trainer/trainable_model.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

std::unique_ptr<TrainableFaceLlava> tiny_model() {
    const auto dir = test::make_temp_dir("forward");
    return TrainableFaceLlava::load(testdata::make_tiny_checkpoint(dir), torch::kCPU, false);
}

torch::Tensor random_embeds(const TrainableFaceLlava& m, int64_t batch, int64_t len,
                            uint64_t seed) {
    torch::manual_seed(seed);
    return torch::randn({batch, len, m.hparams().llm.hidden_size});
}

TEST(TrainForward, MatchesTheInferenceModel) {
    torch::NoGradGuard no_grad;
    auto m = tiny_model();
    LlamaTrainForward forward(m->llm(), nullptr);
    const auto embeds = random_embeds(*m, 2, 19, 1);
    const auto expected = m->llm()->forward_embeddings(embeds, nullptr);
    EXPECT_TRUE(test::tensors_close(forward.logits(forward.hidden_states(embeds)), expected, 1e-5));
    // Incremental decoding with a cache gives the same last-position logits.
    model::KvCache cache(m->hparams().llm.num_hidden_layers);
    forward.hidden_states(embeds.narrow(1, 0, 12), &cache);
    const auto tail = forward.hidden_states(embeds.narrow(1, 12, 7), &cache);
    EXPECT_TRUE(test::tensors_close(forward.logits(tail), expected.narrow(1, 12, 7), 1e-5));
}

// Full fine-tuning: the training forward multiplies by q|k|v and gate|up as
// one concatenated weight; every parameter must still get the gradient the
// inference model's separate projections give it, and a LoRA stage's frozen
// base (viewed in place, no copy) must get none.
TEST(TrainForward, StackedProjectionsRouteEachWeightItsOwnGradient) {
    auto m = tiny_model();
    auto llm = m->llm();
    const auto embeds = random_embeds(*m, 2, 11, 6);
    const auto grads_of = [&](const std::function<torch::Tensor()>& logits) {
        for (auto& p : llm->parameters()) {
            p.set_requires_grad(true);
            p.mutable_grad() = torch::Tensor();
        }
        logits().pow(2).mean().backward();
        std::map<std::string, torch::Tensor> grads;
        for (const auto& item : llm->named_parameters()) {
            if (item.value().grad().defined())  // the input embedding's is not
                grads[item.key()] = item.value().grad().clone();
        }
        return grads;
    };
    LlamaTrainForward forward(llm, nullptr);
    const auto ours = grads_of([&] { return forward.logits(forward.hidden_states(embeds)); });
    const auto expected = grads_of([&] { return llm->forward_embeddings(embeds, nullptr); });
    ASSERT_EQ(ours.size(), expected.size());
    EXPECT_GE(expected.size(), size_t(9 * m->hparams().llm.num_hidden_layers));
    for (const auto& [name, grad] : expected) {
        EXPECT_GT(grad.abs().max().item<double>(), 0.0) << name;
        EXPECT_TRUE(test::tensors_close(ours.at(name), grad, 1e-5)) << name;
    }

    for (auto& p : llm->parameters()) {
        p.set_requires_grad(false);
        p.mutable_grad() = torch::Tensor();
    }
    LoraSettings settings;
    settings.rank = 2;
    settings.alpha = 4;
    settings.dropout = 0.0;
    LoraAdapters lora(llm, settings, torch::kCPU);
    LlamaTrainForward adapted(llm, &lora);
    adapted.logits(adapted.hidden_states(embeds)).pow(2).mean().backward();
    for (const auto& item : llm->named_parameters())
        EXPECT_FALSE(item.value().grad().defined()) << item.key() << " is frozen";
    for (const auto& [name, t] : lora.named_parameters())
        EXPECT_TRUE(t.grad().defined()) << name;
}

TEST(TrainForward, LoraStartsAsTheBaseModelAndMergesExactly) {
    auto m = tiny_model();
    torch::manual_seed(3);
    LoraSettings settings;
    settings.rank = 4;
    settings.alpha = 8;
    settings.dropout = 0.0;
    LoraAdapters lora(m->llm(), settings, torch::kCPU);
    EXPECT_EQ(lora.size(), size_t(7 * m->hparams().llm.num_hidden_layers));
    LlamaTrainForward with_lora(m->llm(), &lora);
    LlamaTrainForward plain(m->llm(), nullptr);
    torch::NoGradGuard no_grad;
    const auto embeds = random_embeds(*m, 1, 9, 2);
    const auto base = plain.logits(plain.hidden_states(embeds));
    // B = 0: every delta is exactly zero, so the adapted model is the base.
    // (Not bit for bit: a delta added makes q, k and v contiguous where the
    // base's are views of the stacked GEMM's output, and LibTorch's CPU
    // attention may block either layout differently.)
    for (const auto& [name, t] : lora.named_parameters()) {
        if (name.find(".lora_A") == std::string::npos)
            continue;
        const auto module = name.substr(0, name.find(".lora_A"));
        const auto* layer = lora.find(module);
        ASSERT_NE(layer, nullptr) << module;
        EXPECT_TRUE(torch::equal(layer->merged_delta(), torch::zeros_like(layer->merged_delta())))
            << module;
    }
    EXPECT_TRUE(test::tensors_close(with_lora.logits(with_lora.hidden_states(embeds)), base, 1e-6));

    for (const auto& [name, t] : lora.named_parameters())
        t.normal_(0.0, 0.05);
    const auto adapted = with_lora.logits(with_lora.hidden_states(embeds));
    EXPECT_GT((adapted - base).abs().max().item<double>(), 1e-3);
    lora.merge_into(m->llm());
    EXPECT_TRUE(test::tensors_close(plain.logits(plain.hidden_states(embeds)), adapted, 1e-5));
}

TEST(TrainForward, ActivationCheckpointingGivesTheSameGradients) {
    auto m = tiny_model();
    torch::manual_seed(5);
    LoraSettings settings;
    settings.rank = 4;
    settings.alpha = 8;
    settings.dropout = 0.2;  // the recomputation must draw the same masks
    LoraAdapters lora(m->llm(), settings, torch::kCPU);
    for (const auto& [name, t] : lora.named_parameters()) {
        torch::NoGradGuard no_grad;
        t.normal_(0.0, 0.05);
    }
    for (auto& [name, t] : m->llm_parameters())
        t.set_requires_grad(false);
    LlamaTrainForward forward(m->llm(), &lora);
    const auto embeds = random_embeds(*m, 2, 11, 4);
    auto labels = torch::randint(0, m->hparams().llm.vocab_size, {2, 11}, torch::kInt64);
    labels.index_put_({0, torch::indexing::Slice(0, 4)}, -100);

    auto gradients = [&](bool checkpointing) {
        forward.set_activation_checkpointing(checkpointing);
        for (const auto& [name, t] : lora.named_parameters())
            t.mutable_grad() = torch::Tensor();
        torch::manual_seed(99);
        const auto loss = causal_lm_loss_sum(forward, forward.hidden_states(embeds), labels);
        loss.backward();
        std::vector<torch::Tensor> grads;
        for (const auto& [name, t] : lora.named_parameters())
            grads.push_back(t.grad().clone());
        return std::make_pair(loss.item<double>(), grads);
    };
    const auto [loss_plain, plain] = gradients(false);
    const auto [loss_ckpt, ckpt] = gradients(true);
    EXPECT_NEAR(loss_plain, loss_ckpt, 1e-6);
    ASSERT_EQ(plain.size(), ckpt.size());
    double max_grad = 0;
    for (size_t i = 0; i < plain.size(); ++i) {
        EXPECT_TRUE(test::tensors_close(ckpt[i], plain[i], 1e-6)) << i;
        max_grad = std::max(max_grad, plain[i].abs().max().item<double>());
    }
    EXPECT_GT(max_grad, 0.0);
}

TEST(TrainForward, LossSumMatchesCrossEntropyOverShiftedLabels) {
    torch::NoGradGuard no_grad;
    auto m = tiny_model();
    LlamaTrainForward forward(m->llm(), nullptr);
    const auto embeds = random_embeds(*m, 2, 6, 8);
    auto labels = torch::full({2, 6}, -100, torch::kInt64);
    labels[0][3] = 17;
    labels[1][5] = 4;
    labels[1][0] = 9;  // position 0 is never a target
    const auto logits = m->llm()->forward_embeddings(embeds, nullptr);
    const double expected = -torch::log_softmax(logits[0][2], -1)[17].item<double>() -
                            torch::log_softmax(logits[1][4], -1)[4].item<double>();
    EXPECT_NEAR(causal_lm_loss_sum(forward, forward.hidden_states(embeds), labels).item<double>(),
                expected, 1e-4);
}

}  // namespace
}  // namespace facellava::training
