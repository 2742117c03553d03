// Sampler: greedy equivalences, HF processor math, reproducibility and the
// sampled distribution.
#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <vector>

#include "facellava/core/error.h"
#include "generation/sampler.h"
#include "tensor_compare.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

torch::Tensor random_logits(int64_t vocab, uint64_t seed) {
    auto gen = at::detail::createCPUGenerator(seed);
    return torch::randn({vocab}, gen) * 3.0;
}

SamplingParams sampling(float temperature, uint64_t seed) {
    SamplingParams p;
    p.temperature = temperature;
    p.seed = seed;
    return p;
}

TEST(Sampler, GreedyIsArgmax) {
    Sampler sampler(SamplingParams{});
    for (uint64_t s = 0; s < 20; ++s) {
        const auto logits = random_logits(97, s);
        EXPECT_EQ(sampler.sample(logits, {}), logits.argmax().item<int64_t>());
    }
}

TEST(Sampler, TopK1EqualsGreedy) {
    auto p = sampling(1.5f, 7);
    p.top_k = 1;
    Sampler sampler(p);
    for (uint64_t s = 0; s < 50; ++s) {
        const auto logits = random_logits(97, s);
        EXPECT_EQ(sampler.sample(logits, {}), logits.argmax().item<int64_t>());
    }
}

TEST(Sampler, TinyTopPEqualsGreedy) {
    auto p = sampling(1.0f, 11);
    p.top_p = 1e-6f;
    Sampler sampler(p);
    for (uint64_t s = 0; s < 50; ++s) {
        const auto logits = random_logits(97, s);
        EXPECT_EQ(sampler.sample(logits, {}), logits.argmax().item<int64_t>());
    }
}

TEST(Sampler, RepetitionPenaltyFollowsHfSemantics) {
    const auto logits = torch::tensor({2.0f, -1.0f, 0.5f, -3.0f, 4.0f});
    // Duplicates count once; ids outside the row (image sentinels) are ignored.
    const auto out = apply_repetition_penalty(logits, {0, 1, 1, -200, 99}, 2.0f);
    EXPECT_TRUE(test::tensors_close(out, torch::tensor({1.0f, -2.0f, 0.5f, -3.0f, 4.0f}), 0.0));
    EXPECT_TRUE(test::tensors_close(logits, torch::tensor({2.0f, -1.0f, 0.5f, -3.0f, 4.0f}), 0.0));
    // It changes the greedy choice: 3.0 / 2 < 2.0.
    auto p = SamplingParams{};
    p.repetition_penalty = 2.0f;
    EXPECT_EQ(Sampler(p).sample(torch::tensor({3.0f, 2.0f}), {0}), 1);
    EXPECT_EQ(Sampler(SamplingParams{}).sample(torch::tensor({3.0f, 2.0f}), {0}), 0);
}

TEST(Sampler, TopKAndTopPKeepTheRightTokens) {
    const auto logits = torch::tensor({0.5f, 0.3f, 0.15f, 0.05f}).log();
    const auto k2 = apply_top_k(logits, 2);
    EXPECT_TRUE(torch::isfinite(k2).equal(torch::tensor({true, true, false, false})));
    // Ascending mass ≤ 1 - 0.75 = 0.25 is dropped: 0.05 and 0.15 (cumulative 0.2).
    const auto p75 = apply_top_p(logits, 0.75f);
    EXPECT_TRUE(torch::isfinite(p75).equal(torch::tensor({true, true, false, false})));
    // The top token survives any p.
    EXPECT_TRUE(torch::isfinite(apply_top_p(logits, 1e-9f))
                    .equal(torch::tensor({true, false, false, false})));
}

TEST(Sampler, SameSeedSameSamples) {
    const auto draw = [](uint64_t seed) {
        auto p = sampling(1.0f, seed);
        p.top_k = 40;
        p.top_p = 0.9f;
        Sampler sampler(p);
        std::vector<int64_t> ids;
        for (uint64_t s = 0; s < 64; ++s)
            ids.push_back(sampler.sample(random_logits(200, s), ids));
        return ids;
    };
    EXPECT_EQ(draw(1234), draw(1234));
    EXPECT_NE(draw(1234), draw(4321));
}

// Empirical frequencies over many draws against softmax(logits / T). With
// N = 40000 the standard error is ≤ 0.0025; the bound (0.015) is six of them,
// while a sampler that ignores the temperature or the top-k renormalisation is
// off by ≥ 0.05 on some token.
void expect_distribution(const SamplingParams& params, const torch::Tensor& logits,
                         const std::vector<double>& expected) {
    Sampler sampler(params);
    constexpr int kDraws = 40000;
    std::vector<int> counts(expected.size(), 0);
    for (int i = 0; i < kDraws; ++i)
        ++counts.at(static_cast<size_t>(sampler.sample(logits, {})));
    for (size_t i = 0; i < expected.size(); ++i)
        EXPECT_NEAR(counts[i] / double(kDraws), expected[i], 0.015) << "token " << i;
}

TEST(Sampler, TemperatureSamplingMatchesSoftmax) {
    const auto logits = torch::tensor({1.0f, 2.0f, 0.5f});
    const float temperature = 0.7f;
    const auto probs = torch::softmax(logits.to(torch::kFloat64) / temperature, 0);
    expect_distribution(
        sampling(temperature, 99), logits,
        {probs[0].item<double>(), probs[1].item<double>(), probs[2].item<double>()});
}

TEST(Sampler, TopKSamplingRenormalisesTheKeptTokens) {
    const auto logits = torch::tensor({1.0f, 2.0f, 1.5f});
    auto p = sampling(1.0f, 5);
    p.top_k = 2;
    const double a = std::exp(2.0), b = std::exp(1.5);
    expect_distribution(p, logits, {0.0, a / (a + b), b / (a + b)});
}

TEST(Sampler, RejectsInvalidParams) {
    const auto invalid = [](auto edit) {
        SamplingParams p;
        edit(p);
        EXPECT_THROW(Sampler{p}, Error);
    };
    invalid([](SamplingParams& p) { p.temperature = -1.0f; });
    invalid([](SamplingParams& p) { p.top_p = 0.0f; });
    invalid([](SamplingParams& p) { p.top_p = 1.5f; });
    invalid([](SamplingParams& p) { p.top_k = -2; });
    invalid([](SamplingParams& p) { p.repetition_penalty = 0.0f; });
    invalid([](SamplingParams& p) { p.max_new_tokens = -1; });
    invalid([](SamplingParams& p) { p.stop_strings = {""}; });
    EXPECT_THROW(Sampler(SamplingParams{}).sample(torch::zeros({2, 3}), {}), Error);
}

}  // namespace
}  // namespace facellava::model
