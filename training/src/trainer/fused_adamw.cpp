#include "trainer/fused_adamw.h"

#include <torch/version.h>

#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
#define FACELLAVA_FUSED_ADAMW 1
#else
#define FACELLAVA_FUSED_ADAMW 0
#endif

namespace facellava::training {

namespace {

// The tensors of one group's parameters that have a gradient, in order.
struct GroupTensors {
    std::vector<torch::Tensor> params, grads, exp_avgs, exp_avg_sqs;
    std::vector<torch::optim::AdamWParamState*> states;
};

// The optimiser's state key of a parameter: its TensorImpl address, printed
// (LibTorch 1.x) or as is (2.x).
template <typename Key>
Key state_key(c10::TensorImpl* impl) {
    if constexpr (std::is_same_v<Key, std::string>) {
        std::ostringstream printed;
        printed << static_cast<void*>(impl);
        return printed.str();
    } else {
        return impl;
    }
}

// Every group's parameters with a gradient and their state; false when the
// fused kernel cannot take them all (see fused_adamw_step()).
bool collect(torch::optim::AdamW& optimizer, std::vector<GroupTensors>& taken) {
    auto& groups = optimizer.param_groups();
    auto& state = optimizer.state();
    using Key = typename std::decay_t<decltype(state)>::key_type;
    taken.assign(groups.size(), {});
    bool any = false;
    for (size_t g = 0; g < groups.size(); ++g) {
        const auto& options = static_cast<const torch::optim::AdamWOptions&>(groups[g].options());
        if (options.amsgrad())
            return false;
        for (const auto& p : groups[g].params()) {
            if (!p.grad().defined())
                continue;  // as step(): no gradient, no update
            const auto& grad = p.grad();
            if (!p.is_cuda() || p.scalar_type() != torch::kFloat32 || grad.is_sparse() ||
                grad.scalar_type() != torch::kFloat32 || grad.device() != p.device())
                return false;
            const auto found = state.find(state_key<Key>(p.unsafeGetTensorImpl()));
            if (found == state.end())
                return false;
            auto& s = static_cast<torch::optim::AdamWParamState&>(*found->second);
            auto& t = taken[g];
            t.params.push_back(p);
            t.grads.push_back(grad);
            t.exp_avgs.push_back(s.exp_avg());
            t.exp_avg_sqs.push_back(s.exp_avg_sq());
            t.states.push_back(&s);
            any = true;
        }
    }
    return any;
}

}  // namespace

bool fused_adamw_step(torch::optim::AdamW& optimizer, const torch::Tensor& grad_divisor) {
    torch::NoGradGuard no_grad;
    std::vector<GroupTensors> taken;
    // Checked whole first: a step is taken entirely or not at all.
    if (!FACELLAVA_FUSED_ADAMW || !collect(optimizer, taken))
        return false;
#if FACELLAVA_FUSED_ADAMW
    auto& groups = optimizer.param_groups();
    for (size_t g = 0; g < groups.size(); ++g) {
        auto& t = taken[g];
        if (t.params.empty())
            continue;
        // The kernel reads each parameter's step count (after this step's
        // increment, as step() counts) from a float32 device scalar: one
        // upload for the group, one view per parameter.
        std::vector<float> counts;
        counts.reserve(t.states.size());
        for (auto* s : t.states)
            counts.push_back(static_cast<float>(s->step() + 1));
        const auto steps =
            torch::tensor(counts, torch::kFloat32).to(t.params.front().device()).unbind(0);
        const auto& options = static_cast<const torch::optim::AdamWOptions&>(groups[g].options());
        const auto [beta1, beta2] = options.betas();
        at::_fused_adamw_(
            t.params, t.grads, t.exp_avgs, t.exp_avg_sqs, /*max_exp_avg_sqs=*/{}, steps,
            options.lr(), beta1, beta2, options.weight_decay(), options.eps(),
            /*amsgrad=*/false, /*maximize=*/false,
            grad_divisor.defined() ? std::optional<torch::Tensor>(grad_divisor) : std::nullopt);
        for (auto* s : t.states)
            s->step(s->step() + 1);
    }
    return true;
#else
    (void)grad_divisor;
    return false;
#endif
}

}  // namespace facellava::training
