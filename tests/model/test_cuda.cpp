// The facellava_tiny fixture on a CUDA device. CPU CI skips these; the GPU
// machine runs them through scripts/gpu-check.sh. fp32 on the GPU must meet
// the same references as the CPU (TF32 off, as the fixtures were made in
// true fp32); bf16, the engine's CUDA default, must stay close to them.
#include <gtest/gtest.h>

#include <ATen/Context.h>
#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include <cmath>
#include <map>

#include "attention_reference.h"
#include "generation/batch_decoder.h"
#include "generation/decode_session.h"
#include "generation/decode_step.h"
#include "generation/generator.h"
#include "io/safetensors.h"
#include "llm/attention_math.h"
#include "llm/kv_cache.h"
#include "llm/llama_hparams.h"
#include "llm/rms_norm.h"
#include "runtime/cuda_graph.h"
#include "runtime/graphed_call.h"
#include "tensor_compare.h"
#include "test_support.h"
#include "tiny_fixture.h"

namespace facellava::model {
namespace {

class Cuda : public ::testing::Test {
  protected:
    void SetUp() override {
        if (!torch::cuda::is_available())
            GTEST_SKIP() << "no CUDA device visible";
        at::globalContext().setAllowTF32CuBLAS(false);
        at::globalContext().setAllowTF32CuDNN(false);
    }
    static torch::TensorOptions on_gpu(torch::Dtype dtype) {
        return torch::TensorOptions().device(torch::kCUDA, 0).dtype(dtype);
    }
    // 13 seeded random prompt positions for the tiny model's LLM, on the GPU.
    static torch::Tensor random_prompt(const LlamaHParams& hp, uint64_t seed) {
        torch::manual_seed(seed);
        return torch::randn({1, 13, hp.hidden_size}, on_gpu(torch::kFloat32));
    }
};

TEST_F(Cuda, Float32MatchesEveryReferenceOfTheTinyModel) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    ASSERT_TRUE(model->device().is_cuda());
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    for (const auto& p : tiny::prefixes(io)) {
        SCOPED_TRACE(p);
        auto pixels = io.tensor(p + ".pixel_values");
        auto landmarks = io.tensor(p + ".landmarks");
        const bool video = pixels.dim() == 5;
        auto enc = video ? model->encode_video(pixels, landmarks)
                         : model->encode_images(pixels, landmarks);
        ASSERT_TRUE(enc.tokens.is_cuda());
        EXPECT_TRUE(test::tensors_close(enc.features, io.tensor(p + ".tower_features"), 1e-3));
        EXPECT_TRUE(test::tensors_close(enc.tokens, io.tensor(p + ".visual_tokens"), 1e-3));
        const auto ids = tiny::ids_of(io.tensor(p + ".input_ids"));
        auto embeds = model->splice(ids, visual_segments(enc.tokens));
        auto logits = model->llm()->forward_embeddings(embeds, nullptr);
        EXPECT_TRUE(test::tensors_close(logits, io.tensor(p + ".logits"), 1e-3));
        if (io.contains(p + ".greedy_new_ids")) {
            const auto expected = tiny::ids_of(io.tensor(p + ".greedy_new_ids"));
            SamplingParams greedy;
            greedy.max_new_tokens = int(expected.size());
            EXPECT_EQ(generate(model->llm(), embeds, ids, greedy).ids, expected);
        }
    }
}

TEST_F(Cuda, BFloat16StaysCloseToTheFloat32Reference) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kBFloat16));
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    for (const auto& p : tiny::prefixes(io)) {
        SCOPED_TRACE(p);
        auto pixels = io.tensor(p + ".pixel_values");
        auto landmarks = io.tensor(p + ".landmarks");
        const bool video = pixels.dim() == 5;
        auto enc = video ? model->encode_video(pixels, landmarks)
                         : model->encode_images(pixels, landmarks);
        const auto ids = tiny::ids_of(io.tensor(p + ".input_ids"));
        auto logits =
            model->llm()
                ->forward_embeddings(model->splice(ids, visual_segments(enc.tokens)), nullptr)
                .to(torch::kCPU, torch::kFloat32)
                .squeeze(0);
        auto expected = io.tensor(p + ".logits").to(torch::kFloat32).squeeze(0);
        // Per position: the logit vectors point the same way and mostly pick
        // the same token (bf16 keeps 8 bits of mantissa; ties may flip).
        const auto cosine = torch::cosine_similarity(logits, expected, -1);
        EXPECT_GT(cosine.min().item<double>(), 0.99) << cosine;
        const double agree =
            logits.argmax(-1).eq(expected.argmax(-1)).to(torch::kFloat64).mean().item<double>();
        EXPECT_GE(agree, 0.9);
    }
}

TEST_F(Cuda, CachedDecodingEqualsTheFullForward) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    torch::manual_seed(11);
    const auto hidden = model->hparams().llm.hidden_size;
    auto embeds = torch::randn({1, 23, hidden}, on_gpu(torch::kFloat32));
    const auto full = model->llm()->forward_embeddings(embeds, nullptr);
    KvCache cache(model->hparams().llm.num_hidden_layers);
    model->llm()->forward_embeddings(embeds.narrow(1, 0, 15), &cache);
    for (int64_t i = 15; i < 23; ++i) {
        const auto step = model->llm()->forward_embeddings(embeds.narrow(1, i, 1), &cache);
        EXPECT_TRUE(test::tensors_close(step, full.narrow(1, i, 1), 1e-4)) << "position " << i;
    }
}

// Continuous batching over a shared prefix on the GPU (float32, so greedy
// ids must match exactly): sequences of different suffixes and lengths pick
// the tokens batch-1 generate() picks on the same device.
TEST_F(Cuda, BatchedDecodingOverASharedPrefixPicksBatchOnesTokens) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    auto lm = model->llm();
    const auto& hp = lm->hparams();
    torch::manual_seed(12);
    const auto prompt = torch::randn({1, 21, hp.hidden_size}, on_gpu(torch::kFloat32));
    const int64_t shared = 15;
    auto cache = lm->make_cache(shared);
    lm->hidden_states(prompt.narrow(1, 0, shared), &cache);
    const auto prefix = PrefixKv::from_cache(cache).front();
    BatchDecoder decoder(lm, 3);
    std::vector<GenerationResult> expected;
    std::map<int64_t, size_t> case_of;
    for (size_t i = 0; i < 4; ++i) {
        const int64_t length = 17 + int64_t(i);  // 2..5 tokens of its own
        SamplingParams params;
        params.max_new_tokens = 4 + int(i);
        expected.push_back(generate(lm, prompt.narrow(1, 0, length), {}, params));
        BatchSequence s;
        s.prefix = prefix;
        s.suffix_embeds = prompt.narrow(1, shared, length - shared);
        s.params = params;
        if (decoder.full())
            while (decoder.active() == decoder.max_batch())
                for (auto& f : decoder.step())
                    EXPECT_EQ(f.result.ids, expected[case_of.at(f.id)].ids) << f.id;
        case_of[decoder.add(std::move(s))] = i;
    }
    while (decoder.active() > 0)
        for (auto& f : decoder.step())
            EXPECT_EQ(f.result.ids, expected[case_of.at(f.id)].ids) << f.id;
}

// The static decode steps captured as CUDA graphs (one per 8-slot window here,
// so the run crosses several) give the eager cached forward's logits.
TEST_F(Cuda, GraphDecodeStepsEqualTheEagerForward) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    auto lm = model->llm();
    const auto prompt = random_prompt(model->hparams().llm, 12);
    KvCache eager = lm->make_cache(13 + 20);
    KvCache fixed = lm->make_cache(13 + 20);
    const auto first = lm->forward_embeddings(prompt, &eager).select(1, 12).argmax(-1, true);
    lm->forward_embeddings(prompt, &fixed);
    DecodeStepRunner runner(lm, fixed, 1, torch::Device(torch::kCUDA, 0), /*use_graphs=*/true,
                            /*window_step=*/8);
    auto next = first;  // (1, 1)
    for (int step = 0; step < 20; ++step) {
        const auto expected = lm->forward(next, &eager).select(1, 0);  // (1, V)
        const auto got = runner.step(next).clone();
        EXPECT_TRUE(test::tensors_close(got, expected, 1e-4)) << "step " << step;
        next = expected.argmax(-1, true);
    }
    EXPECT_EQ(runner.uses_graphs(), CudaGraph::supported()) << runner.graph_error();
    EXPECT_EQ(fixed.length(), eager.length());
}

// Two answers through one decode session: both equal a fresh generate(),
// and the second replays the graphs the first captured (none captured again).
TEST_F(Cuda, SessionReplaysItsGraphsAcrossAnswers) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    auto lm = model->llm();
    const auto prompt = random_prompt(model->hparams().llm, 13);
    SamplingParams greedy;
    greedy.max_new_tokens = 12;
    DecodeSession session(lm, torch::Device(torch::kCUDA, 0), /*use_graphs=*/true);
    const auto fresh = generate(lm, prompt, {}, greedy);
    const auto first = generate(lm, session, prompt, {}, greedy);
    const int64_t captured = session.runner().captures();
    const auto second = generate(lm, session, prompt, {}, greedy);
    EXPECT_EQ(first.ids, fresh.ids);
    EXPECT_EQ(second.ids, fresh.ids);
    ASSERT_EQ(session.runner().uses_graphs(), CudaGraph::supported())
        << session.runner().graph_error();
    if (CudaGraph::supported()) {
        EXPECT_GE(captured, 1);
    }
    EXPECT_EQ(session.runner().captures(), captured)
        << "the second answer replays the first one's graphs";
}

// A graphed call equals the eager function, captures once per shape up to
// its bound, hands back results of its own, and captures again after reset().
TEST_F(Cuda, GraphedCallEqualsTheEagerFunctionPerShape) {
    torch::NoGradGuard no_grad;
    torch::manual_seed(6);
    const auto weight = torch::randn({48, 32}, on_gpu(torch::kFloat32));
    const auto fn = [&](const torch::Tensor& x) {
        return torch::gelu(torch::matmul(x, weight.t()));
    };
    GraphedCall graphed(fn, /*use_graphs=*/true, /*max_shapes=*/2);
    const auto a = torch::randn({4, 32}, on_gpu(torch::kFloat32));
    const auto b = torch::randn({4, 32}, on_gpu(torch::kFloat32));
    const auto first = graphed(a);
    const auto second = graphed(b);  // replays into the same buffers
    EXPECT_TRUE(test::tensors_close(first, fn(a), 1e-6)) << "the first result was overwritten";
    EXPECT_TRUE(test::tensors_close(second, fn(b), 1e-6));
    EXPECT_EQ(graphed.captures(), CudaGraph::supported() ? 1 : 0) << graphed.graph_error();
    const auto c = torch::randn({9, 32}, on_gpu(torch::kFloat32));
    EXPECT_TRUE(test::tensors_close(graphed(c), fn(c), 1e-6));
    const auto d = torch::randn({2, 32}, on_gpu(torch::kFloat32));
    EXPECT_TRUE(test::tensors_close(graphed(d), fn(d), 1e-6));  // past the bound: eager
    EXPECT_EQ(graphed.captures(), CudaGraph::supported() ? 2 : 0);
    graphed.reset();
    EXPECT_TRUE(test::tensors_close(graphed(a), fn(a), 1e-6));
    EXPECT_EQ(graphed.captures(), CudaGraph::supported() ? 3 : 0);
}

// The tiny model's towers through their graphs give the eager towers'
// features, image and video, twice in a row (the second call replays).
TEST_F(Cuda, TowerGraphsGiveTheEagerFeatures) {
    torch::NoGradGuard no_grad;
    auto model = tiny::fixture_model(on_gpu(torch::kFloat32));
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    for (const auto& p : tiny::prefixes(io)) {
        SCOPED_TRACE(p);
        const auto pixels = io.tensor(p + ".pixel_values");
        const bool video = pixels.dim() == 5;
        for (int call = 0; call < 2; ++call) {
            auto enc = video ? model->encode_video(pixels, {}) : model->encode_images(pixels, {});
            EXPECT_TRUE(test::tensors_close(enc.features, io.tensor(p + ".tower_features"), 1e-3))
                << "call " << call;
        }
    }
}

// Grouped-query attention on the GPU (flash with enable_gqa where LibTorch
// has it) against the float64 loop: bf16 inputs for a causal block, one new
// query and a prefill over a cache, with the gradients of q, k and v; and
// float32 inputs under bf16 autocast, as the trainer runs it.
TEST_F(Cuda, GroupedQueryAttentionMatchesTheReferenceWithGradients) {
    torch::manual_seed(12);
    const int64_t heads = 8, kv = 2, d = 64;
    const double scale = 1.0 / std::sqrt(double(d));
    for (const auto& [queries, keys] :
         std::vector<std::pair<int64_t, int64_t>>{{96, 96}, {1, 96}, {16, 96}}) {
        SCOPED_TRACE(std::to_string(queries) + " queries over " + std::to_string(keys) + " keys");
        auto q = torch::randn({2, heads, queries, d}, on_gpu(torch::kBFloat16)).requires_grad_();
        auto k = torch::randn({2, kv, keys, d}, on_gpu(torch::kBFloat16)).requires_grad_();
        auto v = torch::randn({2, kv, keys, d}, on_gpu(torch::kBFloat16)).requires_grad_();
        const auto out = attend(q, k, v, scale);
        const auto q64 = q.detach().to(torch::kFloat64).requires_grad_();
        const auto k64 = k.detach().to(torch::kFloat64).requires_grad_();
        const auto v64 = v.detach().to(torch::kFloat64).requires_grad_();
        const auto expected = test::naive_grouped_attention(q64, k64, v64, scale);
        EXPECT_TRUE(test::tensors_close(out, expected, 2e-2));
        const auto grad_out = torch::randn_like(expected);
        out.backward(grad_out.to(torch::kBFloat16));
        expected.backward(grad_out);
        EXPECT_TRUE(test::tensors_close(q.grad(), q64.grad(), 3e-2)) << "dq";
        EXPECT_TRUE(test::tensors_close(k.grad(), k64.grad(), 3e-2)) << "dk (summed over a group)";
        EXPECT_TRUE(test::tensors_close(v.grad(), v64.grad(), 3e-2)) << "dv (summed over a group)";
    }
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
    torch::NoGradGuard no_grad;
    const auto q = torch::randn({2, heads, 96, d}, on_gpu(torch::kFloat32));
    const auto k = torch::randn({2, kv, 96, d}, on_gpu(torch::kFloat32));
    const auto v = torch::randn({2, kv, 96, d}, on_gpu(torch::kFloat32));
    at::autocast::set_autocast_enabled(at::kCUDA, true);
    at::autocast::set_autocast_dtype(at::kCUDA, at::kBFloat16);
    const auto out = attend(q, k, v, scale);
    at::autocast::set_autocast_enabled(at::kCUDA, false);
    at::autocast::clear_cache();
    EXPECT_EQ(out.scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(test::tensors_close(out, test::naive_grouped_attention(q, k, v, scale), 2e-2))
        << "float32 under bf16 autocast";
#endif
}

// RMSNorm on the GPU (LibTorch's fused kernel where it has one) gives the
// CPU's HF sequence: float32 values and the gradients of input and weight
// (the trainer's float32 residual stream), and bf16 within a bf16 step.
TEST_F(Cuda, RmsNormMatchesTheCpuWithGradients) {
    torch::manual_seed(13);
    const int64_t dim = 256;
    RMSNorm cpu(dim, 1e-5);
    RMSNorm gpu(dim, 1e-5, on_gpu(torch::kFloat32));
    {
        torch::NoGradGuard no_grad;
        const auto weight = torch::randn({dim}) * 0.1 + 1.0;
        cpu->named_parameters()["weight"].copy_(weight);
        gpu->named_parameters()["weight"].copy_(weight);
    }
    const auto x = torch::randn({3, 17, dim}) * 3.0;
    const auto x_cpu = x.clone().requires_grad_();
    const auto x_gpu = x.to(torch::kCUDA).requires_grad_();
    const auto grad_out = torch::randn({3, 17, dim});
    const auto y_cpu = cpu->forward(x_cpu);
    const auto y_gpu = gpu->forward(x_gpu);
    EXPECT_TRUE(test::tensors_close(y_gpu, y_cpu, 1e-5));
    y_cpu.backward(grad_out);
    y_gpu.backward(grad_out.to(torch::kCUDA));
    EXPECT_TRUE(test::tensors_close(x_gpu.grad(), x_cpu.grad(), 1e-5)) << "input gradient";
    EXPECT_TRUE(test::tensors_close(gpu->named_parameters()["weight"].grad(),
                                    cpu->named_parameters()["weight"].grad(), 1e-4))
        << "weight gradient (a sum over 51 rows)";
    torch::NoGradGuard no_grad;
    gpu->to(torch::kBFloat16);
    EXPECT_TRUE(test::tensors_close(gpu->forward(x.to(on_gpu(torch::kBFloat16))), y_cpu, 2e-2))
        << "bf16";
}

}  // namespace
}  // namespace facellava::model
