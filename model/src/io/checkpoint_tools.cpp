#include "facellava/model/checkpoint_tools.h"

#include "facellava/core/error.h"
#include "io/lazy_state_dict.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "runtime/device_choice.h"

namespace facellava::model {

CheckpointSummary inspect_checkpoint(const std::string& path) {
    // Headers only: dtypes and shapes as stored, no tensor is read.
    const io::LazyStateDict dict = io::open_state_dict(path);
    CheckpointSummary summary;
    summary.source = path;
    for (const auto& [name, tensor] : dict) {
        TensorSummary t;
        t.name = name;
        t.dtype = dtype_name(tensor.dtype);
        t.shape = tensor.shape;
        t.numel = tensor.numel();
        summary.bytes += tensor.stored_bytes();
        if (c10::isFloatingType(tensor.dtype))
            summary.parameters += t.numel;
        summary.tensors.push_back(std::move(t));
    }
    return summary;
}

void convert_checkpoint(const std::string& source, const std::string& destination,
                        const std::string& dtype) {
    torch::Dtype target = torch::kFloat32;
    if (dtype == "float16")
        target = torch::kFloat16;
    else if (dtype == "bfloat16")
        target = torch::kBFloat16;
    else if (dtype != "float32" && dtype != "keep") {
        throw Error("unknown dtype '" + dtype + "'", "", "use keep, float32, float16 or bfloat16");
    }
    io::StateDict dict = io::load_state_dict(
        source, dtype == "keep" ? std::nullopt : std::optional<torch::Dtype>(target));
    io::save_safetensors(destination, dict,
                         {{"format", "pt"}, {"converted_by", "facellava convert"}});
}

}  // namespace facellava::model
