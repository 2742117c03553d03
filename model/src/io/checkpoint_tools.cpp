#include "facellava/model/checkpoint_tools.h"

#include "facellava/core/error.h"
#include "io/safetensors.h"
#include "io/state_dict.h"

namespace facellava::model {
namespace {

std::string dtype_string(torch::Dtype dtype) {
    switch (dtype) {
        case torch::kFloat32: return "float32";
        case torch::kFloat16: return "float16";
        case torch::kBFloat16: return "bfloat16";
        case torch::kFloat64: return "float64";
        case torch::kInt64: return "int64";
        case torch::kInt32: return "int32";
        case torch::kUInt8: return "uint8";
        case torch::kBool: return "bool";
        default: return "other";
    }
}

}  // namespace

CheckpointSummary inspect_checkpoint(const std::string& path) {
    io::StateDict dict = io::load_state_dict(path, std::nullopt);  // stored dtypes, as on disk
    CheckpointSummary summary;
    summary.source = path;
    for (const auto& [name, tensor] : dict) {
        TensorSummary t;
        t.name = name;
        t.dtype = dtype_string(tensor.scalar_type());
        t.shape = tensor.sizes().vec();
        t.numel = tensor.numel();
        summary.bytes += int64_t(tensor.numel()) * int64_t(tensor.element_size());
        if (tensor.is_floating_point()) summary.parameters += t.numel;
        summary.tensors.push_back(std::move(t));
    }
    return summary;
}

void convert_checkpoint(const std::string& source, const std::string& destination, const std::string& dtype) {
    torch::Dtype target = torch::kFloat32;
    if (dtype == "float16") target = torch::kFloat16;
    else if (dtype == "bfloat16") target = torch::kBFloat16;
    else if (dtype != "float32" && dtype != "keep") {
        throw Error("unknown dtype '" + dtype + "'", "", "use keep, float32, float16 or bfloat16");
    }
    io::StateDict dict = io::load_state_dict(source, dtype == "keep" ? std::nullopt : std::optional<torch::Dtype>(target));
    io::save_safetensors(destination, dict, {{"format", "pt"}, {"converted_by", "facellava convert"}});
}

}  // namespace facellava::model
