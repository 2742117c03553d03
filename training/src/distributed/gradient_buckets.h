// Gradient all-reduce in flat buckets, as DDP does: the trained parameters are
// packed into buckets of at most bucket_bytes of one dtype; each step every
// bucket is summed across the ranks in one collective and divided by the
// world size.
//
// Two ways to run it, with the same result:
//  - after backward (overlap off): average() packs the gradients in
//    registration order and reduces all buckets (all in flight together);
//  - overlapped with backward (overlap on, the default of the trainer): a
//    post-hook on each parameter's gradient accumulator (the autograd node
//    that adds a backward's gradient into .grad; LibTorch 1.13 and 2.x both
//    have Node::add_post_hook, which DDP's reducer uses too) copies the
//    gradient into its bucket as soon as it is final, and a bucket whose
//    parameters are all in starts its all-reduce while backward goes on.
//    Buckets start strictly in bucket order, so every rank issues the same
//    collectives in the same order whatever order its gradients arrive in.
//    The first layout is reverse registration order; after the first step
//    the layout follows the order in which rank 0's gradients arrived (as
//    DDP rebuilds its buckets), with a small first bucket so it leaves early.
//    Only the backward pass after arm() reduces as it goes: with gradient
//    accumulation the trainer arms the last micro-batch only, the others
//    accumulate locally. average() then starts what is left (buckets with
//    a parameter this rank did not use, or all of them on a rank that had no
//    micro-batch), waits for everything and writes the averages back.
//    If a gradient changes after its bucket left (a parameter accumulated
//    twice in one backward, e.g. used inside and outside a checkpointed
//    block), the ranks notice it together and that step is reduced again
//    after backward, and overlap is off for the rest of the run.
//
// A parameter that no rank has a gradient for (a module no sample of the step
// used) keeps none, so the optimiser skips it exactly as a single process
// would; if any rank has one, ranks without it count zeros.
//
// Thread-safety: the training thread, and during an armed backward the
// autograd engine's threads (the hooks take a lock).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "distributed/dist_context.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

class GradientBuckets {
  public:
    static constexpr int64_t kDefaultBucketBytes = int64_t(25) << 20;
    // Overlap: the first bucket of the rebuilt layout (DDP's 1 MiB).
    static constexpr int64_t kFirstBucketBytes = int64_t(1) << 20;

    // overlap: hooks on the parameters' gradient accumulators (the
    // parameters must require gradients). Throws facellava::Error.
    GradientBuckets(const NamedTensors& params, int64_t bucket_bytes, bool overlap);
    ~GradientBuckets();
    GradientBuckets(const GradientBuckets&) = delete;
    GradientBuckets& operator=(const GradientBuckets&) = delete;

    // Overlap on: the next backward pass is this rank's last of the step; its
    // buckets are reduced as they fill. Off: nothing.
    void arm(DistContext& dist);
    // Averages the gradients of the parameters over the ranks of `dist`
    // (every rank calls it once per step, armed or not).
    void average(DistContext& dist);
    // Copies rank `root`'s parameter values to every rank.
    void broadcast_values(DistContext& dist, int root);

    size_t bucket_count() const { return buckets_.size(); }
    bool overlap() const { return overlap_ != nullptr && overlap_reason_off_.empty(); }
    // Why overlap was switched off during the run ("" while it is on).
    const std::string& overlap_off_reason() const { return overlap_reason_off_; }

    // What the last average() did (logs and tests).
    struct StepStats {
        bool overlapped = false;  // reduced during an armed backward
        int64_t buckets = 0;
        int64_t launched_in_backward = 0;  // buckets whose all-reduce started inside backward
        int64_t ready_in_backward = 0;     // parameters whose gradient the armed backward produced
        // How many of those had arrived when the first bucket started (-1: none started).
        int64_t ready_at_first_launch = -1;
        bool rebuilt = false;  // the layout was rebuilt in rank 0's gradient order after this step
    };
    const StepStats& last_step() const { return last_step_; }

    struct Overlap;  // the hooks' shared state (gradient_buckets.cpp)

  private:
    struct Bucket {
        std::vector<size_t> params;  // indices into params_
        torch::ScalarType dtype = torch::kFloat32;
        int64_t numel = 0;
    };
    struct Hook {
        std::shared_ptr<torch::autograd::Node> accumulator;
        uintptr_t key = 0;
    };
    void average_after_backward(DistContext& dist);
    void average_overlapped(DistContext& dist);

    std::vector<torch::Tensor> params_;
    std::vector<Bucket> buckets_;  // registration order: after-backward path, broadcast
    int64_t bucket_bytes_ = 0;
    std::shared_ptr<Overlap> overlap_;  // null: overlap off from the start
    std::vector<Hook> hooks_;
    std::string overlap_reason_off_;
    StepStats last_step_;
};

}  // namespace facellava::training
