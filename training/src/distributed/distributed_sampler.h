// The distributed sampler: which samples each rank trains on.
//
// Every rank computes the same global micro-batches of an epoch — exactly the
// micro-batches one process would make with batch_size × world_size samples
// (same seeded order, same length grouping) — and takes a contiguous, disjoint
// share of each. So the union over the ranks of one optimiser step is the step
// of a single process with the same global batch, and the order is reshuffled
// per epoch by seed (epoch_sample_order, make_batches).
//
// The data position of a run is global, not per rank: (epoch, global
// micro-batches done, their size). A run resumed with another world size or
// batch size re-plans the rest of the epoch from the samples not yet seen
// (EpochSegment keeps the history), so no sample of the epoch is repeated or
// skipped.
#pragma once

#include <cstdint>
#include <vector>

#include "batching/length_grouping.h"

namespace facellava::training {

// Rank `rank`'s share of one global micro-batch: an even contiguous split
// (sizes differ by at most one; a short last batch may leave ranks empty).
std::vector<int64_t> rank_share(const std::vector<int64_t>& global_batch, int rank, int world_size);
BatchPlan rank_shares(const BatchPlan& global, int rank, int world_size);

// Part of an epoch trained with one global micro-batch size.
struct EpochSegment {
    int64_t global_batch = 0;  // samples per global micro-batch
    int64_t batches_done = 0;  // global micro-batches of this segment trained
};

struct EpochBatchesParams {
    const std::vector<int64_t>* order = nullptr;    // the epoch's sample order
    const std::vector<int64_t>* lengths = nullptr;  // per sample, for grouping
    bool group_by_length = true;
    uint64_t seed = 0;
    int64_t epoch = 0;
};

// The global micro-batches still to train in the epoch after `done` (earlier
// segments, oldest first), planned with `global_batch` samples each. With no
// earlier segment this is make_batches() of the whole order.
BatchPlan remaining_epoch_batches(const EpochBatchesParams& p,
                                  const std::vector<EpochSegment>& done, int64_t global_batch);

}  // namespace facellava::training
