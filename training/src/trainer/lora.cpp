#include "trainer/lora.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"

namespace facellava::training {

LoraLayerImpl::LoraLayerImpl(int64_t in_features, int64_t out_features, int64_t rank, double alpha,
                             double dropout_p, const torch::Device& device)
    : scale(alpha / double(rank)), dropout(dropout_p) {
    const auto options = torch::TensorOptions().dtype(torch::kFloat32).device(device);
    lora_A = register_parameter("lora_A", torch::empty({rank, in_features}, options));
    lora_B = register_parameter("lora_B", torch::zeros({out_features, rank}, options));
    torch::NoGradGuard no_grad;
    torch::nn::init::kaiming_uniform_(lora_A, std::sqrt(5.0));  // PEFT's init of lora_A
}

torch::Tensor LoraLayerImpl::delta(const torch::Tensor& x, bool training) const {
    auto h = dropout > 0 ? torch::dropout(x, dropout, training) : x;
    h = torch::linear(h, lora_A);             // (…, r)
    return torch::linear(h, lora_B) * scale;  // (…, out)
}

torch::Tensor LoraLayerImpl::merged_delta() const {
    return torch::matmul(lora_B, lora_A) * scale;
}

LoraAdapters::LoraAdapters(model::LlamaForCausalLM& llm, const LoraSettings& settings,
                           const torch::Device& device) {
    for (const auto& item : llm->named_modules()) {
        const std::string& path = item.key();
        if (path.rfind("model.layers.", 0) != 0)
            continue;
        const std::string leaf = path.substr(path.rfind('.') + 1);
        if (std::find(settings.target_modules.begin(), settings.target_modules.end(), leaf) ==
            settings.target_modules.end()) {
            continue;
        }
        const auto* linear = item.value()->as<model::LlamaLinearImpl>();
        if (linear == nullptr)
            continue;
        const auto& w = linear->weight();  // (out, in)
        index_[path] = layers_.size();
        layers_.emplace_back(path, LoraLayer(w.size(1), w.size(0), settings.rank, settings.alpha,
                                             settings.dropout, device));
    }
    if (layers_.empty()) {
        throw Error("LoRA found none of its target layers in the LLM", "",
                    "set lora.target_modules to names such as q_proj, v_proj");
    }
}

const LoraLayerImpl* LoraAdapters::find(const std::string& module_path) const {
    const auto it = index_.find(module_path);
    return it == index_.end() ? nullptr : layers_[it->second].second.get();
}

NamedTensors LoraAdapters::named_parameters() const {
    NamedTensors out;
    for (const auto& [path, layer] : layers_) {
        out.emplace_back(path + ".lora_A.weight", layer->lora_A);
        out.emplace_back(path + ".lora_B.weight", layer->lora_B);
    }
    return out;
}

void LoraAdapters::merge_into(model::LlamaForCausalLM& llm) const {
    torch::NoGradGuard no_grad;
    const auto params = llm->named_parameters();
    for (const auto& [path, layer] : layers_) {
        const auto* w = params.find(path + ".weight");
        if (w == nullptr)
            throw Error("LoRA merge: no weight for " + path);
        w->add_(layer->merged_delta().to(w->scalar_type()));
    }
}

}  // namespace facellava::training
