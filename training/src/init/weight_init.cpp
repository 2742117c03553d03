#include "init/weight_init.h"

#include <ATen/CPUGeneratorImpl.h>

#include "engine/facellava_model.h"
#include "facellava/core/error.h"

namespace facellava::training {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

io::StateDict fresh_main_state_dict(const model::FaceLlavaHParams& hp) {
    torch::NoGradGuard no_grad;
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(torch::kCPU);
    // The two modules whose names make up the main checkpoint (towers have
    // their own files); building them here, not listing keys, keeps the set
    // exactly what FaceLlavaModel::load and TrainableFaceLlava::load check.
    model::LlamaForCausalLM llm(hp.llm, options);
    model::MultimodalAdapter adapter(hp);
    io::StateDict dict;
    for (const auto& item : llm->named_parameters())
        dict[item.key()] = item.value().detach();
    for (const auto& item : llm->named_buffers())
        dict[item.key()] = item.value().detach();
    for (const auto& item : adapter->named_parameters())
        dict["model." + item.key()] = item.value().detach().to(torch::kFloat32);
    for (const auto& item : adapter->named_buffers())
        dict["model." + item.key()] = item.value().detach().to(torch::kFloat32);
    return dict;
}

void initialise_weights(io::StateDict& dict, const WeightInitOptions& options) {
    torch::NoGradGuard no_grad;
    auto generator = at::detail::createCPUGenerator(options.seed);
    for (auto& [name, tensor] : dict) {  // std::map: name order
        if (!tensor.is_floating_point())
            continue;
        if (ends_with(name, "bias")) {
            tensor.zero_();
        } else if (tensor.dim() >= 2) {
            tensor.normal_(0.0, options.initializer_range, generator);
        } else if (ends_with(name, "weight")) {
            tensor.fill_(1.0);
        } else {
            // Modules may be built on uninitialised memory: a tensor no rule
            // covers must stop the run rather than be written as garbage.
            throw Error("no initialisation rule for tensor '" + name + "'", "",
                        "extend training/src/init/weight_init.cpp for the new module");
        }
    }
    const auto embed = dict.find("model.embed_tokens.weight");
    if (embed != dict.end() && options.pad_token_id >= 0 &&
        options.pad_token_id < embed->second.size(0)) {
        embed->second[options.pad_token_id].zero_();
    }
}

}  // namespace facellava::training
