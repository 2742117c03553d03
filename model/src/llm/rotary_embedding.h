// Rotary position embedding of HF LLaMA ("default" rope type, rotate-half
// convention: the first and second halves of a head are the pair rotated
// together, not interleaved even/odd lanes).
//
// The cos/sin tables are computed per forward for exactly the positions fed,
// in float32 from an inverse-frequency table computed once on the CPU, the same
// way HF's LlamaRotaryEmbedding does, then cast to the activation dtype. No
// mutable cache lives in the module, so one loaded model can serve several
// sessions at once.
#pragma once

#include "torch_pch.h"

namespace facellava::model {

struct RopeTables {
    torch::Tensor cos;  // (T, head_dim), activation dtype
    // (T, head_dim), activation dtype: sin with rotate-half's sign folded in,
    // [-sin, sin] over the two halves, so a rotation is x·cos + swap(x)·sin
    // with swap(x) = [x2, x1]: one kernel fewer than negating x2 per call, and
    // the same bits (a negation is exact).
    torch::Tensor sin_rotated;
};

class RotaryEmbedding {
  public:
    RotaryEmbedding(int64_t head_dim, double theta);

    // Tables for positions [first, first + count) on `like`'s device and dtype.
    RopeTables tables(int64_t first, int64_t count, const torch::Tensor& like) const;

    // x (B, heads, T, head_dim) rotated by the tables' angles.
    static torch::Tensor apply(const torch::Tensor& x, const RopeTables& rope);
    // The same for x (B, T, heads, head_dim), the layout a projection gives
    // before its heads are moved forward: the queries and keys of one fused
    // q/k/v product rotate in one go.
    static torch::Tensor apply_heads_last(const torch::Tensor& x, const RopeTables& rope);

    // The frequencies (head_dim / 2) float32 on the CPU; a static decode step
    // takes a device copy made once, outside any graph capture.
    const torch::Tensor& inv_freq() const { return inv_freq_; }
    // Tables for the single position held by the device tensor `position` (1)
    // int64, with `inv_freq` already on its device: no host value, no copy.
    static RopeTables tables_at(const torch::Tensor& position, const torch::Tensor& inv_freq,
                                const torch::Tensor& like);

  private:
    torch::Tensor inv_freq_;  // (head_dim / 2) float32 on the CPU
};

}  // namespace facellava::model
