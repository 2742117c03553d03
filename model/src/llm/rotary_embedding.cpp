#include "llm/rotary_embedding.h"

namespace facellava::model {

namespace {

// (..., d) → (..., d): [x1, x2] ↦ [x2, x1] with x1, x2 the two halves (one
// kernel; rotate-half's sign lives in RopeTables::sin_rotated).
torch::Tensor swap_halves(const torch::Tensor& x) {
    const int64_t half = x.size(-1) / 2;
    return torch::cat({x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

}  // namespace

RotaryEmbedding::RotaryEmbedding(int64_t head_dim, double theta) {
    // HF: 1 / theta ** (arange(0, dim, 2) / dim), in float32 (reciprocal, as
    // Python's `1.0 / t` is, so the bits match).
    const auto exponent = torch::arange(0, head_dim, 2, torch::kInt64).to(torch::kFloat32) /
                          static_cast<double>(head_dim);
    inv_freq_ = torch::pow(theta, exponent).reciprocal();
}

RopeTables RotaryEmbedding::tables(int64_t first, int64_t count, const torch::Tensor& like) const {
    // Positions made on the device: an upload from pageable memory per decode
    // step would make the host wait for the GPU.
    const auto i64 = torch::TensorOptions().dtype(torch::kInt64).device(like.device());
    const auto positions = torch::arange(first, first + count, i64);  // (T)
    return tables_at(positions, inv_freq_.to(like.device()), like);
}

RopeTables RotaryEmbedding::tables_at(const torch::Tensor& position, const torch::Tensor& inv_freq,
                                      const torch::Tensor& like) {
    // Outer product, exact in float32 like HF's K=1 matmul.
    const auto freqs =
        position.to(torch::kFloat32).unsqueeze(1) * inv_freq.unsqueeze(0);  // (T, D/2)
    const auto cos = freqs.cos();                                           // (T, D/2)
    const auto sin = freqs.sin();                                           // (T, D/2)
    return {torch::cat({cos, cos}, -1).to(like.scalar_type()),
            torch::cat({-sin, sin}, -1).to(like.scalar_type())};
}

torch::Tensor RotaryEmbedding::apply(const torch::Tensor& x, const RopeTables& rope) {
    // HF: x·cos + rotate_half(x)·sin with rotate_half(x) = [-x2, x1]; here the
    // sign sits in the table. Tables (T, D) broadcast over batch and heads of
    // x (B, heads, T, D).
    return x * rope.cos + swap_halves(x) * rope.sin_rotated;
}

torch::Tensor RotaryEmbedding::apply_heads_last(const torch::Tensor& x, const RopeTables& rope) {
    // Tables (T, 1, D) broadcast over batch and heads of x (B, T, heads, D).
    return x * rope.cos.unsqueeze(-2) + swap_halves(x) * rope.sin_rotated.unsqueeze(-2);
}

}  // namespace facellava::model
