// Fused CUDA kernels for inference (kernels/*.cu): a decode step on a GPU
// is a chain of small launches, each costing microseconds of latency
// whatever its size, so the layers' elementwise tails, RoPE with the KV-cache
// write and single-query attention each run as one kernel here, and the
// single-row products as a GEMV that streams the weights without cuBLAS's
// split-K reduce launches.
//
// They exist only in a CUDA build of LibTorch configured with a CUDA compiler
// (model/CMakeLists.txt compiles fused_kernels_cuda.cpp or _none.cpp); they
// have no backward. Callers ask applies_to() first and otherwise run the ATen
// sequence, which computes the same to rounding (kernels/device_math.cuh).
#pragma once

#include <initializer_list>
#include <utility>

#include "quant/quantized_weight.h"
#include "torch_pch.h"

namespace facellava::model::kernels {

// Whether this build compiled the kernels.
bool built();

// built(), unless switched off with FACELLAVA_FUSED_KERNELS=0 (to compare, or
// to rule them out): read at every call, so a test or bench may toggle it.
bool enabled();

// Whether an inference op may run fused on these tensors: enabled(), each
// one defined and on CUDA with one dtype among float32, float16 and bfloat16,
// and none recording gradients.
bool applies_to(std::initializer_list<torch::Tensor> tensors);

// Whether x · weightᵀ may run as the fused GEMV: x a single row of
// weight.size(1) values, applies_to() both, 16-byte aligned rows; unless
// switched off alone with FACELLAVA_FUSED_GEMV=0 (to compare with cuBLAS).
bool gemv_applies(const torch::Tensor& x, const torch::Tensor& weight);

// x (..., cols) holding one row → (..., rows): x · weightᵀ, float32 sums.
torch::Tensor gemv(const torch::Tensor& x, const torch::Tensor& weight);

// (..., cols) → (..., cols): HF's LlamaRMSNorm.
torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps);

// {x + delta, rms_norm(x + delta)}: a residual add and the next norm.
std::pair<torch::Tensor, torch::Tensor> add_rms_norm(const torch::Tensor& x,
                                                     const torch::Tensor& delta,
                                                     const torch::Tensor& weight, double eps);

// (..., 2I) [gate | up] → (..., I): silu(gate) · up.
torch::Tensor silu_mul(const torch::Tensor& gate_up);

// One decode position: qkv (B, 1, heads + 2 · kv_heads, D) from the stacked
// projection → rotated queries (B, 1, heads, D); rotated keys and the values
// are written to slot `position` ((1) int64 on the device) of keys and
// values (B, kv_heads, capacity, D). inv_freq: (D / 2) float32, on the device.
torch::Tensor rope_write_kv(const torch::Tensor& qkv, const torch::Tensor& position,
                            const torch::Tensor& inv_freq, const torch::Tensor& keys,
                            const torch::Tensor& values, int64_t heads, int64_t kv_heads);

// q (B, 1, heads, D) attending to cache slots [0, position] of keys and
// values (B, kv_heads, capacity, D), at most `window` of them → (B, 1, heads,
// D). The window only bounds the work (fixed per CUDA graph); the position is
// read on the device.
torch::Tensor decode_attention(const torch::Tensor& q, const torch::Tensor& keys,
                               const torch::Tensor& values, const torch::Tensor& position,
                               int64_t window, double scale);

// Whether x · dequant(w)ᵀ may run as the fused quantized GEMV
// (kernels/quant_gemv.cu): applies_to({x}), x one contiguous row of w.cols
// values, the codes, scales and zero points contiguous with the scheme's
// shapes and dtypes on x's device; FACELLAVA_FUSED_GEMV=0 switches it off
// too. Any width and alignment: rows that are not whole 16-byte packs of
// aligned codes take an element-wise kernel (slower, still one read).
bool quant_gemv_applies(const torch::Tensor& x, const quant::QuantizedWeight& w);

// x (..., cols) holding one row → (..., rows) in x's dtype: the codes are
// dequantised in registers, float32 sums.
torch::Tensor quant_gemv(const torch::Tensor& x, const quant::QuantizedWeight& w);

// The (rows, cols) weight the codes stand for, in `dtype` (float32, float16
// or bfloat16), computed in float32 and rounded once: a prefill's product is
// this and cuBLAS.
torch::Tensor quant_dequantize(const quant::QuantizedWeight& w, torch::Dtype dtype);

}  // namespace facellava::model::kernels
