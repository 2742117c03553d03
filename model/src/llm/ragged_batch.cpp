#include "llm/ragged_batch.h"

#include <algorithm>
#include <limits>

#include "facellava/core/error.h"
#include "llm/kv_cache.h"

namespace facellava::model {

int64_t PrefixKv::bytes() const {
    int64_t total = 0;
    for (const auto* list : {&keys, &values})
        for (const auto& t : *list)
            total += t.defined() ? t.numel() * int64_t(t.element_size()) : 0;
    return total;
}

std::vector<std::shared_ptr<const PrefixKv>> PrefixKv::from_cache(const KvCache& cache) {
    const int64_t length = cache.length();
    if (length < 1)
        throw Error("a shared prefix needs a prefilled KV cache, this one holds no position");
    std::vector<std::shared_ptr<const PrefixKv>> out;
    const int64_t batch = cache.storage(0, length).first.size(0);
    for (int64_t b = 0; b < batch; ++b) {
        auto prefix = std::make_shared<PrefixKv>();
        prefix->length = length;
        for (int64_t layer = 0; layer < cache.num_layers(); ++layer) {
            const auto [keys, values] = cache.storage(layer, length);  // (B, kv, capacity, D)
            prefix->keys.push_back(keys.narrow(0, b, 1).narrow(2, 0, length));
            prefix->values.push_back(values.narrow(0, b, 1).narrow(2, 0, length));
        }
        out.push_back(std::move(prefix));
    }
    return out;
}

SuffixSlots::SuffixSlots(int64_t num_layers, int64_t slots)
    : num_layers_(num_layers), slots_(slots), lengths_(size_t(std::max<int64_t>(slots, 0)), 0) {
    if (num_layers < 1 || slots < 1)
        throw Error("suffix slots need at least one layer and one slot, got " +
                    std::to_string(num_layers) + " layers and " + std::to_string(slots) + " slots");
    keys_.resize(size_t(num_layers));
    values_.resize(size_t(num_layers));
}

void SuffixSlots::set_length(int64_t slot, int64_t length) {
    if (length < 0 || length > capacity_)
        throw Error("slot length " + std::to_string(length) + " outside the capacity of " +
                    std::to_string(capacity_));
    lengths_.at(size_t(slot)) = length;
}

int64_t SuffixSlots::bytes() const {
    int64_t total = 0;
    for (const auto* list : {&keys_, &values_})
        for (const auto& t : *list)
            total += t.defined() ? t.numel() * int64_t(t.element_size()) : 0;
    return total;
}

void SuffixSlots::ensure(int64_t kv_heads, int64_t head_dim, int64_t capacity,
                         const torch::TensorOptions& options) {
    const auto& first = keys_.front();
    const bool fits = first.defined() && first.size(1) == kv_heads && first.size(3) == head_dim &&
                      first.scalar_type() == options.dtype() &&
                      first.device() == options.device() && capacity <= capacity_;
    if (fits)
        return;
    // Doubling, so a run of ever longer answers reallocates rarely.
    const int64_t grown = std::max(capacity, first.defined() ? 2 * capacity_ : capacity);
    const int64_t held = *std::max_element(lengths_.begin(), lengths_.end());
    for (auto* list : {&keys_, &values_}) {
        for (auto& t : *list) {
            // Zeros: masked positions are multiplied by 0, and 0 × NaN is NaN.
            auto fresh = torch::zeros({slots_, kv_heads, grown, head_dim}, options);
            if (t.defined() && held > 0 && t.size(1) == kv_heads && t.size(3) == head_dim)
                fresh.narrow(2, 0, held).copy_(t.narrow(2, 0, held));
            t = fresh;
        }
    }
    capacity_ = grown;
}

void SuffixSlots::move(int64_t from, int64_t to) {
    if (from == to)
        return;
    const int64_t length = lengths_.at(size_t(from));
    if (length > 0) {
        for (auto* list : {&keys_, &values_})
            for (auto& t : *list)
                t.select(0, to).narrow(1, 0, length).copy_(t.select(0, from).narrow(1, 0, length));
    }
    lengths_.at(size_t(to)) = length;
    lengths_.at(size_t(from)) = 0;
}

void RaggedBatch::prepare(const torch::Device& device) {
    if (slots == nullptr || entries.empty())
        throw Error("a ragged forward needs suffix slots and at least one sequence");
    std::vector<int64_t> positions_host, slot_host, pos_host, last_host, single_tok, single_slot;
    std::vector<int64_t> single_len;
    std::vector<const PrefixKv*> single_prefix;
    multi.clear();
    first_token.clear();
    groups.clear();
    int64_t n = 0;
    for (size_t e = 0; e < entries.size(); ++e) {
        const RaggedEntry& entry = entries[e];
        if (entry.tokens < 1)
            throw Error("a sequence in a ragged forward has no new token");
        if (entry.slot < 0 || entry.slot >= slots->slots())
            throw Error("slot " + std::to_string(entry.slot) + " of " +
                        std::to_string(slots->slots()));
        if (entry.past + entry.tokens > slots->capacity())
            throw Error("a sequence needs " + std::to_string(entry.past + entry.tokens) +
                        " suffix positions, its slot holds " + std::to_string(slots->capacity()));
        const int64_t base = entry.prefix != nullptr ? entry.prefix->length : 0;
        first_token.push_back(n);
        for (int64_t t = 0; t < entry.tokens; ++t) {
            positions_host.push_back(base + entry.past + t);
            slot_host.push_back(entry.slot);
            pos_host.push_back(entry.past + t);
        }
        n += entry.tokens;
        last_host.push_back(n - 1);
        if (entry.tokens == 1) {
            single_tok.push_back(n - 1);
            single_slot.push_back(entry.slot);
            single_len.push_back(entry.past + 1);
            single_prefix.push_back(entry.prefix);
        } else {
            multi.push_back(int64_t(e));
        }
    }
    total_tokens = n;
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64);
    const auto upload = [&](const std::vector<int64_t>& v) {
        return torch::tensor(v, i64).to(device);
    };
    positions = upload(positions_host);
    write_slot = upload(slot_host);
    write_pos = upload(pos_host);
    last_tokens = upload(last_host);

    single = int64_t(single_tok.size());
    single_compact = true;
    for (int64_t i = 0; i < single; ++i)
        single_compact = single_compact && single_slot[size_t(i)] == i;
    if (single > 0) {
        single_tokens = upload(single_tok);
        single_slots = upload(single_slot);
        single_window = *std::max_element(single_len.begin(), single_len.end());
        // Visible: suffix position j < the entry's length (its new token included).
        const auto lengths = upload(single_len).view({single, 1, 1, 1});
        const auto j = torch::arange(single_window, i64.device(device)).view({1, 1, 1, -1});
        single_bias =
            torch::zeros({single, 1, 1, single_window}, i64.dtype(torch::kFloat32).device(device))
                .masked_fill_(j >= lengths, -std::numeric_limits<float>::infinity());
        // One group per distinct prefix, in order of first appearance.
        std::vector<std::vector<int64_t>> rows;
        std::vector<const PrefixKv*> order;
        for (int64_t i = 0; i < single; ++i) {
            const PrefixKv* p = single_prefix[size_t(i)];
            if (p == nullptr)
                continue;
            const auto it = std::find(order.begin(), order.end(), p);
            if (it == order.end()) {
                order.push_back(p);
                rows.push_back({i});
            } else {
                rows[size_t(it - order.begin())].push_back(i);
            }
        }
        for (size_t g = 0; g < order.size(); ++g)
            groups.push_back({order[g], upload(rows[g])});
    }
}

}  // namespace facellava::model
