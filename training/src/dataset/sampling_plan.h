// Which samples an epoch visits and in what order, as a pure function of
// (seed, epoch): a resumed run recomputes exactly the order of the run it
// continues, so "data position" is just (epoch, batch index).
//
// The generator is SplitMix64 with our own Fisher–Yates and rejection
// sampling, not std::shuffle / std::uniform_int_distribution, whose results
// differ between standard libraries.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace facellava::training {

class SplitMix64 {
  public:
    explicit SplitMix64(uint64_t seed) : state_(seed) {}
    uint64_t next();
    uint64_t below(uint64_t n);  // uniform in [0, n), n ≥ 1, unbiased

  private:
    uint64_t state_;
};

// A seed for one purpose derived from the run seed (e.g. epoch 3's order).
uint64_t derive_seed(uint64_t seed, uint64_t purpose, uint64_t index);

template <typename T>
void deterministic_shuffle(std::vector<T>& items, SplitMix64& rng) {
    for (size_t i = items.size(); i > 1; --i)
        std::swap(items[i - 1], items[size_t(rng.below(i))]);
}

// The sample indices of one epoch, shuffled. Each task's samples appear
// floor(w) times plus a random round(frac(w) · n) of them once more, where w
// is the task's weight (default 1); the extra subset changes every epoch.
std::vector<int64_t> epoch_sample_order(const std::vector<std::string>& sample_tasks,
                                        const std::map<std::string, double>& task_weights,
                                        uint64_t seed, int64_t epoch);
// Its length (the same for every epoch).
int64_t epoch_sample_count(const std::vector<std::string>& sample_tasks,
                           const std::map<std::string, double>& task_weights);

// Deterministic train / held-out split of n samples: round(n · fraction)
// held out (at least one when fraction > 0 and n ≥ 2). Both lists sorted.
std::pair<std::vector<int64_t>, std::vector<int64_t>> split_holdout(int64_t n, double fraction,
                                                                    uint64_t seed);

}  // namespace facellava::training
