#include "batching/length_grouping.h"

#include <algorithm>

#include "dataset/sampling_plan.h"

namespace facellava::training {
namespace {
constexpr uint64_t kPurposeBatches = 0x42415443ull;  // "BATC"
}

BatchPlan make_batches(const std::vector<int64_t>& order, const std::vector<int64_t>& lengths,
                       int64_t batch_size, bool group_by_length, uint64_t seed, int64_t epoch,
                       int64_t group_multiplier) {
    BatchPlan batches;
    const auto size = size_t(std::max<int64_t>(batch_size, 1));
    if (!group_by_length) {
        for (size_t i = 0; i < order.size(); i += size) {
            batches.emplace_back(order.begin() + long(i),
                                 order.begin() + long(std::min(order.size(), i + size)));
        }
        return batches;
    }
    auto length_of = [&](int64_t sample) { return lengths[size_t(sample)]; };
    const size_t window = size * size_t(std::max<int64_t>(group_multiplier, 1));
    for (size_t w = 0; w < order.size(); w += window) {
        std::vector<int64_t> group(order.begin() + long(w),
                                   order.begin() + long(std::min(order.size(), w + window)));
        std::stable_sort(group.begin(), group.end(),
                         [&](int64_t a, int64_t b) { return length_of(a) > length_of(b); });
        for (size_t i = 0; i < group.size(); i += size) {
            batches.emplace_back(group.begin() + long(i),
                                 group.begin() + long(std::min(group.size(), i + size)));
        }
    }
    SplitMix64 rng(derive_seed(seed, kPurposeBatches, uint64_t(epoch)));
    deterministic_shuffle(batches, rng);
    // Longest batch first.
    size_t longest = 0;
    int64_t longest_len = -1;
    for (size_t b = 0; b < batches.size(); ++b) {
        for (int64_t s : batches[b]) {
            if (length_of(s) > longest_len) {
                longest_len = length_of(s);
                longest = b;
            }
        }
    }
    if (!batches.empty())
        std::swap(batches[0], batches[longest]);
    return batches;
}

}  // namespace facellava::training
