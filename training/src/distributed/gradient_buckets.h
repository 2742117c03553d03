// Gradient all-reduce in flat buckets, as DDP does: the trained parameters are
// packed, in order, into buckets of at most bucket_bytes of one dtype; each
// step every bucket is summed across the ranks in one collective (all buckets
// in flight together) and divided by the world size.
//
// A parameter that no rank has a gradient for (a module no sample of the step
// used) keeps none, so the optimiser skips it exactly as a single process
// would; if any rank has one, ranks without it count zeros.
//
// The reduction runs after backward (not overlapped with it): LibTorch's C++
// frontend has no post-accumulate-grad hook before 2.x. Thread-safety: the
// training thread alone.
#pragma once

#include <cstdint>
#include <vector>

#include "distributed/dist_context.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

class GradientBuckets {
  public:
    static constexpr int64_t kDefaultBucketBytes = int64_t(25) << 20;

    GradientBuckets(const NamedTensors& params, int64_t bucket_bytes);

    // Averages the gradients of the parameters over the ranks of `dist`.
    void average(DistContext& dist);
    // Copies rank `root`'s parameter values to every rank.
    void broadcast_values(DistContext& dist, int root);

    size_t bucket_count() const { return buckets_.size(); }

  private:
    struct Bucket {
        std::vector<size_t> params;  // indices into params_
        torch::ScalarType dtype = torch::kFloat32;
        int64_t numel = 0;
    };
    std::vector<torch::Tensor> params_;
    std::vector<Bucket> buckets_;
};

}  // namespace facellava::training
