#include "distributed/distributed_sampler.h"

#include <map>

namespace facellava::training {

std::vector<int64_t> rank_share(const std::vector<int64_t>& global_batch, int rank,
                                int world_size) {
    const auto n = int64_t(global_batch.size());
    const int64_t begin = n * rank / world_size;
    const int64_t end = n * (rank + 1) / world_size;
    return {global_batch.begin() + begin, global_batch.begin() + end};
}

BatchPlan rank_shares(const BatchPlan& global, int rank, int world_size) {
    BatchPlan out;
    out.reserve(global.size());
    for (const auto& batch : global)
        out.push_back(rank_share(batch, rank, world_size));
    return out;
}

BatchPlan remaining_epoch_batches(const EpochBatchesParams& p,
                                  const std::vector<EpochSegment>& done, int64_t global_batch) {
    std::vector<int64_t> remaining = *p.order;
    for (const auto& segment : done) {
        const BatchPlan plan = make_batches(remaining, *p.lengths, segment.global_batch,
                                            p.group_by_length, p.seed, p.epoch);
        // Samples may repeat in an epoch (task weights > 1): drop as many
        // copies as were seen, keeping the order of the rest.
        std::map<int64_t, int64_t> seen;
        const auto batches = std::min<size_t>(size_t(segment.batches_done), plan.size());
        for (size_t b = 0; b < batches; ++b) {
            for (int64_t s : plan[b])
                ++seen[s];
        }
        std::vector<int64_t> rest;
        rest.reserve(remaining.size());
        for (int64_t s : remaining) {
            auto it = seen.find(s);
            if (it != seen.end() && it->second > 0) {
                --it->second;
                continue;
            }
            rest.push_back(s);
        }
        remaining = std::move(rest);
    }
    return make_batches(remaining, *p.lengths, global_batch, p.group_by_length, p.seed, p.epoch);
}

}  // namespace facellava::training
