// Folds PEFT LoRA adapters into their base weights at load time, so the model
// modules never see LoRA keys: W ← W + (B·A)·alpha/r (spec §2).
//
// Recognised names, for a module path X (e.g. "encoder.layers.0.self_attn.q_proj"):
//   X.lora_A[.<adapter>].weight (r, in), X.lora_B[.<adapter>].weight (out, r),
//   base X.base_layer.weight (PEFT ≥ 0.7) or X.weight (older PEFT).
// Every X.base_layer.* key is renamed to X.*.
#pragma once

#include <string>

#include "io/json_config.h"
#include "io/state_dict.h"

namespace facellava::io {

struct LoraConfig {
    double alpha = 16.0;  // lora_alpha
    int64_t r = 8;        // rank; every lora_A must have r rows
    // Reads adapter_config.json's "lora_alpha" and "r".
    static LoraConfig from_json(const JsonConfig& config);
    double scale() const { return alpha / static_cast<double>(r); }
};

struct LoraMergeReport {
    int merged = 0;   // (A, B) pairs folded in
    int renamed = 0;  // base_layer keys renamed
};

// Merges in place. Throws facellava::Error naming `source` and the key when a
// pair is incomplete, has no base weight, or its shapes or rank do not fit.
LoraMergeReport merge_lora(StateDict& dict, const LoraConfig& lora, const std::string& source);

// True when the dict holds any LoRA key (lora_A / lora_B).
bool has_lora_keys(const StateDict& dict);

}  // namespace facellava::io
