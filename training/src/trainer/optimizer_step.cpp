#include "trainer/optimizer_step.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"
#include "trainer/fused_adamw.h"

namespace facellava::training {

GroupedAdamW build_grouped_adamw(const NamedTensors& trainable, const OptimSettings& o,
                                 const std::string& where) {
    const double projector_scale =
        o.projector_learning_rate > 0 ? o.projector_learning_rate / o.learning_rate : 1.0;
    // HF's grouping: no weight decay on biases and norm weights (1-D tensors).
    std::vector<torch::Tensor> main_decay, main_plain, adapter_decay, adapter_plain;
    for (const auto& [name, t] : trainable) {
        const bool adapter = name.rfind("model.mm_projector.", 0) == 0 ||
                             name.rfind("model.landmarks_", 0) == 0 ||
                             name.rfind("model.global_landmarks_", 0) == 0;
        auto& group = adapter ? (t.dim() >= 2 ? adapter_decay : adapter_plain)
                              : (t.dim() >= 2 ? main_decay : main_plain);
        group.push_back(t);
    }
    GroupedAdamW out;
    std::vector<torch::optim::OptimizerParamGroup> groups;
    auto add = [&](std::vector<torch::Tensor>& params, double lr_scale, double decay) {
        if (params.empty())
            return;
        auto options = std::make_unique<torch::optim::AdamWOptions>(o.learning_rate * lr_scale);
        options->betas({o.beta1, o.beta2}).eps(o.epsilon).weight_decay(decay);
        groups.emplace_back(params, std::move(options));
        out.lr_scale.push_back(lr_scale);
    };
    add(main_decay, 1.0, o.weight_decay);
    add(main_plain, 1.0, 0.0);
    add(adapter_decay, projector_scale, o.weight_decay);
    add(adapter_plain, projector_scale, 0.0);
    if (groups.empty())
        throw Error("nothing to train in this stage", where);
    torch::optim::AdamWOptions defaults(o.learning_rate);
    defaults.betas({o.beta1, o.beta2}).eps(o.epsilon).weight_decay(o.weight_decay);
    out.optimizer = std::make_unique<torch::optim::AdamW>(std::move(groups), defaults);
    return out;
}

namespace {

// The L2 norm of all the gradients together, as a scalar on their device (no
// wait for the GPU): LibTorch's multi-tensor norm where it has one (a few
// launches for hundreds of tensors), else one norm per tensor; then the norm
// of the norms, as torch::nn::utils::clip_grad_norm_ computes it.
torch::Tensor total_norm(const std::vector<torch::Tensor>& grads) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    const auto device = grads.front().device();
    const bool one_device = std::all_of(grads.begin(), grads.end(), [&](const torch::Tensor& g) {
        return g.device() == device && !g.is_sparse();
    });
    if (device.is_cuda() && one_device)
        return torch::stack(at::_foreach_norm(grads, 2)).norm();
#endif
    std::vector<torch::Tensor> norms;
    norms.reserve(grads.size());
    for (const auto& g : grads)
        norms.push_back(g.norm(2));
    return norms.size() == 1 ? norms.front() : torch::stack(norms).norm();
}

}  // namespace

double apply_optimizer_step(GroupedAdamW& adamw, const NamedTensors& trainable,
                            double max_grad_norm, double lr) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> grads;
    for (const auto& [name, t] : trainable) {
        if (t.grad().defined())
            grads.push_back(t.grad());
    }
    auto& groups = adamw.optimizer->param_groups();
    for (size_t g = 0; g < groups.size(); ++g) {
        static_cast<torch::optim::AdamWOptions&>(groups[g].options()).lr(lr * adamw.lr_scale[g]);
    }
    if (grads.empty()) {  // nothing to update (AdamW skips parameters without a gradient)
        adamw.optimizer->step();
        adamw.optimizer->zero_grad();
        return 0.0;
    }
    const auto norm = total_norm(grads);
    bool stepped = false;
    if (max_grad_norm > 0) {
        // clip_grad_norm_'s factor: max_norm / (norm + 1e-6), at most 1.
        const auto factor = torch::clamp_max(max_grad_norm / (norm + 1e-6), 1.0);
        // On a GPU the fused AdamW divides the gradients by 1 / factor as it
        // reads them, sparing a pass over every gradient; otherwise (and on
        // the first step, which creates the state) they are scaled here.
        stepped = fused_adamw_step(*adamw.optimizer, factor.reciprocal());
        if (!stepped) {
            for (auto& g : grads)
                g.mul_(factor);
        }
    } else {
        stepped = fused_adamw_step(*adamw.optimizer);
    }
    // One fused pass per tensor on a GPU once the state exists; step() makes
    // the state on the first step and serves every case the kernel does not.
    if (!stepped)
        adamw.optimizer->step();
    adamw.optimizer->zero_grad();
    // Read last: the host waits for the norm only after the update is queued.
    return norm.item<double>();
}

}  // namespace facellava::training
