// The CPU decode-row attention kernel (llm/cpu_decode_attention.h) against
// softmax(q kᵀ · scale) v computed in float64 by LibTorch on the rows' keys
// laid end to end: every path the CPU has, grouped and plain heads, rows
// with and without a prefix, head sizes that are not a multiple of the
// vector width, keys read through strides (a capacity larger than the length).
#include <gtest/gtest.h>

#include <cstdlib>

#include "facellava/core/error.h"
#include "llm/cpu_decode_attention.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

struct Case {
    int64_t heads, kv_heads, d;
};

// (kv, capacity, D) buffers of which the first `length` positions are keys.
torch::Tensor buffer(int64_t kv, int64_t capacity, int64_t d, uint64_t seed) {
    torch::manual_seed(seed);
    return torch::randn({kv, capacity, d});
}

TEST(CpuDecodeAttention, EveryPathMatchesTheFloat64Softmax) {
    std::vector<CpuAttentionPath> paths = {CpuAttentionPath::portable};
    setenv("FACELLAVA_CPU_ATTENTION", "", 1);
    if (cpu_attention_path() == CpuAttentionPath::avx2)
        paths.push_back(CpuAttentionPath::avx2);
    for (const Case c : {Case{4, 4, 64}, Case{8, 2, 37}, Case{6, 1, 16}, Case{2, 2, 5}}) {
        const int64_t rows = 5, group = c.heads / c.kv_heads;
        const double scale = 1.0 / std::sqrt(double(c.d));
        // Row i: a prefix of 3 + 7i positions (none for row 2) in a buffer
        // with room to spare, and a suffix of 1 + 2i positions.
        std::vector<torch::Tensor> prefix_k, prefix_v, suffix_k, suffix_v;
        std::vector<DecodeRowKeys> table(rows);
        for (int64_t i = 0; i < rows; ++i) {
            const int64_t p = i == 2 ? 0 : 3 + 7 * i, s = 1 + 2 * i;
            prefix_k.push_back(buffer(c.kv_heads, p + 4, c.d, 10 * i + 1));
            prefix_v.push_back(buffer(c.kv_heads, p + 4, c.d, 10 * i + 2));
            suffix_k.push_back(buffer(c.kv_heads, s + 3, c.d, 10 * i + 3));
            suffix_v.push_back(buffer(c.kv_heads, s + 3, c.d, 10 * i + 4));
            auto& r = table[size_t(i)];
            r.prefix_keys = prefix_k.back().data_ptr<float>();
            r.prefix_values = prefix_v.back().data_ptr<float>();
            r.prefix_length = p;
            r.prefix_head_stride = prefix_k.back().stride(0);
            r.suffix_keys = suffix_k.back().data_ptr<float>();
            r.suffix_values = suffix_v.back().data_ptr<float>();
            r.suffix_length = s;
            r.suffix_head_stride = suffix_k.back().stride(0);
        }
        torch::manual_seed(99);
        const auto q = torch::randn({rows, c.heads, c.d});

        // The reference: per row, keys = [prefix, suffix] in float64.
        std::vector<torch::Tensor> expected;
        for (int64_t i = 0; i < rows; ++i) {
            const auto& r = table[size_t(i)];
            const auto k = torch::cat({prefix_k[size_t(i)].narrow(1, 0, r.prefix_length),
                                       suffix_k[size_t(i)].narrow(1, 0, r.suffix_length)},
                                      1)
                               .to(torch::kFloat64);  // (kv, L, D)
            const auto v = torch::cat({prefix_v[size_t(i)].narrow(1, 0, r.prefix_length),
                                       suffix_v[size_t(i)].narrow(1, 0, r.suffix_length)},
                                      1)
                               .to(torch::kFloat64);
            const auto kh = k.repeat_interleave(group, 0), vh = v.repeat_interleave(group, 0);
            const auto qi = q[i].to(torch::kFloat64).unsqueeze(1);  // (heads, 1, D)
            const auto probs = torch::softmax(torch::matmul(qi, kh.transpose(1, 2)) * scale, -1);
            expected.push_back(torch::matmul(probs, vh).squeeze(1));  // (heads, D)
        }
        const auto reference = torch::stack(expected);
        for (const auto path : paths) {
            const auto got = cpu_decode_attention(q, table, c.kv_heads, scale, path);
            const double diff = (got.to(torch::kFloat64) - reference).abs().max().item<double>();
            EXPECT_LT(diff, 2e-6) << "heads " << c.heads << "/" << c.kv_heads << " d " << c.d
                                  << " path " << int(path);
        }
    }
}

TEST(CpuDecodeAttention, RefusesWhatItCannotTakeAndTheEnvironmentPicksThePath) {
    DecodeRowKeys empty;
    const auto q = torch::randn({1, 2, 8});
    EXPECT_THROW(cpu_decode_attention(q, {empty}, 2, 1.0, CpuAttentionPath::portable), Error);
    EXPECT_THROW(cpu_decode_attention(q, {empty, empty}, 2, 1.0, CpuAttentionPath::portable),
                 Error);
    EXPECT_THROW(
        cpu_decode_attention(q.to(torch::kFloat64), {empty}, 2, 1.0, CpuAttentionPath::portable),
        Error);
    setenv("FACELLAVA_CPU_ATTENTION", "aten", 1);
    EXPECT_EQ(cpu_attention_path(), CpuAttentionPath::aten);
    setenv("FACELLAVA_CPU_ATTENTION", "portable", 1);
    EXPECT_EQ(cpu_attention_path(), CpuAttentionPath::portable);
    unsetenv("FACELLAVA_CPU_ATTENTION");
}

}  // namespace
}  // namespace facellava::model
