// LoRA merging on hand-made tensors: the merged Linear must give exactly what
// the base layer plus its LoRA branch gives.
#include <gtest/gtest.h>

#include "facellava/core/error.h"
#include "io/lora_merge.h"
#include "tensor_compare.h"
#include "torch_pch.h"

namespace facellava::io {
namespace {

constexpr int64_t kIn = 5, kOut = 4, kRank = 2;

bool has_key_part(const StateDict& dict, const std::string& part) {
    for (const auto& [key, value] : dict)
        if (key.find(part) != std::string::npos)
            return true;
    return false;
}

TEST(LoraMerge, FoldsNamedAdapterAndRenamesBaseLayer) {
    torch::manual_seed(0);
    const LoraConfig lora{/*alpha=*/6.0, /*r=*/kRank};
    const auto W = torch::randn({kOut, kIn}), bias = torch::randn({kOut});
    const auto A = torch::randn({kRank, kIn}), B = torch::randn({kOut, kRank});
    const auto other = torch::randn({3, 3});
    StateDict dict = {
        {"layers.0.q_proj.base_layer.weight", W},
        {"layers.0.q_proj.base_layer.bias", bias},
        {"layers.0.q_proj.lora_A.default.weight", A},
        {"layers.0.q_proj.lora_B.default.weight", B},
        {"layers.0.mlp.weight", other},
    };
    ASSERT_TRUE(has_lora_keys(dict));
    const auto report = merge_lora(dict, lora, "adapter.safetensors");
    EXPECT_EQ(report.merged, 1);
    EXPECT_EQ(report.renamed, 2);
    EXPECT_EQ(dict.size(), 3u);
    EXPECT_FALSE(has_lora_keys(dict));
    EXPECT_FALSE(has_key_part(dict, "base_layer"));
    EXPECT_TRUE(dict.at("layers.0.mlp.weight").equal(other));
    EXPECT_TRUE(dict.at("layers.0.q_proj.bias").equal(bias));

    // The merged layer equals base + LoRA branch: x Wᵀ + b + (alpha/r) x Aᵀ Bᵀ.
    const auto x = torch::randn({7, kIn});
    const auto merged = torch::linear(x, dict.at("layers.0.q_proj.weight"), bias);
    const auto expected = torch::linear(x, W, bias) +
                          lora.alpha / kRank * torch::matmul(torch::matmul(x, A.t()), B.t());
    EXPECT_TRUE(facellava::test::tensors_close(merged, expected, 1e-5));
}

TEST(LoraMerge, FoldsUnnamedAdapterIntoPlainWeight) {
    torch::manual_seed(1);
    const auto W = torch::randn({kOut, kIn}, torch::kFloat64);
    const auto A = torch::randn({kRank, kIn}, torch::kFloat64);
    const auto B = torch::randn({kOut, kRank}, torch::kFloat64);
    StateDict dict = {
        {"k_proj.weight", W}, {"k_proj.lora_A.weight", A}, {"k_proj.lora_B.weight", B}};
    merge_lora(dict, LoraConfig{16.0, kRank}, "adapter.bin");
    ASSERT_EQ(dict.size(), 1u);
    EXPECT_TRUE(facellava::test::tensors_close(dict.at("k_proj.weight"),
                                               W + torch::matmul(B, A) * (16.0 / kRank), 1e-12));
    EXPECT_EQ(dict.at("k_proj.weight").scalar_type(), torch::kFloat64);
}

TEST(LoraMerge, RejectsIncompleteOrMismatchedPairs) {
    const auto W = torch::zeros({kOut, kIn});
    const auto A = torch::zeros({kRank, kIn}), B = torch::zeros({kOut, kRank});
    const LoraConfig lora{8.0, kRank};
    {
        StateDict dict = {{"q.weight", W}, {"q.lora_A.weight", A}};
        EXPECT_THROW(merge_lora(dict, lora, "a"), facellava::Error) << "lora_B missing";
    }
    {
        StateDict dict = {{"q.weight", W}, {"q.lora_B.weight", B}};
        EXPECT_THROW(merge_lora(dict, lora, "a"), facellava::Error) << "lora_A missing";
    }
    {
        StateDict dict = {{"q.lora_A.weight", A}, {"q.lora_B.weight", B}};
        EXPECT_THROW(merge_lora(dict, lora, "a"), facellava::Error) << "base weight missing";
    }
    {
        StateDict dict = {{"q.weight", W}, {"q.lora_A.weight", A}, {"q.lora_B.weight", B}};
        EXPECT_THROW(merge_lora(dict, LoraConfig{8.0, kRank + 1}, "a"), facellava::Error)
            << "rank differs from r";
    }
    {
        StateDict dict = {{"q.weight", W}, {"q.lora_magnitude_vector.default.weight", W}};
        EXPECT_THROW(merge_lora(dict, lora, "a"), facellava::Error) << "DoRA is not plain LoRA";
    }
}

TEST(LoraMerge, ReadsAdapterConfig) {
    const Json json = {{"lora_alpha", 256}, {"r", 128}, {"target_modules", {"q_proj"}}};
    const auto lora = LoraConfig::from_json(JsonConfig(json, "adapter_config.json"));
    EXPECT_DOUBLE_EQ(lora.alpha, 256.0);
    EXPECT_EQ(lora.r, 128);
    EXPECT_DOUBLE_EQ(lora.scale(), 2.0);
    EXPECT_THROW(LoraConfig::from_json(JsonConfig(Json{{"r", 8}}, "adapter_config.json")),
                 facellava::Error);
}

}  // namespace
}  // namespace facellava::io
