// The fused CUDA kernels (kernels/fused_kernels.h) against the ATen sequences
// they replace, in every dtype they take, on shapes that exercise both their
// vectorised and their element-wise paths; and decode steps with them on and
// off. Skipped without a CUDA device or in builds without the kernels (the
// CPU CI); scripts/gpu-check.sh runs them.
#include <gtest/gtest.h>

#include <ATen/Context.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>

#include "generation/decode_step.h"
#include "dtype_rounding.h"
#include "kernels/fused_kernels.h"
#include "llm/attention_math.h"
#include "llm/rotary_embedding.h"
#include "tensor_compare.h"
#include "tiny_fixture.h"

namespace facellava::model {
namespace {

// Sets FACELLAVA_FUSED_KERNELS for one scope.
class FusedKernelsSwitch {
  public:
    explicit FusedKernelsSwitch(bool on) {
        if (const char* old = std::getenv(kName))
            old_ = old;
        ::setenv(kName, on ? "1" : "0", 1);
    }
    ~FusedKernelsSwitch() {
        if (old_)
            ::setenv(kName, old_->c_str(), 1);
        else
            ::unsetenv(kName);
    }
    FusedKernelsSwitch(const FusedKernelsSwitch&) = delete;
    FusedKernelsSwitch& operator=(const FusedKernelsSwitch&) = delete;

  private:
    static constexpr const char* kName = "FACELLAVA_FUSED_KERNELS";
    std::optional<std::string> old_;
};

class CudaFusedKernels : public ::testing::TestWithParam<torch::Dtype> {
  protected:
    void SetUp() override {
        if (!torch::cuda::is_available())
            GTEST_SKIP() << "no CUDA device visible";
        if (!kernels::built())
            GTEST_SKIP() << "this build has no fused CUDA kernels (no CUDA compiler)";
        at::globalContext().setAllowTF32CuBLAS(false);
        torch::manual_seed(7);
    }
    torch::TensorOptions options() const {
        return torch::TensorOptions().device(torch::kCUDA, 0).dtype(GetParam());
    }
    torch::Tensor randn(at::IntArrayRef sizes) const { return torch::randn(sizes, options()); }
    // One rounding step of the dtype (dtype_rounding.h).
    double ulp() const { return test::rounding_step(GetParam()); }
};

// HF LlamaRMSNorm, op by op in ATen.
torch::Tensor reference_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    auto h = x.to(torch::kFloat32);
    h = h * torch::rsqrt(h.pow(2).mean(-1, true) + eps);
    return weight * h.to(x.scalar_type());
}

TEST_P(CudaFusedKernels, RmsNormFollowsHfsSequence) {
    torch::NoGradGuard no_grad;
    // A decode row (vectorised), odd widths (element-wise), and a transposed
    // input (made contiguous first).
    for (const auto& sizes : std::vector<std::vector<int64_t>>{{1, 1, 4096}, {3, 5, 100}, {7, 3}}) {
        SCOPED_TRACE(c10::str(sizes));
        const auto x = randn(sizes) * 3;
        const auto weight = randn({sizes.back()});
        const auto got = kernels::rms_norm(x, weight, 1e-6);
        EXPECT_EQ(got.scalar_type(), GetParam());
        EXPECT_TRUE(test::tensors_close(got, reference_rms_norm(x, weight, 1e-6), ulp()));
    }
    const auto wide = randn({64, 6}).t();  // (6, 64), not contiguous
    const auto weight = randn({64});
    EXPECT_TRUE(test::tensors_close(kernels::rms_norm(wide, weight, 1e-5),
                                    reference_rms_norm(wide, weight, 1e-5), ulp()));
}

TEST_P(CudaFusedKernels, AddRmsNormStoresTheExactSumAndNormalisesIt) {
    torch::NoGradGuard no_grad;
    for (const int64_t cols : {4096, 100}) {
        const auto x = randn({2, 3, cols}), delta = randn({2, 3, cols});
        const auto weight = randn({cols});
        const auto [sum, normed] = kernels::add_rms_norm(x, delta, weight, 1e-6);
        EXPECT_TRUE(torch::equal(sum, x + delta)) << "ATen's add rounds the same way";
        EXPECT_TRUE(
            test::tensors_close(normed, reference_rms_norm(x + delta, weight, 1e-6), ulp()));
    }
}

TEST_P(CudaFusedKernels, SiluMulEqualsSiluTimesUp) {
    torch::NoGradGuard no_grad;
    for (const int64_t inter : {11008, 13}) {
        const auto gate_up = randn({2, 3, 2 * inter}) * 4;
        const auto got = kernels::silu_mul(gate_up);
        const auto expected =
            torch::silu(gate_up.narrow(-1, 0, inter)) * gate_up.narrow(-1, inter, inter);
        ASSERT_EQ(got.sizes(), expected.sizes());
        EXPECT_TRUE(test::tensors_close(got, expected, ulp())) << "inter " << inter;
    }
}

// The single-row product against float64: only the output's rounding (and
// float32 sums) apart; plus what the gate turns away.
TEST_P(CudaFusedKernels, GemvEqualsTheExactProductToRounding) {
    torch::NoGradGuard no_grad;
    // A tall matrix (more rows than one wave of blocks), a long row with a
    // partial last unrolled step (11008), and a narrow one.
    for (const auto& [rows, cols] :
         std::vector<std::pair<int64_t, int64_t>>{{1000, 4096}, {77, 11008}, {5, 64}}) {
        SCOPED_TRACE(std::to_string(rows) + " x " + std::to_string(cols));
        const auto weight = randn({rows, cols});
        const auto x = randn({1, 1, cols});
        ASSERT_TRUE(kernels::gemv_applies(x, weight));
        const auto got = kernels::gemv(x, weight);
        const auto expected = torch::linear(x.to(torch::kFloat64), weight.to(torch::kFloat64));
        ASSERT_EQ(got.sizes(), expected.sizes());
        EXPECT_TRUE(test::tensors_close(got, expected, ulp()));
    }
    const auto weight = randn({8, 64});
    EXPECT_FALSE(kernels::gemv_applies(randn({2, 64}), weight)) << "two rows";
    EXPECT_FALSE(kernels::gemv_applies(randn({65}).narrow(0, 1, 64), weight)) << "misaligned x";
    EXPECT_FALSE(kernels::gemv_applies(randn({1, 62}), randn({8, 62})))
        << "rows not a whole number of 16-byte packs";
}

// Queries rotated as RotaryEmbedding does; keys rotated into the position's
// slot and values copied there; every other slot untouched.
TEST_P(CudaFusedKernels, RopeWritesTheRotatedKeysAndTheValuesIntoTheSlot) {
    torch::NoGradGuard no_grad;
    const int64_t batch = 2, heads = 4, kv_heads = 2, dim = 16, capacity = 10, slot = 7;
    const auto qkv = randn({batch, 1, heads + 2 * kv_heads, dim});
    auto keys = randn({batch, kv_heads, capacity, dim}),
         values = randn({batch, kv_heads, capacity, dim});
    const auto keys_before = keys.clone(), values_before = values.clone();
    const auto position = torch::full({1}, slot, options().dtype(torch::kInt64));
    const RotaryEmbedding rope(dim, 10000.0);
    const auto inv_freq = rope.inv_freq().to(options().device());

    const auto q = kernels::rope_write_kv(qkv, position, inv_freq, keys, values, heads, kv_heads);

    const auto tables = RotaryEmbedding::tables_at(position, inv_freq, qkv);
    const auto rotated =
        RotaryEmbedding::apply_heads_last(qkv.narrow(2, 0, heads + kv_heads), tables);
    EXPECT_TRUE(test::tensors_close(q, rotated.narrow(2, 0, heads), ulp()));
    const auto k_slot = keys.select(2, slot), v_slot = values.select(2, slot);  // (B, kv, D)
    EXPECT_TRUE(test::tensors_close(k_slot, rotated.narrow(2, heads, kv_heads).squeeze(1), ulp()));
    EXPECT_TRUE(torch::equal(v_slot, qkv.narrow(2, heads + kv_heads, kv_heads).squeeze(1)));
    for (int64_t s = 0; s < capacity; ++s) {
        if (s == slot)
            continue;
        EXPECT_TRUE(torch::equal(keys.select(2, s), keys_before.select(2, s))) << "slot " << s;
        EXPECT_TRUE(torch::equal(values.select(2, s), values_before.select(2, s))) << "slot " << s;
    }
}

// Attention over slots [0, position] equals float64 softmax attention of the
// same rounded inputs; slots past the position hold NaN, which must not leak.
TEST_P(CudaFusedKernels, DecodeAttentionSeesExactlyTheSlotsUpToThePosition) {
    torch::NoGradGuard no_grad;
    const int64_t batch = 2, heads = 8, kv_heads = 2, capacity = 200, window = 192;
    // One key; a chunk edge (the first 64 and 128 keys); mid-chunk; the
    // window's end; in head widths that a lane's share covers once or twice.
    for (const int64_t dim : {int64_t{64}, int64_t{128}})
        for (const int64_t last :
             {int64_t{0}, int64_t{63}, int64_t{127}, int64_t{130}, window - 1}) {
            SCOPED_TRACE("head_dim " + std::to_string(dim) + ", position " + std::to_string(last));
            const double scale = 1.0 / std::sqrt(static_cast<double>(dim));
            const auto q = randn({batch, 1, heads, dim});
            auto keys = randn({batch, kv_heads, capacity, dim}) * 2;
            auto values = randn({batch, kv_heads, capacity, dim});
            const double nan = std::numeric_limits<double>::quiet_NaN();
            keys.narrow(2, last + 1, capacity - last - 1).fill_(nan);
            values.narrow(2, last + 1, capacity - last - 1).fill_(nan);
            const auto position = torch::full({1}, last, options().dtype(torch::kInt64));

            const auto got = kernels::decode_attention(q, keys, values, position, window, scale);

            const auto k =
                repeat_kv(keys.narrow(2, 0, last + 1), heads / kv_heads).to(torch::kFloat64);
            const auto v =
                repeat_kv(values.narrow(2, 0, last + 1), heads / kv_heads).to(torch::kFloat64);
            const auto qh = q.transpose(1, 2).to(torch::kFloat64);  // (B, h, 1, D)
            const auto probs = torch::softmax(torch::matmul(qh, k.transpose(-2, -1)) * scale, -1);
            const auto expected = torch::matmul(probs, v).transpose(1, 2);  // (B, 1, h, D)
            EXPECT_FALSE(got.isnan().any().item<bool>());
            EXPECT_TRUE(test::tensors_close(got, expected, ulp()));
        }
}

INSTANTIATE_TEST_SUITE_P(CudaDtypes, CudaFusedKernels,
                         ::testing::Values(torch::kFloat32, torch::kFloat16, torch::kBFloat16),
                         [](const auto& info) { return std::string(c10::toString(info.param)); });

// Nothing that autograd records runs fused: the kernels have no backward.
TEST(CudaFusedKernelsGate, AppliesOnlyToCudaInferenceTensorsOfOneDtype) {
    const auto cpu = torch::ones({4});
    EXPECT_FALSE(kernels::applies_to({cpu}));
    if (!torch::cuda::is_available() || !kernels::built())
        GTEST_SKIP() << "no CUDA device, or no fused kernels in this build";
    const auto gpu = torch::ones({4}, torch::kCUDA);
    EXPECT_TRUE(kernels::applies_to({gpu}));
    EXPECT_FALSE(kernels::applies_to({gpu, gpu.to(torch::kBFloat16)}));
    EXPECT_FALSE(kernels::applies_to({gpu.to(torch::kInt64)}));
    const auto trained = torch::ones({4}, torch::kCUDA).requires_grad_();
    EXPECT_FALSE(kernels::applies_to({trained}));
    {
        torch::NoGradGuard no_grad;
        EXPECT_TRUE(kernels::applies_to({trained}));
    }
    FusedKernelsSwitch off(false);
    EXPECT_FALSE(kernels::applies_to({gpu}));
}

// Graphed bf16 decode steps of the tiny model give the same logits with the
// fused kernels as with ATen's (FACELLAVA_FUSED_KERNELS=0), across windows,
// both fed the same tokens.
TEST(CudaFusedKernelsDecode, StaticStepsMatchTheAtenSteps) {
    if (!torch::cuda::is_available() || !kernels::built())
        GTEST_SKIP() << "no CUDA device, or no fused kernels in this build";
    torch::NoGradGuard no_grad;
    const auto device = torch::Device(torch::kCUDA, 0);
    const auto bf16 = torch::TensorOptions().device(device).dtype(torch::kBFloat16);
    auto model = tiny::fixture_model(bf16);
    auto lm = model->llm();
    torch::manual_seed(5);
    const auto prompt = torch::randn({1, 9, lm->hparams().hidden_size}, bf16);
    std::vector<torch::Tensor> tokens;  // (1, 1) each: ATen's greedy choices
    const auto run = [&](bool fused) {
        FusedKernelsSwitch with(fused);
        KvCache cache = lm->make_cache(9 + 24);
        auto next = lm->forward_embeddings(prompt, &cache).select(1, 8).argmax(-1, true);
        DecodeStepRunner runner(lm, cache, 1, device, /*use_graphs=*/true, /*window_step=*/8);
        std::vector<torch::Tensor> logits;
        for (int step = 0; step < 24; ++step) {
            if (static_cast<size_t>(step) < tokens.size())
                next = tokens[static_cast<size_t>(step)];
            else
                tokens.push_back(next);
            logits.push_back(runner.step(next).clone());
            next = logits.back().argmax(-1, true);
        }
        return logits;
    };
    const auto aten = run(false), fused = run(true);
    ASSERT_EQ(fused.size(), aten.size());
    for (size_t i = 0; i < fused.size(); ++i) {
        // bf16 through every layer: a few rounding steps of the largest logit.
        EXPECT_TRUE(test::tensors_close(fused[i], aten[i], 3e-2)) << "step " << i;
    }
}

}  // namespace
}  // namespace facellava::model
