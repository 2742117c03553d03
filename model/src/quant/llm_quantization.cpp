#include "quant/llm_quantization.h"

#include <algorithm>
#include <set>

#include "facellava/core/error.h"
#include "io/safetensors.h"
#include "quant/quantized_weight.h"

namespace facellava::model::quant {
namespace {

bool ends_with(const std::string& text, const std::string& tail) {
    return text.size() >= tail.size() &&
           text.compare(text.size() - tail.size(), tail.size(), tail) == 0;
}

constexpr const char* kLayerSuffixes[] = {
    ".self_attn.q_proj.weight", ".self_attn.k_proj.weight", ".self_attn.v_proj.weight",
    ".self_attn.o_proj.weight", ".mlp.gate_proj.weight",    ".mlp.up_proj.weight",
    ".mlp.down_proj.weight"};

// Dtype and shape checks of the stored quantized tensors of one layer, from
// the headers alone (meta tensors carry the dtype and shape, no data).
void check_stored_layer(const io::LazyStateDict& dict, const std::string& key,
                        const QuantScheme& scheme, int64_t rows, int64_t cols,
                        const std::string& source) {
    const auto meta = [&](const std::string& name) -> torch::Tensor {
        const auto it = dict.find(name);
        if (it == dict.end())
            return {};
        return torch::empty(it->second.shape,
                            torch::TensorOptions().dtype(it->second.dtype).device(torch::kMeta));
    };
    QuantizedWeight stored;
    stored.scheme = scheme;
    stored.rows = rows;
    stored.cols = cols;
    stored.data = meta(key);
    stored.scales = meta(scale_key(key));
    stored.zeros = meta(zero_key(key));
    check_quantized(stored, key, source);
}

}  // namespace

bool is_quantizable_llm_key(const std::string& key) {
    if (key == "lm_head.weight")
        return true;
    if (key.rfind("model.layers.", 0) != 0)
        return false;
    for (const char* suffix : kLayerSuffixes) {
        if (ends_with(key, suffix))
            return true;
    }
    return false;
}

std::vector<std::pair<std::string, LlamaLinearImpl*>> llm_linears(LlamaForCausalLMImpl& lm) {
    std::vector<std::pair<std::string, LlamaLinearImpl*>> out;
    for (const auto& item : lm.named_modules("", /*include_self=*/false)) {
        auto* linear = dynamic_cast<LlamaLinearImpl*>(item.value().get());
        const std::string key = item.key() + ".weight";
        if (linear != nullptr && is_quantizable_llm_key(key))
            out.emplace_back(key, linear);
    }
    return out;
}

void quantize_llm(LlamaForCausalLMImpl& lm, const QuantScheme& scheme) {
    torch::NoGradGuard no_grad;
    for (auto& [key, linear] : llm_linears(lm)) {
        if (linear->quantized())
            throw Error(key + " is quantized already: quantize a 16/32-bit model");
        linear->set_quantized(quantize(linear->weight(), scheme));
    }
}

std::optional<QuantScheme> stored_scheme(const std::vector<std::string>& weight_files) {
    std::optional<QuantScheme> found;
    std::string found_in;
    size_t unmarked = 0;
    for (const auto& file : weight_files) {
        if (!ends_with(file, ".safetensors")) {
            ++unmarked;
            continue;
        }
        const io::SafetensorsFile st(file);
        const auto it = st.metadata().find(kMetadataKey);
        if (it == st.metadata().end()) {
            ++unmarked;
            continue;
        }
        const QuantScheme scheme = scheme_from_metadata(it->second, file);
        if (found && *found != scheme)
            throw Error("the weight files disagree on their quantization: " + found->name() +
                            " in " + found_in + ", " + scheme.name() + " here",
                        file, "re-create the checkpoint with one facellava convert --quantize");
        found = scheme;
        found_in = file;
    }
    if (found && unmarked > 0)
        throw Error("only some weight files of this checkpoint are quantized (" + found->name() +
                        ")",
                    found_in, "re-create the checkpoint with one facellava convert --quantize");
    return found;
}

void load_quantized_llm(LlamaForCausalLMImpl& lm, io::LazyStateDict& dict,
                        const QuantScheme& scheme, const std::optional<QuantScheme>& stored,
                        const std::string& source) {
    torch::NoGradGuard no_grad;
    if (stored && *stored != scheme)
        throw Error("this checkpoint's weights are " + stored->name() + ", not " + scheme.name(),
                    source, "load it with --weights " + stored->name() + " (or auto)");
    const auto linears = llm_linears(lm);
    if (stored) {
        // The layers take the stored form first, so the module's names and
        // shapes are the checkpoint's (codes, scales, zero points).
        for (const auto& [key, linear] : linears) {
            linear->set_quantized(allocate_quantized(scheme, linear->out_features(),
                                                     linear->in_features(),
                                                     linear->weight().device()));
        }
    }
    io::LoadReport report = io::check_against_module(lm, dict);
    if (!stored) {
        for (const auto& item : dict) {
            if (ends_with(item.first, "_scale") || ends_with(item.first, "_zero")) {
                throw Error("this checkpoint holds quantized tensors (" + item.first +
                                ") but its weight files have no " + kMetadataKey + " metadata",
                            source, "re-create the checkpoint with facellava convert --quantize");
            }
        }
    }
    if (!report.ok())
        throw Error("checkpoint does not match config.json: " + report.describe(), source,
                    "use the config.json that came with these weights");
    std::map<std::string, LlamaLinearImpl*> by_key(linears.begin(), linears.end());
    for (const auto& [key, linear] : linears) {
        if (stored) {
            check_stored_layer(dict, key, scheme, linear->out_features(), linear->in_features(),
                               source);
        } else if (!c10::isFloatingType(dict.at(key).dtype)) {
            throw Error(key + " is stored as " + c10::toString(dict.at(key).dtype) +
                            ", not as a floating weight to quantize",
                        source, "use a 16/32-bit checkpoint, or a quantized one with its metadata");
        }
    }
    for (auto& [name, target] : io::module_tensors(lm)) {
        const auto layer = by_key.find(name);
        if (!stored && layer != by_key.end()) {
            // One float matrix in memory at a time, quantized where the model lives.
            const auto weight = dict.at(name).read().to(target.device());
            layer->second->set_quantized(quantize(weight, scheme));
            continue;
        }
        target.copy_(dict.at(name).read());
    }
}

int64_t llm_weight_bytes(LlamaForCausalLMImpl& lm) {
    int64_t bytes = 0;
    for (const auto& [name, tensor] : io::module_tensors(lm))
        bytes += tensor.numel() * static_cast<int64_t>(tensor.element_size());
    return bytes;
}

}  // namespace facellava::model::quant
