#include "llm/llama_mlp.h"

#include "facellava/core/error.h"
#include "kernels/fused_kernels.h"
#include "llm/adjacent_rows.h"
#include "llm/cpu_small_gemm.h"
#include "quant/quantized_linear.h"

namespace facellava::model {

LlamaLinearImpl::LlamaLinearImpl(int64_t in_features, int64_t out_features,
                                 const torch::TensorOptions& options) {
    weight_ = register_parameter("weight", torch::empty({out_features, in_features}, options));
}

LlamaLinearImpl::LlamaLinearImpl(const torch::Tensor& rows) {
    weight_ = register_parameter("weight", torch::empty({0}, rows.options()));
    // The parameter stays a plain leaf (not an autograd view) that shares the
    // rows' storage; loading copies into it in place, which keeps it shared.
    torch::NoGradGuard no_grad;
    weight_.set_data(rows);
}

torch::Tensor LlamaLinearImpl::forward(const torch::Tensor& x) {
    if (scheme_)
        return quant::quantized_linear(x, quantized_weight());
    return project(x, weight_);
}

void LlamaLinearImpl::set_quantized(const quant::QuantizedWeight& q) {
    torch::NoGradGuard no_grad;
    weight_.requires_grad_(false);  // integer codes cannot carry a gradient
    weight_.set_data(q.data);       // the float storage goes when its last view does
    if (!scale_.defined())
        scale_ = register_buffer("weight_scale", q.scales);
    else
        scale_.set_data(q.scales);
    if (q.zeros.defined()) {
        if (!zero_.defined())
            zero_ = register_buffer("weight_zero", q.zeros);
        else
            zero_.set_data(q.zeros);
    } else if (zero_.defined()) {
        throw Error("a layer quantized with zero points cannot be re-quantized without them");
    }
    scheme_ = q.scheme;
    quantized_cols_ = q.cols;
}

quant::QuantizedWeight LlamaLinearImpl::quantized_weight() const {
    quant::QuantizedWeight q;
    q.scheme = *scheme_;
    q.rows = weight_.size(0);
    q.cols = quantized_cols_;
    q.data = weight_;
    q.scales = scale_;
    q.zeros = zero_;
    return q;
}

int64_t LlamaLinearImpl::in_features() const {
    return scheme_ ? quantized_cols_ : weight_.size(1);
}

int64_t LlamaLinearImpl::out_features() const {
    return weight_.size(0);
}

torch::Tensor project(const torch::Tensor& x, const torch::Tensor& weight) {
    // One row on the CPU (a decode step): BLAS gemm with m = 1 packs the whole
    // weight matrix before using it, reading it about twice; gemv streams it
    // once, which is what a memory-bound decode step wants.
    if (x.device().is_cpu() && x.numel() == weight.size(1) && x.dim() >= 1) {
        auto sizes = x.sizes().vec();
        sizes.back() = weight.size(0);
        return torch::mv(weight, x.reshape({-1})).view(sizes);
    }
    // 2-16 rows on the CPU (a batched decode step): BLAS sgemm packs the
    // weight for a small m and ran at a third of the bandwidth floor; the
    // skinny GEMM reads each weight row once for all the rows.
    if (small_gemm_applies(x, weight))
        return small_gemm(x, weight);
    // One row on a GPU: the fused GEMV streams the weight at nearly the copy
    // bandwidth, where cuBLAS's kernels for m = 1 reach 73-92 % of it and add
    // split-K reduce launches (H200 decode trace, issue #9).
    if (kernels::gemv_applies(x, weight))
        return kernels::gemv(x, weight);
    return torch::linear(x, weight);
}

LlamaMLPImpl::LlamaMLPImpl(const LlamaHParams& hp, const torch::TensorOptions& options)
    : intermediate_(hp.intermediate_size) {
    // gate and up as two row blocks of one (2I, H) matrix: one GEMM for both.
    const auto gate_up = torch::empty({2 * intermediate_, hp.hidden_size}, options);
    gate_proj_ = register_module("gate_proj", LlamaLinear(gate_up.narrow(0, 0, intermediate_)));
    up_proj_ =
        register_module("up_proj", LlamaLinear(gate_up.narrow(0, intermediate_, intermediate_)));
    down_proj_ =
        register_module("down_proj", LlamaLinear(hp.intermediate_size, hp.hidden_size, options));
}

torch::Tensor LlamaMLPImpl::forward(const torch::Tensor& x) {
    const auto& gate_w = gate_proj_->weight();
    const auto gate_up = fused_projection_allowed(gate_w)
                             ? adjacent_rows({gate_w, up_proj_->weight()})
                             : torch::Tensor();
    if (gate_up.defined()) {
        const auto both = project(x, gate_up);  // (B, T, 2I)
        if (kernels::applies_to({both}))
            return down_proj_(kernels::silu_mul(both));
        return down_proj_(torch::silu(both.narrow(-1, 0, intermediate_)) *
                          both.narrow(-1, intermediate_, intermediate_));
    }
    const auto gate = torch::silu(gate_proj_(x));  // (B, T, I)
    const auto up = up_proj_(x);                   // (B, T, I)
    return down_proj_(gate * up);                  // (B, T, H)
}

}  // namespace facellava::model
