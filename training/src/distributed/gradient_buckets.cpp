#include "distributed/gradient_buckets.h"

namespace facellava::training {

GradientBuckets::GradientBuckets(const NamedTensors& params, int64_t bucket_bytes) {
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
}

void GradientBuckets::average(DistContext& dist) {
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
