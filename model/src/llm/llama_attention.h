// LLaMA self-attention: bias-free q/k/v/o projections, RoPE on queries and
// keys, grouped-query attention by repeating each key/value head for its group
// of query heads, optional KV cache, causal mask.
#pragma once

#include <functional>
#include <string>

#include "llm/kv_cache.h"
#include "llm/llama_hparams.h"
#include "llm/llama_mlp.h"
#include "llm/rotary_embedding.h"
#include "torch_pch.h"

namespace facellava::model {

// Receives named intermediates ("layers.3.attn_out", …) for parity checks and
// debugging. Passed as a nullable pointer: when null nothing is built or copied.
using RecordFn = std::function<void(const std::string& name, const torch::Tensor& value)>;

// What every layer of one forward shares.
struct LayerContext {
    RopeTables rope;                   // angles of this forward's positions
    KvCache* cache = nullptr;          // null: attend within this forward only
    const RecordFn* record = nullptr;  // null: record nothing
};

class LlamaAttentionImpl : public torch::nn::Module {
  public:
    LlamaAttentionImpl(const LlamaHParams& hp, const torch::TensorOptions& options);

    // x (B, T, H) at positions [cache length, + T) → (B, T, H). Appends this
    // forward's keys and values to ctx.cache under `layer` when there is one.
    torch::Tensor forward(const torch::Tensor& x, const LayerContext& ctx, int64_t layer);

  private:
    int64_t num_heads_;
    int64_t num_kv_heads_;
    int64_t head_dim_;
    double scale_;                 // 1 / sqrt(head_dim)
    LlamaLinear q_proj_{nullptr};  // H → heads · D
    LlamaLinear k_proj_{nullptr};  // H → kv_heads · D
    LlamaLinear v_proj_{nullptr};  // H → kv_heads · D
    LlamaLinear o_proj_{nullptr};  // heads · D → H
};
TORCH_MODULE(LlamaAttention);

}  // namespace facellava::model
