// Grouped-query attention the slow, obvious way, for checking the kernels of
// llm/attention_math: a loop over query heads, head i reading key/value head
// i / group, scores and softmax in float64.
#pragma once

#include <limits>
#include <vector>

#include "torch_pch.h"

namespace facellava::test {

// q (B, h, T, D), k/v (B, kv, L, D) → (B, h, T, D) in float64. Without
// `visible` the mask is causal over absolute positions (the T queries are the
// last T of the L keys); with it, (L) booleans say which keys every query sees.
inline torch::Tensor naive_grouped_attention(const torch::Tensor& q, const torch::Tensor& k,
                                             const torch::Tensor& v, double scale,
                                             const torch::Tensor& visible = {}) {
    const auto q64 = q.to(torch::kFloat64), k64 = k.to(torch::kFloat64),
               v64 = v.to(torch::kFloat64);
    const int64_t heads = q.size(1), group = heads / k.size(1);
    const int64_t queries = q.size(2), keys = k.size(2);
    const auto cpu_long = torch::TensorOptions().dtype(torch::kInt64).device(q.device());
    const auto hidden =
        visible.defined()
            ? visible.logical_not().view({1, keys}).expand({queries, keys})
            : torch::arange(0, keys, cpu_long).unsqueeze(0) >
                  torch::arange(keys - queries, keys, cpu_long).unsqueeze(1);  // (T, L)
    std::vector<torch::Tensor> out;
    for (int64_t i = 0; i < heads; ++i) {
        const auto kv_head = i / group;
        auto scores = torch::matmul(q64.select(1, i), k64.select(1, kv_head).transpose(-2, -1)) *
                      scale;  // (B, T, L)
        scores = scores.masked_fill(hidden, -std::numeric_limits<double>::infinity());
        out.push_back(torch::matmul(torch::softmax(scores, -1), v64.select(1, kv_head)));
    }
    return torch::stack(out, 1);
}

}  // namespace facellava::test
