#include "dataset/sampling_plan.h"

#include <algorithm>
#include <cmath>

namespace facellava::training {
namespace {

constexpr uint64_t kPurposeEpoch = 0x45504f4348ull;  // "EPOCH"
constexpr uint64_t kPurposeHoldout = 0x484f4c44ull;  // "HOLD"

double weight_of(const std::map<std::string, double>& weights, const std::string& task) {
    const auto it = weights.find(task);
    return it == weights.end() ? 1.0 : it->second;
}

// Task → its sample indices, in catalog order (std::map: tasks in name order).
std::map<std::string, std::vector<int64_t>> by_task(const std::vector<std::string>& sample_tasks) {
    std::map<std::string, std::vector<int64_t>> groups;
    for (size_t i = 0; i < sample_tasks.size(); ++i)
        groups[sample_tasks[i]].push_back(int64_t(i));
    return groups;
}

int64_t extra_count(double weight, int64_t n) {
    const double frac = weight - std::floor(weight);
    return int64_t(std::llround(frac * double(n)));
}

}  // namespace

uint64_t SplitMix64::next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t n) {
    // Rejection keeps every value equally likely: drop draws from the top
    // partial block of size 2^64 mod n.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % n;
    uint64_t x;
    do {
        x = next();
    } while (x >= limit);
    return x % n;
}

uint64_t derive_seed(uint64_t seed, uint64_t purpose, uint64_t index) {
    SplitMix64 mix(seed ^ (purpose * 0xD1B54A32D192ED03ull));
    mix.next();
    SplitMix64 second(mix.next() ^ (index * 0x9E3779B97F4A7C15ull));
    return second.next();
}

std::vector<int64_t> epoch_sample_order(const std::vector<std::string>& sample_tasks,
                                        const std::map<std::string, double>& task_weights,
                                        uint64_t seed, int64_t epoch) {
    SplitMix64 rng(derive_seed(seed, kPurposeEpoch, uint64_t(epoch)));
    std::vector<int64_t> order;
    for (auto& [task, indices] : by_task(sample_tasks)) {
        const double w = weight_of(task_weights, task);
        const auto whole = int64_t(std::floor(w));
        for (int64_t copy = 0; copy < whole; ++copy)
            order.insert(order.end(), indices.begin(), indices.end());
        const int64_t extra = extra_count(w, int64_t(indices.size()));
        if (extra > 0) {
            deterministic_shuffle(indices, rng);
            order.insert(order.end(), indices.begin(), indices.begin() + extra);
        }
    }
    deterministic_shuffle(order, rng);
    return order;
}

int64_t epoch_sample_count(const std::vector<std::string>& sample_tasks,
                           const std::map<std::string, double>& task_weights) {
    int64_t count = 0;
    for (const auto& [task, indices] : by_task(sample_tasks)) {
        const double w = weight_of(task_weights, task);
        const auto n = int64_t(indices.size());
        count += int64_t(std::floor(w)) * n + extra_count(w, n);
    }
    return count;
}

std::pair<std::vector<int64_t>, std::vector<int64_t>> split_holdout(int64_t n, double fraction,
                                                                    uint64_t seed) {
    std::vector<int64_t> all(size_t(std::max<int64_t>(n, 0)));
    for (int64_t i = 0; i < n; ++i)
        all[size_t(i)] = i;
    int64_t held = fraction > 0 ? std::llround(double(n) * fraction) : 0;
    if (fraction > 0 && n >= 2)
        held = std::clamp<int64_t>(held, 1, n - 1);
    if (held <= 0)
        return {all, {}};
    SplitMix64 rng(derive_seed(seed, kPurposeHoldout, 0));
    deterministic_shuffle(all, rng);
    std::vector<int64_t> eval(all.begin(), all.begin() + held);
    std::vector<int64_t> train(all.begin() + held, all.end());
    std::sort(eval.begin(), eval.end());
    std::sort(train.begin(), train.end());
    return {train, eval};
}

}  // namespace facellava::training
