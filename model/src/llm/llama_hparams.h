// Hyper-parameters of a LLaMA decoder (HF LlamaConfig keys), parsed once from
// config.json. Keys a config may omit take the defaults of HF's LlamaConfig so
// an older checkpoint (e.g. Vicuna-7B v1.5, written before `rope_theta` existed)
// gives the same model as under transformers.
#pragma once

#include <cstdint>
#include <string>

#include "io/json_config.h"

namespace facellava::model {

struct LlamaHParams {
    int64_t vocab_size = 32000;              // rows of embed_tokens and lm_head
    int64_t hidden_size = 4096;              // H, width of the residual stream
    int64_t intermediate_size = 11008;       // MLP inner width (gate/up outputs)
    int64_t num_hidden_layers = 32;          // decoder layers
    int64_t num_attention_heads = 32;        // query heads
    int64_t num_key_value_heads = 32;        // key/value heads (< heads: grouped-query attention)
    int64_t head_dim = 128;                  // width of one head (default hidden / heads)
    double rms_norm_eps = 1e-5;              // every RMSNorm of the model
    double rope_theta = 10000.0;             // RoPE base ("default" rope type only)
    int64_t max_position_embeddings = 4096;  // trained context length (informative)
    int64_t bos_token_id = 1;                // -1 when the config has none
    int64_t eos_token_id = 2;                // generation stops here; -1 when none
    int64_t pad_token_id = -1;               // -1 when the config has none
    bool tie_word_embeddings = false;        // lm_head shares embed_tokens' weight

    // Query heads served by one key/value head.
    int64_t kv_group_size() const { return num_attention_heads / num_key_value_heads; }

    // Reads an HF LLaMA config (a LlamaConfig, or a LLaVA config extending it);
    // throws facellava::Error naming the key on a missing, wrong, inconsistent or
    // unsupported value (rope types other than "default", activations other than
    // "silu", biased projections).
    static LlamaHParams from_json(const io::JsonConfig& config);

    // One line listing every field, for the log.
    std::string describe() const;
};

}  // namespace facellava::model
