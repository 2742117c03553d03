#include "distributed/gradient_buckets.h"

#include <algorithm>
#include <exception>
#include <mutex>

#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

#include "facellava/core/error.h"

namespace facellava::training {

// The overlapped reduction: the bucket layout in gradient order and the state
// of one armed backward. Shared with the hooks (they may outlive the
// GradientBuckets inside a graph that is still alive: disarmed, they do nothing).
struct GradientBuckets::Overlap {
    struct Bucket {
        std::vector<size_t> params;
        torch::ScalarType dtype = torch::kFloat32;
        int64_t numel = 0;
        torch::Tensor flat;   // on the comm device, reused every step
        int64_t pending = 0;  // parameters whose gradient has not arrived
        bool launched = false;
        std::unique_ptr<C10dWork> work;
    };
    struct Slot {
        size_t bucket = 0;
        int64_t offset = 0;
    };

    std::mutex mutex;
    std::vector<torch::Tensor> params;
    std::vector<Bucket> buckets;
    std::vector<Slot> slots;  // per parameter

    // The armed backward (dist non-null while armed, and in average()).
    DistContext* dist = nullptr;
    std::vector<char> ready;  // per parameter: its gradient of this backward is in its bucket
    size_t next_launch = 0;
    bool late = false;  // a gradient changed after its bucket left
    std::exception_ptr error;
    StepStats stats;

    // The order of the first armed backward's gradients, for the rebuild.
    bool record_order = true;
    std::vector<char> seen;
    std::vector<int64_t> order;

    // Packs the parameters, in the order of `sequence` (indices), into buckets.
    void build(const std::vector<int64_t>& sequence, int64_t bucket_bytes) {
        buckets.clear();
        slots.assign(params.size(), Slot{});
        for (const int64_t i : sequence) {
            const auto& p = params[size_t(i)];
            const int64_t bytes = p.numel() * int64_t(p.element_size());
            // The first bucket is small: it leaves while most of backward is still to run.
            const int64_t limit =
                buckets.size() == 1 ? std::min(bucket_bytes, kFirstBucketBytes) : bucket_bytes;
            const bool fits = !buckets.empty() && buckets.back().dtype == p.scalar_type() &&
                              buckets.back().numel * int64_t(p.element_size()) + bytes <= limit;
            if (!fits) {
                buckets.emplace_back();
                buckets.back().dtype = p.scalar_type();
            }
            slots[size_t(i)] = {buckets.size() - 1, buckets.back().numel};
            buckets.back().params.push_back(size_t(i));
            buckets.back().numel += p.numel();
        }
        reset();
    }

    // Ready for the next step (works already waited for or abandoned).
    void reset() {
        dist = nullptr;
        ready.assign(params.size(), 0);
        for (auto& b : buckets) {
            b.pending = int64_t(b.params.size());
            b.launched = false;
            b.work.reset();
        }
        next_launch = 0;
        late = false;
        error = nullptr;
        stats = {};
    }

    torch::Tensor slice(size_t i) {
        const Slot& s = slots[i];
        return buckets[s.bucket].flat.narrow(0, s.offset, params[i].numel());
    }

    void ensure_flat(Bucket& b, const torch::Device& comm) {
        if (!b.flat.defined() || b.flat.device() != comm) {
            b.flat = torch::zeros({b.numel}, torch::TensorOptions().dtype(b.dtype).device(comm));
        }
    }

    // Starts the buckets in order while they are complete; `all`: every
    // remaining one, its missing gradients taken from .grad (or zeros).
    void launch(bool all) {
        while (next_launch < buckets.size()) {
            Bucket& b = buckets[next_launch];
            if (!all && b.pending > 0)
                break;
            ensure_flat(b, dist->comm_device());
            if (b.pending > 0) {
                torch::NoGradGuard no_grad;
                for (size_t i : b.params) {
                    if (ready[i])
                        continue;
                    const auto& g = params[i].grad();
                    if (g.defined())
                        slice(i).copy_(g.reshape({-1}));
                    else
                        slice(i).zero_();
                }
            }
            b.work = dist->start_all_reduce_sum(b.flat, "reducing gradients");
            b.launched = true;
            ++next_launch;
            if (!all) {
                ++stats.launched_in_backward;
                if (stats.ready_at_first_launch < 0)
                    stats.ready_at_first_launch = stats.ready_in_backward;
            }
        }
    }

    // A hook: parameter i's .grad is final for this backward.
    void on_ready(size_t i) {
        std::lock_guard<std::mutex> lock(mutex);
        if (dist == nullptr || error)
            return;
        if (record_order && !seen[i]) {
            seen[i] = 1;
            order.push_back(int64_t(i));
        }
        if (!params[i].grad().defined())
            return;  // an undefined gradient arrived: nothing accumulated
        Bucket& b = buckets[slots[i].bucket];
        if (b.launched) {  // accumulated again after its bucket left
            late = true;
            return;
        }
        try {
            ensure_flat(b, dist->comm_device());
            {
                torch::NoGradGuard no_grad;
                slice(i).copy_(params[i].grad().reshape({-1}));
            }
            if (!ready[i]) {
                ready[i] = 1;
                --b.pending;
                ++stats.ready_in_backward;
            }
            launch(false);
        } catch (...) {
            error = std::current_exception();  // average() rethrows it on the training thread
        }
    }
};

namespace {

// A post-hook of a parameter's AccumulateGrad node: runs once .grad holds the
// backward's gradient.
class ReadyHook : public torch::autograd::FunctionPostHook {
  public:
    ReadyHook(std::shared_ptr<GradientBuckets::Overlap> state, size_t index)
        : state_(std::move(state)), index_(index) {}
    torch::autograd::variable_list operator()(
        const torch::autograd::variable_list& outputs,
        const torch::autograd::variable_list& /*inputs*/) override {
        state_->on_ready(index_);
        return outputs;
    }

  private:
    std::shared_ptr<GradientBuckets::Overlap> state_;
    size_t index_;
};

}  // namespace

GradientBuckets::GradientBuckets(const NamedTensors& params, int64_t bucket_bytes, bool overlap)
    : bucket_bytes_(bucket_bytes) {
    for (const auto& [name, t] : params)
        params_.push_back(t);
    for (size_t i = 0; i < params_.size(); ++i) {
        const auto& p = params_[i];
        const int64_t bytes = p.numel() * int64_t(p.element_size());
        const bool fits =
            !buckets_.empty() && buckets_.back().dtype == p.scalar_type() &&
            (buckets_.back().numel * int64_t(p.element_size()) + bytes <= bucket_bytes);
        if (!fits) {
            buckets_.emplace_back();
            buckets_.back().dtype = p.scalar_type();
        }
        buckets_.back().params.push_back(i);
        buckets_.back().numel += p.numel();
    }
    if (!overlap)
        return;
    overlap_ = std::make_shared<Overlap>();
    overlap_->params = params_;
    overlap_->seen.assign(params_.size(), 0);
    // Backward produces gradients roughly in reverse registration order.
    std::vector<int64_t> reverse;
    for (size_t i = params_.size(); i-- > 0;)
        reverse.push_back(int64_t(i));
    overlap_->build(reverse, bucket_bytes_);
    for (size_t i = 0; i < params_.size(); ++i) {
        auto accumulator = torch::autograd::impl::grad_accumulator(params_[i]);
        if (!accumulator) {
            throw Error(
                "gradient overlap: parameter '" + params[i].first + "' does not require a gradient",
                "", "mark the trained parameters before creating the gradient buckets");
        }
        const uintptr_t key = accumulator->add_post_hook(std::make_unique<ReadyHook>(overlap_, i));
        hooks_.push_back({std::move(accumulator), key});
    }
}

GradientBuckets::~GradientBuckets() {
    for (auto& h : hooks_)
        h.accumulator->del_post_hook(h.key);
}

void GradientBuckets::arm(DistContext& dist) {
    if (!overlap())
        return;
    std::lock_guard<std::mutex> lock(overlap_->mutex);
    overlap_->reset();
    overlap_->dist = &dist;
    overlap_->stats.overlapped = true;
}

void GradientBuckets::average(DistContext& dist) {
    if (overlap())
        average_overlapped(dist);
    else
        average_after_backward(dist);
}

void GradientBuckets::average_after_backward(DistContext& dist) {
    const torch::Device comm = dist.comm_device();
    // Which parameters have a gradient on some rank.
    auto has_grad = torch::zeros({int64_t(params_.size())}, torch::kFloat32);
    {
        auto* flags = has_grad.data_ptr<float>();
        for (size_t i = 0; i < params_.size(); ++i)
            flags[i] = params_[i].grad().defined() ? 1.0f : 0.0f;
    }
    has_grad = has_grad.to(comm);
    dist.all_reduce_sum({has_grad}, "agreeing on which parameters have gradients");
    has_grad = has_grad.to(torch::kCPU);
    const auto* anywhere = has_grad.data_ptr<float>();

    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> flats;
    for (const auto& bucket : buckets_) {
        auto flat =
            torch::zeros({bucket.numel}, torch::TensorOptions().dtype(bucket.dtype).device(comm));
        int64_t offset = 0;
        for (size_t i : bucket.params) {
            const auto& p = params_[i];
            if (p.grad().defined())
                flat.narrow(0, offset, p.numel()).copy_(p.grad().reshape({-1}));
            offset += p.numel();
        }
        flats.push_back(flat);
    }
    dist.all_reduce_sum(flats, "reducing gradients");
    const double world = double(dist.world_size());
    for (size_t b = 0; b < buckets_.size(); ++b) {
        flats[b].div_(world);
        int64_t offset = 0;
        for (size_t i : buckets_[b].params) {
            auto& p = params_[i];
            const auto slice = flats[b].narrow(0, offset, p.numel()).view(p.sizes());
            offset += p.numel();
            if (anywhere[i] == 0.0f)
                continue;
            if (p.grad().defined()) {
                p.mutable_grad().copy_(slice);
            } else {
                p.mutable_grad() = slice.to(p.device()).clone();
            }
        }
    }
    last_step_ = {};
    last_step_.buckets = int64_t(buckets_.size());
}

void GradientBuckets::average_overlapped(DistContext& dist) {
    Overlap& o = *overlap_;
    {
        std::lock_guard<std::mutex> lock(o.mutex);
        if (o.error) {
            const auto error = o.error;
            o.reset();
            std::rethrow_exception(error);
        }
        o.dist = &dist;  // disarmed below: no hook runs between here and then
        try {
            o.launch(true);
        } catch (...) {
            o.reset();
            throw;
        }
        o.dist = nullptr;
    }
    const torch::Device comm = dist.comm_device();
    // Which parameters have a gradient on some rank, and whether a gradient
    // of some rank changed after its bucket left (the last entry).
    auto flags = torch::zeros({int64_t(params_.size()) + 1}, torch::kFloat32);
    {
        auto* f = flags.data_ptr<float>();
        for (size_t i = 0; i < params_.size(); ++i)
            f[i] = params_[i].grad().defined() ? 1.0f : 0.0f;
        f[params_.size()] = o.late ? 1.0f : 0.0f;
    }
    flags = flags.to(comm);
    dist.all_reduce_sum({flags}, "agreeing on which parameters have gradients");
    flags = flags.to(torch::kCPU);
    const auto* anywhere = flags.data_ptr<float>();
    for (auto& b : o.buckets)
        dist.wait(*b.work, "reducing gradients");
    if (anywhere[params_.size()] > 0.0f) {
        o.reset();
        overlap_reason_off_ =
            "a gradient was accumulated again after its bucket's all-reduce had started (a "
            "parameter used twice in one backward pass, e.g. inside and outside a recomputed "
            "block); gradients are reduced after backward from now on";
        average_after_backward(dist);
        return;
    }
    torch::NoGradGuard no_grad;
    const double world = double(dist.world_size());
    for (auto& b : o.buckets)
        b.flat.div_(world);
    for (size_t i = 0; i < params_.size(); ++i) {
        if (anywhere[i] == 0.0f)
            continue;
        auto& p = params_[i];
        const auto slice = o.slice(i).view(p.sizes());
        if (p.grad().defined()) {
            p.mutable_grad().copy_(slice);
        } else {
            p.mutable_grad() = slice.to(p.device()).clone();
        }
    }
    StepStats stats = o.stats;
    stats.buckets = int64_t(o.buckets.size());
    if (o.record_order) {
        // Rank 0's gradient order (then the parameters it had none for, in
        // reverse registration order) becomes every rank's bucket layout.
        std::vector<int64_t> order = o.order;
        for (size_t i = params_.size(); i-- > 0;) {
            if (!o.seen[i])
                order.push_back(int64_t(i));
        }
        auto shared = torch::tensor(order, torch::kInt64).to(comm);
        dist.broadcast({shared}, 0, "sharing the order of the gradients");
        shared = shared.to(torch::kCPU);
        o.record_order = false;
        o.build(std::vector<int64_t>(shared.data_ptr<int64_t>(),
                                     shared.data_ptr<int64_t>() + shared.numel()),
                bucket_bytes_);
        stats.rebuilt = true;
    }
    o.reset();
    last_step_ = stats;
}

void GradientBuckets::broadcast_values(DistContext& dist, int root) {
    const torch::Device comm = dist.comm_device();
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> flats;
    for (const auto& bucket : buckets_) {
        std::vector<torch::Tensor> pieces;
        for (size_t i : bucket.params)
            pieces.push_back(params_[i].detach().reshape({-1}).to(comm));
        flats.push_back(torch::cat(pieces));
    }
    dist.broadcast(flats, root, "sharing rank 0's initial weights");
    for (size_t b = 0; b < buckets_.size(); ++b) {
        int64_t offset = 0;
        for (size_t i : buckets_[b].params) {
            auto& p = params_[i];
            p.copy_(flats[b].narrow(0, offset, p.numel()).view(p.sizes()));
            offset += p.numel();
        }
    }
}

}  // namespace facellava::training
