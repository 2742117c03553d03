// The multimodal projector: tower features (…, mm_hidden_size) → LLM width
// (…, hidden_size). One module whose layout follows mm_projector_type so that
// its parameters carry the checkpoint's names under "model.mm_projector.":
//   "linear"       → weight, bias               (nn.Linear)
//   "mlp<N>x_gelu" → 0, 2, …, 2(N−1)            (nn.Sequential of Linear, GELU(erf), Linear, …)
//   "identity"     → no parameters (mm_hidden_size must equal hidden_size)
#pragma once

#include <string>

#include "io/json_config.h"
#include "torch_pch.h"

namespace facellava::model {

struct MmProjectorHParams {
    std::string type = "mlp2x_gelu";  // mm_projector_type
    int64_t mm_hidden_size = 1024;    // vision tower width
    int64_t hidden_size = 4096;       // LLM width

    // Reads mm_projector_type (default "linear", as the authors' builder),
    // mm_hidden_size and hidden_size; validates the type.
    static MmProjectorHParams from_json(const io::JsonConfig& config);
};

class MmProjectorImpl : public torch::nn::Module {
  public:
    // Throws facellava::Error listing the supported types on an unknown one.
    explicit MmProjectorImpl(const MmProjectorHParams& hp);
    // x: (…, mm_hidden_size) → (…, hidden_size)
    torch::Tensor forward(const torch::Tensor& x);

    const MmProjectorHParams& hparams() const { return hp_; }

  private:
    MmProjectorHParams hp_;
    torch::Tensor weight_, bias_;         // "linear"
    torch::nn::Sequential mlp_{nullptr};  // "mlp<N>x_gelu", children registered on this module
};
TORCH_MODULE(MmProjector);

}  // namespace facellava::model
