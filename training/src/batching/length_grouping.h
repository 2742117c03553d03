// An epoch's sample order → micro-batches. With grouping, samples of similar
// length share a batch (less padding), as HF's LengthGroupedSampler: windows
// of batch_size · multiplier consecutive samples are sorted longest first and
// cut into batches, then the batches are shuffled — except that the batch
// with the longest sample runs first, so an out-of-memory shows at step one.
// Deterministic in (seed, epoch).
#pragma once

#include <cstdint>
#include <vector>

namespace facellava::training {

using BatchPlan = std::vector<std::vector<int64_t>>;  // sample indices per micro-batch

BatchPlan make_batches(const std::vector<int64_t>& order, const std::vector<int64_t>& lengths,
                       int64_t batch_size, bool group_by_length, uint64_t seed, int64_t epoch,
                       int64_t group_multiplier = 50);

}  // namespace facellava::training
