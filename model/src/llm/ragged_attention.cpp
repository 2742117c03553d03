#include "llm/ragged_attention.h"

#include <limits>

#include "llm/cpu_decode_attention.h"

namespace facellava::model {
namespace {

using torch::indexing::Slice;

// The softmax parts of one set of keys, unnormalised: max score m, Σ e^(s−m)
// and Σ e^(s−m) v, so that parts over disjoint keys merge exactly.
struct SoftmaxPart {
    torch::Tensor max;  // (..., 1) float32
    torch::Tensor sum;  // (..., 1) float32
    torch::Tensor out;  // (..., D) float32
};

// scores (..., L) float32 (masked keys at -inf, at least one visible), values (..., L, D).
SoftmaxPart softmax_part(const torch::Tensor& scores, const torch::Tensor& values) {
    SoftmaxPart part;
    part.max = std::get<0>(scores.max(-1, /*keepdim=*/true));
    const auto e = (scores - part.max).exp();
    part.sum = e.sum(-1, /*keepdim=*/true);
    part.out = torch::matmul(e.to(values.scalar_type()), values).to(torch::kFloat32);
    return part;
}

// Every token of the batch through the CPU kernel (llm/cpu_decode_attention.h):
// token t of an entry is a row over its prefix and suffix positions
// [0, past + t] (the causal mask is each row's own length), keys read where
// they lie, no gather. Undefined when the kernel does not apply (another
// device or dtype, or FACELLAVA_CPU_ATTENTION=aten).
torch::Tensor attend_rows_cpu(const torch::Tensor& q_tokens, const torch::Tensor& keys,
                              const torch::Tensor& values, const RaggedBatch& batch, int64_t layer,
                              double scale) {
    const CpuAttentionPath path = cpu_attention_path();
    const auto fits = [](const torch::Tensor& t) {  // (…, positions, D) rows back to back
        return t.device().is_cpu() && t.scalar_type() == torch::kFloat32 && t.stride(-1) == 1 &&
               t.stride(-2) == t.size(-1);
    };
    if (path == CpuAttentionPath::aten || !fits(q_tokens) || !fits(keys) || !fits(values))
        return {};
    for (const auto& entry : batch.entries)
        if (entry.prefix != nullptr && (!fits(entry.prefix->keys.at(size_t(layer))) ||
                                        !fits(entry.prefix->values.at(size_t(layer)))))
            return {};
    std::vector<DecodeRowKeys> rows;
    rows.reserve(size_t(batch.total_tokens));
    for (const auto& entry : batch.entries) {
        DecodeRowKeys r;
        if (const PrefixKv* p = entry.prefix) {
            const auto& pk = p->keys[size_t(layer)];  // (1, kv, P, D)
            r.prefix_keys = pk.data_ptr<float>();
            r.prefix_values = p->values[size_t(layer)].data_ptr<float>();
            r.prefix_length = p->length;
            r.prefix_head_stride = pk.stride(1);
        }
        r.suffix_keys = keys.select(0, entry.slot).data_ptr<float>();  // (kv, capacity, D)
        r.suffix_values = values.select(0, entry.slot).data_ptr<float>();
        r.suffix_head_stride = keys.stride(1);
        for (int64_t t = 0; t < entry.tokens; ++t) {
            r.suffix_length = entry.past + t + 1;
            rows.push_back(r);
        }
    }
    return cpu_decode_attention(q_tokens.contiguous(), rows, keys.size(1), scale, path);
}

// The one-token entries: (single, heads, D).
torch::Tensor attend_single(const torch::Tensor& q_tokens, const torch::Tensor& keys,
                            const torch::Tensor& values, const RaggedBatch& batch, int64_t layer,
                            double scale) {
    const int64_t n = batch.single, heads = q_tokens.size(1), d = q_tokens.size(2);
    const int64_t kv = keys.size(1), group = heads / kv, window = batch.single_window;
    const auto q = q_tokens.index_select(0, batch.single_tokens).view({n, kv, group, d});

    // Own suffix: every entry's slot row, the first `window` positions, the
    // ones past its length masked.
    const auto rows = [&](const torch::Tensor& buffer) {
        const auto picked = batch.single_compact ? buffer.narrow(0, 0, n)
                                                 : buffer.index_select(0, batch.single_slots);
        return picked.narrow(2, 0, window);  // (n, kv, window, D)
    };
    const auto suffix_k = rows(keys), suffix_v = rows(values);
    const auto suffix_scores =
        (torch::matmul(q, suffix_k.transpose(-1, -2)) * scale).to(torch::kFloat32) +
        batch.single_bias;  // (n, kv, group, window)
    const SoftmaxPart own = softmax_part(suffix_scores, suffix_v);

    if (batch.groups.empty())
        return (own.out / own.sum).to(q.scalar_type()).view({n, heads, d});

    // Shared prefixes: each group's queries as one (kv, rows · group, D) matrix.
    const auto f32 = q.options().dtype(torch::kFloat32);
    auto pre_max = torch::full({n, kv, group, 1}, -std::numeric_limits<float>::infinity(), f32);
    auto pre_sum = torch::zeros({n, kv, group, 1}, f32);
    auto pre_out = torch::zeros({n, kv, group, d}, f32);
    for (const auto& g : batch.groups) {
        const int64_t m = g.rows.size(0);
        const auto gq = q.index_select(0, g.rows).permute({1, 0, 2, 3}).reshape({kv, m * group, d});
        const auto& pk = g.prefix->keys.at(size_t(layer));    // (1, kv, P, D)
        const auto& pv = g.prefix->values.at(size_t(layer));  // (1, kv, P, D)
        const auto scores =
            (torch::bmm(gq, pk.select(0, 0).transpose(1, 2)) * scale).to(torch::kFloat32);
        const SoftmaxPart part = softmax_part(scores, pv.select(0, 0));  // (kv, m·group, ·)
        const auto back = [&](const torch::Tensor& t) {
            return t.view({kv, m, group, t.size(-1)}).permute({1, 0, 2, 3});  // (m, kv, group, ·)
        };
        pre_max.index_copy_(0, g.rows, back(part.max));
        pre_sum.index_copy_(0, g.rows, back(part.sum));
        pre_out.index_copy_(0, g.rows, back(part.out));
    }
    // Merge: each part rescaled to the joint maximum (the suffix always has
    // the entry's own token, so the maximum is finite).
    const auto joint = torch::maximum(pre_max, own.max);
    const auto a = (pre_max - joint).exp(), b = (own.max - joint).exp();
    const auto out = (pre_out * a + own.out * b) / (pre_sum * a + own.sum * b);
    return out.to(q.scalar_type()).view({n, heads, d});
}

// One several-token entry: (tokens, heads, D), one softmax over its prefix
// and its suffix with the causal mask on the suffix.
torch::Tensor attend_multi(const torch::Tensor& q_tokens, const torch::Tensor& keys,
                           const torch::Tensor& values, const RaggedEntry& entry, int64_t first,
                           int64_t layer, double scale) {
    const int64_t t = entry.tokens, heads = q_tokens.size(1), d = q_tokens.size(2);
    const int64_t kv = keys.size(1), group = heads / kv, seen = entry.past + t;
    // (t, heads, D) → (kv, group · t, D), heads of a group together.
    const auto q = q_tokens.narrow(0, first, t).permute({1, 0, 2}).reshape({kv, group * t, d});
    const auto suffix_k = keys.select(0, entry.slot).narrow(1, 0, seen);    // (kv, seen, D)
    const auto suffix_v = values.select(0, entry.slot).narrow(1, 0, seen);  // (kv, seen, D)
    auto suffix_scores = (torch::bmm(q, suffix_k.transpose(1, 2)) * scale)
                             .to(torch::kFloat32)
                             .view({kv, group, t, seen});
    // Token i (suffix position past + i) sees suffix positions j ≤ past + i.
    const auto opts = torch::TensorOptions().dtype(torch::kInt64).device(q.device());
    const auto hidden = torch::arange(seen, opts).view({1, -1}) >
                        (torch::arange(t, opts) + entry.past).view({-1, 1});  // (t, seen)
    suffix_scores.masked_fill_(hidden, -std::numeric_limits<float>::infinity());

    torch::Tensor out;
    if (entry.prefix == nullptr) {
        const auto probs = torch::softmax(suffix_scores, -1).to(q.scalar_type());
        out = torch::bmm(probs.view({kv, group * t, seen}), suffix_v);
    } else {
        const auto& pk = entry.prefix->keys.at(size_t(layer)).select(0, 0);  // (kv, P, D)
        const auto& pv = entry.prefix->values.at(size_t(layer)).select(0, 0);
        const int64_t p = pk.size(1);
        const auto prefix_scores =
            (torch::bmm(q, pk.transpose(1, 2)) * scale).to(torch::kFloat32).view({kv, group, t, p});
        const auto probs = torch::softmax(torch::cat({prefix_scores, suffix_scores}, -1), -1)
                               .to(q.scalar_type())
                               .view({kv, group * t, p + seen});
        out =
            torch::bmm(probs.narrow(2, 0, p), pv) + torch::bmm(probs.narrow(2, p, seen), suffix_v);
    }
    return out.view({heads, t, d}).transpose(0, 1);  // (t, heads, D)
}

}  // namespace

torch::Tensor ragged_attention(const torch::Tensor& q, const torch::Tensor& k,
                               const torch::Tensor& v, RaggedBatch& batch, int64_t layer,
                               double scale) {
    const int64_t n = q.size(2), heads = q.size(1), d = q.size(3);
    auto& keys = batch.slots->keys(layer);      // (slots, kv, capacity, D)
    auto& values = batch.slots->values(layer);  // same
    // This forward's keys and values into their slots, (N, kv, D) rows.
    keys.index_put_({batch.write_slot, Slice(), batch.write_pos}, k.select(0, 0).transpose(0, 1));
    values.index_put_({batch.write_slot, Slice(), batch.write_pos}, v.select(0, 0).transpose(0, 1));

    const auto q_tokens = q.select(0, 0).transpose(0, 1);  // (N, heads, D)
    const auto rows = attend_rows_cpu(q_tokens, keys, values, batch, layer, scale);
    if (rows.defined())
        return rows.view({1, n, heads * d});
    auto out = torch::empty({n, heads, d}, q.options());
    if (batch.single > 0)
        out.index_copy_(0, batch.single_tokens,
                        attend_single(q_tokens, keys, values, batch, layer, scale));
    for (int64_t e : batch.multi) {
        const RaggedEntry& entry = batch.entries[size_t(e)];
        const int64_t first = batch.first_token[size_t(e)];
        out.narrow(0, first, entry.tokens)
            .copy_(attend_multi(q_tokens, keys, values, entry, first, layer, scale));
    }
    return out.view({1, n, heads * d});
}

}  // namespace facellava::model
