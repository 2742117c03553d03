#include "io/lora_merge.h"

#include <vector>

#include "facellava/core/error.h"

namespace facellava::io {
namespace {

// "X.lora_A.weight" or "X.lora_A.<adapter>.weight" → module path X and adapter
// ("" when unnamed); false for any other key.
bool split_lora_key(const std::string& key, const std::string& marker, std::string* module,
                    std::string* adapter) {
    const auto at = key.find("." + marker + ".");
    const std::string suffix = ".weight";
    if (at == std::string::npos || key.size() < suffix.size() ||
        key.compare(key.size() - suffix.size(), suffix.size(), suffix) != 0)
        return false;
    const auto middle_begin = at + marker.size() + 2;
    const auto middle_end = key.size() - suffix.size();
    *module = key.substr(0, at);
    // "X.lora_A.weight" has no adapter part: its middle is empty.
    *adapter = middle_end > middle_begin ? key.substr(middle_begin, middle_end - middle_begin) : "";
    return true;
}

std::string lora_key(const std::string& module, const std::string& marker,
                     const std::string& adapter) {
    return module + "." + marker + (adapter.empty() ? "" : "." + adapter) + ".weight";
}

std::string shape_of(const torch::Tensor& t) {
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i)
        s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

const char* kHint = "use the adapter's own weights and adapter_config.json, or merge it with PEFT";

}  // namespace

LoraConfig LoraConfig::from_json(const JsonConfig& config) {
    LoraConfig lora;
    lora.alpha = config.get<double>("lora_alpha");
    lora.r = config.get<int64_t>("r");
    if (lora.r <= 0)
        config.fail("r", "must be positive");
    return lora;
}

bool has_lora_keys(const StateDict& dict) {
    for (const auto& [key, value] : dict) {
        if (key.find(".lora_A.") != std::string::npos || key.find(".lora_B.") != std::string::npos)
            return true;
    }
    return false;
}

LoraMergeReport merge_lora(StateDict& dict, const LoraConfig& lora, const std::string& source) {
    if (lora.r <= 0)
        throw Error("LoRA rank r must be positive", source, kHint);
    LoraMergeReport report;

    // Collect first: the loop below edits the map.
    std::vector<std::pair<std::string, std::string>> pairs;  // (module, adapter)
    for (const auto& [key, value] : dict) {
        std::string module, adapter;
        if (split_lora_key(key, "lora_A", &module, &adapter)) {
            pairs.emplace_back(module, adapter);
        } else if (split_lora_key(key, "lora_B", &module, &adapter)) {
            if (!dict.count(lora_key(module, "lora_A", adapter)))
                throw Error("LoRA key '" + key + "' has no matching lora_A", source, kHint);
        } else if (key.find(".lora_") != std::string::npos) {
            // lora_magnitude_vector (DoRA), lora_embedding_A/B, …: not plain LoRA.
            throw Error("unsupported LoRA key '" + key + "' (only lora_A/lora_B on Linear weights)",
                        source, kHint);
        }
    }

    for (const auto& [module, adapter] : pairs) {
        const auto key_a = lora_key(module, "lora_A", adapter);
        const auto key_b = lora_key(module, "lora_B", adapter);
        if (!dict.count(key_b))
            throw Error("LoRA key '" + key_a + "' has no matching lora_B", source, kHint);
        std::string base_key = module + ".base_layer.weight";
        if (!dict.count(base_key))
            base_key = module + ".weight";
        if (!dict.count(base_key))
            throw Error("LoRA pair for '" + module + "' has no base weight (" + module +
                            ".base_layer.weight or " + module + ".weight)",
                        source, kHint);

        const auto& A = dict.at(key_a);  // (r, in)
        const auto& B = dict.at(key_b);  // (out, r)
        auto& W = dict.at(base_key);     // (out, in)
        if (A.dim() != 2 || B.dim() != 2 || W.dim() != 2 || A.size(0) != lora.r ||
            B.size(1) != lora.r || B.size(0) != W.size(0) || A.size(1) != W.size(1)) {
            throw Error("LoRA shapes do not fit for '" + module + "': A " + shape_of(A) + ", B " +
                            shape_of(B) + ", W " + shape_of(W) + ", r = " + std::to_string(lora.r),
                        source, kHint);
        }
        // In float32 at least, so half-precision weights lose nothing to the product.
        const auto compute = W.scalar_type() == torch::kFloat64 ? torch::kFloat64 : torch::kFloat32;
        auto delta = torch::matmul(B.to(compute), A.to(compute)) * lora.scale();  // (out, in)
        W = (W.to(compute) + delta).to(W.scalar_type());
        dict.erase(key_a);
        dict.erase(key_b);
        ++report.merged;
    }

    // X.base_layer.Y → X.Y (weight and bias of the wrapped layer).
    std::vector<std::string> wrapped;
    for (const auto& [key, value] : dict)
        if (key.find(".base_layer.") != std::string::npos)
            wrapped.push_back(key);
    for (const auto& key : wrapped) {
        const auto at = key.find(".base_layer.");
        const std::string target =
            key.substr(0, at) + key.substr(at + std::string(".base_layer").size());
        if (dict.count(target))
            throw Error("checkpoint has both '" + key + "' and '" + target + "'", source, kHint);
        dict[target] = dict.at(key);
        dict.erase(key);
        ++report.renamed;
    }
    return report;
}

}  // namespace facellava::io
