// Static-shape decode steps (generation/decode_step), the form CUDA graphs
// capture, against the ordinary cached forward on the LLaMA fixtures: run
// eagerly here, captured as graphs in the CUDA twin (test_cuda.cpp).
#include <gtest/gtest.h>

#include "facellava/core/error.h"
#include "generation/decode_session.h"
#include "generation/decode_step.h"
#include "generation/generator.h"
#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "llama_fixture.h"
#include "llm/llama_model.h"
#include "runtime/cuda_graph.h"
#include "tensor_compare.h"
#include "test_support.h"

namespace facellava::model {
namespace {

LlamaForCausalLM load_fixture(const std::string& name) {
    return test::load_llama_fixture(name);
}

torch::Tensor input_ids(const std::string& name) {
    return test::llama_fixture_tensor(name, "input_ids");
}

class DecodeStep : public ::testing::TestWithParam<std::string> {};

// Every step's logits equal the cached forward's, across window boundaries
// (window step 3: the attended window grows every third position). LibTorch
// 2.x sends masked and unmasked attention through different SDPA kernels:
// equal to rounding (1e-4 of the largest logit), not to the bit.
TEST_P(DecodeStep, StaticStepsEqualTheCachedForward) {
    torch::NoGradGuard no_grad;
    auto lm = load_fixture(GetParam());
    const auto ids = input_ids(GetParam());
    const int64_t total = ids.size(1), prompt = 2;
    ASSERT_GT(total, prompt + 3) << "the fixture prompt is too short for this test";
    KvCache eager = lm->make_cache(total);
    KvCache fixed = lm->make_cache(total);
    lm->forward(ids.narrow(1, 0, prompt), &eager);
    lm->forward(ids.narrow(1, 0, prompt), &fixed);
    DecodeStepRunner runner(lm, fixed, 1, torch::kCPU, /*use_graphs=*/false, /*window_step=*/3);
    EXPECT_FALSE(runner.uses_graphs());
    for (int64_t t = prompt; t < total; ++t) {
        const auto expected = lm->forward(ids.narrow(1, t, 1), &eager).select(1, 0);  // (1, V)
        const auto got = runner.step(ids.narrow(1, t, 1));                            // (1, V)
        EXPECT_TRUE(test::tensors_close(got, expected)) << "position " << t;
        EXPECT_EQ(fixed.length(), eager.length());
    }
}

// A batch of two different prompts decodes each row as it would alone.
TEST_P(DecodeStep, BatchRowsDecodeIndependently) {
    torch::NoGradGuard no_grad;
    auto lm = load_fixture(GetParam());
    const auto ids = input_ids(GetParam());
    const int64_t prompt = 3;
    const auto rows =
        torch::cat({ids.narrow(1, 0, prompt), ids.narrow(1, 1, prompt)}, 0);  // (2, P)
    KvCache batch_cache = lm->make_cache(prompt + 4);
    lm->forward(rows, &batch_cache);
    DecodeStepRunner runner(lm, batch_cache, 2, torch::kCPU, false, 2);
    std::vector<KvCache> alone;
    for (int64_t r = 0; r < 2; ++r) {
        alone.push_back(lm->make_cache(prompt + 4));
        lm->forward(rows.narrow(0, r, 1), &alone.back());
    }
    auto next = ids.narrow(1, prompt, 1).expand({2, 1}).contiguous();  // (2, 1)
    for (int step = 0; step < 4; ++step) {
        const auto got = runner.step(next);  // (2, V)
        for (int64_t r = 0; r < 2; ++r) {
            const auto expected =
                lm->forward(next.narrow(0, r, 1), &alone[static_cast<size_t>(r)]).select(1, 0);
            EXPECT_TRUE(test::tensors_close(got.narrow(0, r, 1), expected))
                << "row " << r << " step " << step;
        }
        next = got.argmax(-1, /*keepdim=*/true);
    }
}

TEST_P(DecodeStep, RefusesWhatItCannotDecode) {
    torch::NoGradGuard no_grad;
    auto lm = load_fixture(GetParam());
    const auto ids = input_ids(GetParam());
    KvCache empty = lm->make_cache(8);
    DecodeStepRunner on_empty(lm, empty, 1, torch::kCPU, false);
    EXPECT_THROW(on_empty.step(ids.narrow(1, 0, 1)), Error);  // nothing prefilled

    KvCache cache = lm->make_cache(3);
    lm->forward(ids.narrow(1, 0, 2), &cache);
    DecodeStepRunner runner(lm, cache, 1, torch::kCPU, false);
    EXPECT_THROW(runner.step(lm->hparams().vocab_size), Error);  // outside the vocabulary
    EXPECT_THROW(runner.step(-1), Error);
    EXPECT_THROW(runner.step(ids.narrow(1, 0, 2)), Error);  // (1, 2) is not one position
    runner.step(ids.narrow(1, 2, 1));                       // fills the last slot
    EXPECT_THROW(runner.step(ids.narrow(1, 3, 1)), Error);  // the cache is full
}

// Answers through one decode session (its cache reset and reused, grown for
// a longer prompt, its runner kept) equal fresh generate() calls, which decode
// with the ordinary cached forward.
TEST_P(DecodeStep, SessionAnswersEqualFreshGenerations) {
    torch::NoGradGuard no_grad;
    auto lm = load_fixture(GetParam());
    const auto ids = input_ids(GetParam());
    ASSERT_GE(ids.size(1), 6) << "the fixture prompt is too short for this test";
    SamplingParams greedy;
    greedy.max_new_tokens = 5;
    DecodeSession session(lm, torch::kCPU, /*use_graphs=*/false);
    const auto short_prompt = lm->embed(ids.narrow(1, 0, 2));
    const auto long_prompt = lm->embed(ids);
    int64_t steps = 0, allocations_after_long = 0;
    for (const auto* prompt : {&short_prompt, &long_prompt, &short_prompt}) {
        const auto fresh = generate(lm, *prompt, {}, greedy);
        const auto reused = generate(lm, session, *prompt, {}, greedy);
        EXPECT_EQ(reused.ids, fresh.ids) << "prompt of " << prompt->size(1);
        EXPECT_EQ(reused.stop_reason, fresh.stop_reason);
        steps += reused.timings.decode_steps;
        if (prompt == &long_prompt)
            allocations_after_long = session.cache().allocations();
    }
    EXPECT_GT(steps, 0);
    EXPECT_EQ(session.runner().steps(), steps) << "every decode step went through the session";
    EXPECT_GE(allocations_after_long, 1);
    EXPECT_EQ(session.cache().allocations(), allocations_after_long)
        << "the short prompt fits the grown cache: no reallocation";
    // A session on another device than the prompt's is refused.
    DecodeSession meta(lm, torch::Device(torch::kMeta), false);
    EXPECT_THROW(generate(lm, meta, short_prompt, {}, greedy), Error);
}

INSTANTIATE_TEST_SUITE_P(LlamaFixtures, DecodeStep, ::testing::Values("llama_mha", "llama_gqa"),
                         [](const auto& info) { return info.param; });

// Concurrent callers get a session each; a returned one is reused, reset.
TEST(DecodeSessionPool, OneSessionPerCallerReusedWhenReturned) {
    torch::NoGradGuard no_grad;
    auto lm = load_fixture("llama_mha");
    DecodeSessionPool pool(lm, torch::kCPU, /*use_graphs=*/false);
    const DecodeSession* first = nullptr;
    {
        const auto a = pool.acquire();
        const auto b = pool.acquire();
        EXPECT_NE(&*a, &*b);
        EXPECT_EQ(pool.sessions(), 2u);
        first = &*a;
        lm->forward(input_ids("llama_mha").narrow(1, 0, 3), &(*a).cache());
        EXPECT_EQ((*a).cache().length(), 3);
    }
    const auto again = pool.acquire();  // the last returned (a, after b)
    EXPECT_EQ(pool.sessions(), 2u) << "an idle session is reused";
    EXPECT_EQ(&*again, first);
    EXPECT_EQ((*again).cache().length(), 0) << "returned sessions are reset";
}

// A static step attends slots past its position with probability 0, and
// 0 × NaN is NaN: slots never written must hold zeros, not whatever the
// allocator returned (the GPU run found NaN logits before this).
TEST(DecodeStepCache, SlotsNotYetWrittenAreZero) {
    torch::NoGradGuard no_grad;
    KvCache cache(1);
    const auto opts = torch::TensorOptions().dtype(torch::kFloat32);
    cache.prepare(1, 2, 4, 8, opts);
    const auto one = torch::ones({1, 2, 1, 4}, opts);
    const auto [keys, values] = cache.write_at(0, torch::tensor({0}, torch::kInt64), one, one, 8);
    EXPECT_EQ(keys.sum().item<double>(), 8.0);  // only slot 0 was written
    EXPECT_EQ(values.sum().item<double>(), 8.0);
    EXPECT_TRUE(torch::isfinite(keys).all().item<bool>());
    cache.advance(1);
    cache.reserve(64);  // growth keeps the filled slot and zeroes the rest
    const auto [grown, unused] = cache.write_at(0, torch::tensor({40}), one, one, 64);
    EXPECT_EQ(grown.sum().item<double>(), 16.0);
}

TEST(CudaGraph, BuildsWithoutGraphsRefuseToCapture) {
    if (CudaGraph::supported())
        GTEST_SKIP() << "this LibTorch has CUDA graphs (tested in Cuda.*)";
    CudaGraph graph;
    bool ran = false;
    EXPECT_THROW(graph.capture([&] { ran = true; }), Error);
    EXPECT_FALSE(ran);
    EXPECT_THROW(graph.replay(), Error);
    EXPECT_FALSE(DecodeStepRunner::graphs_wanted(torch::kCPU));
}

}  // namespace
}  // namespace facellava::model
