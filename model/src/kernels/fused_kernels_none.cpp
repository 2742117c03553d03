// Builds without the fused CUDA kernels (a CPU LibTorch, or no CUDA
// compiler): built() is false, so applies_to() is too and no caller reaches
// the kernels below; each still says why it cannot run.
#include "facellava/core/error.h"
#include "kernels/fused_kernels.h"

namespace facellava::model::kernels {

namespace {

[[noreturn]] void not_built(const char* kernel) {
    throw Error(std::string("the fused CUDA kernel ") + kernel + " is not in this build", {},
                "build against a CUDA LibTorch with a CUDA compiler, or call the ATen path");
}

}  // namespace

bool built() {
    return false;
}

torch::Tensor gemv(const torch::Tensor&, const torch::Tensor&) {
    not_built("gemv");
}

torch::Tensor rms_norm(const torch::Tensor&, const torch::Tensor&, double) {
    not_built("rms_norm");
}

std::pair<torch::Tensor, torch::Tensor> add_rms_norm(const torch::Tensor&, const torch::Tensor&,
                                                     const torch::Tensor&, double) {
    not_built("add_rms_norm");
}

torch::Tensor silu_mul(const torch::Tensor&) {
    not_built("silu_mul");
}

torch::Tensor rope_write_kv(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                            const torch::Tensor&, const torch::Tensor&, int64_t, int64_t) {
    not_built("rope_write_kv");
}

torch::Tensor decode_attention(const torch::Tensor&, const torch::Tensor&, const torch::Tensor&,
                               const torch::Tensor&, int64_t, double) {
    not_built("decode_attention");
}

torch::Tensor quant_gemv(const torch::Tensor&, const quant::QuantizedWeight&) {
    not_built("quant_gemv");
}

torch::Tensor quant_dequantize(const quant::QuantizedWeight&, torch::Dtype) {
    not_built("quant_dequantize");
}

}  // namespace facellava::model::kernels
