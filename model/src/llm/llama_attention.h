// LLaMA self-attention: bias-free q/k/v/o projections, RoPE on queries and
// keys, grouped-query attention by repeating each key/value head for its group
// of query heads, optional KV cache, causal mask.
#pragma once

#include <functional>
#include <string>
#include <tuple>

#include "llm/kv_cache.h"
#include "llm/llama_hparams.h"
#include "llm/llama_mlp.h"
#include "llm/ragged_batch.h"
#include "llm/rotary_embedding.h"
#include "torch_pch.h"

namespace facellava::model {

// Receives named intermediates ("layers.3.attn_out", …) for parity checks and
// debugging. Passed as a nullable pointer: when null nothing is built or copied.
using RecordFn = std::function<void(const std::string& name, const torch::Tensor& value)>;

// A decode step with static shapes, the form a CUDA graph can capture: the
// position lives in a device tensor (no host value), the new key/value are
// written there, and attention covers a fixed window of the cache with the
// keys past the position masked out. Tensors are on the model's device.
struct StaticDecode {
    torch::Tensor position;  // (1) int64: the cache slot of this step
    torch::Tensor inv_freq;  // (head_dim / 2) float32: RoPE frequencies, already on the device
    int64_t window = 0;      // keys attended: cache slots [0, window)
    // Set by LlamaModel::decode_static, once per step rather than per layer:
    // fused: the layers run the fused CUDA kernels (kernels/fused_kernels.h),
    // which read the position on the device and need no mask; otherwise
    // bias, (1, 1, 1, window) activation dtype: 0 for slots ≤ position,
    // -inf past it.
    bool fused = false;
    torch::Tensor bias = {};
};

// What every layer of one forward shares.
struct LayerContext {
    RopeTables rope;                      // angles of this forward's positions
    KvCache* cache = nullptr;             // null: attend within this forward only
    const RecordFn* record = nullptr;     // null: record nothing
    const StaticDecode* fixed = nullptr;  // set: a static-shape decode step (needs cache)
    // Set: a ragged forward of several sequences (llm/ragged_batch.h); the
    // rope tables are then per token, and cache is null.
    RaggedBatch* ragged = nullptr;
};

class LlamaAttentionImpl : public torch::nn::Module {
  public:
    LlamaAttentionImpl(const LlamaHParams& hp, const torch::TensorOptions& options);

    // x (B, T, H) at positions [cache length, + T) → (B, T, H). Appends this
    // forward's keys and values to ctx.cache under `layer` when there is one.
    torch::Tensor forward(const torch::Tensor& x, const LayerContext& ctx, int64_t layer);

  private:
    // q (B, h, T, D), k and v (B, kv, T, D), with RoPE applied to q and k.
    std::tuple<torch::Tensor, torch::Tensor, torch::Tensor> project_qkv(const torch::Tensor& x,
                                                                        const RopeTables& rope);
    // forward() of a static step through the fused kernels: the stacked
    // projection, then RoPE with the cache write, then attention up to the
    // position: two kernels where ATen takes about ten.
    torch::Tensor forward_fused_step(const torch::Tensor& x, const StaticDecode& step,
                                     KvCache& cache, int64_t layer);

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
