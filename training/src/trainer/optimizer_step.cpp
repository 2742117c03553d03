#include "trainer/optimizer_step.h"

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

double apply_optimizer_step(GroupedAdamW& adamw, const NamedTensors& trainable,
                            double max_grad_norm, double lr) {
    std::vector<torch::Tensor> params;
    for (const auto& [name, t] : trainable) {
        if (t.grad().defined())
            params.push_back(t);
    }
    double grad_norm = 0;
    if (max_grad_norm > 0) {
        grad_norm = torch::nn::utils::clip_grad_norm_(params, max_grad_norm);
    } else {
        for (const auto& p : params)
            grad_norm += p.grad().pow(2).sum().item<double>();
        grad_norm = std::sqrt(grad_norm);
    }
    auto& groups = adamw.optimizer->param_groups();
    for (size_t g = 0; g < groups.size(); ++g) {
        static_cast<torch::optim::AdamWOptions&>(groups[g].options()).lr(lr * adamw.lr_scale[g]);
    }
    // One fused pass per tensor on a GPU once the state exists; step() makes
    // the state on the first step and serves every case the kernel does not.
    if (!fused_adamw_step(*adamw.optimizer))
        adamw.optimizer->step();
    adamw.optimizer->zero_grad();
    return grad_norm;
}

}  // namespace facellava::training
