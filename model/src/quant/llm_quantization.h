// Quantizing the LLaMA of a Face-LLaVA model: which layers, and the two ways
// a model gets quantized weights — quantized at load from a 16/32-bit
// checkpoint (--weights int8|int4) or read from a quantized checkpoint
// (`facellava convert --quantize`), whose scheme is in its metadata.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "io/lazy_state_dict.h"
#include "llm/llama_model.h"
#include "quant/quant_scheme.h"

namespace facellava::model::quant {

// Whether a checkpoint key is the weight of a linear layer the LLM
// quantizes: model.layers.N.self_attn.{q,k,v,o}_proj.weight,
// model.layers.N.mlp.{gate,up,down}_proj.weight and lm_head.weight.
bool is_quantizable_llm_key(const std::string& key);

// The LLM's linear layers with their checkpoint weight keys (lm_head only
// when untied: a tied head is the embedding matrix, which stays float).
std::vector<std::pair<std::string, LlamaLinearImpl*>> llm_linears(LlamaForCausalLMImpl& lm);

// Quantizes a loaded model's linear layers in place (the float storage is
// freed): benches and accuracy checks compare a model with its own
// quantized self.
void quantize_llm(LlamaForCausalLMImpl& lm, const QuantScheme& scheme);

// The scheme a checkpoint's weight files were saved with (their metadata),
// or nullopt for a 16/32-bit checkpoint. Throws facellava::Error naming the
// file for an unknown scheme or files that disagree.
std::optional<QuantScheme> stored_scheme(const std::vector<std::string>& weight_files);

// Loads the LLM's weights from `dict` (keys relative to the LLM: model.*,
// lm_head.*), its linear layers quantized with `scheme`:
//   stored == scheme: the checkpoint holds codes and scales; read as they are,
//                     every scale and zero tensor checked (check_quantized);
//   stored == nullopt: float weights, each quantized as it is read (one
//                     tensor in memory at a time).
// Every other tensor loads as io::load_into_module does. Throws
// facellava::Error naming `source` for missing, unexpected or misshapen keys.
void load_quantized_llm(LlamaForCausalLMImpl& lm, io::LazyStateDict& dict,
                        const QuantScheme& scheme, const std::optional<QuantScheme>& stored,
                        const std::string& source);

// Bytes the LLM's weights occupy (quantized layers at their stored size).
int64_t llm_weight_bytes(LlamaForCausalLMImpl& lm);

}  // namespace facellava::model::quant
