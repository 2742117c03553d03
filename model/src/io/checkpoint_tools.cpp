#include "facellava/model/checkpoint_tools.h"

#include "facellava/core/error.h"
#include "io/lazy_state_dict.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "quant/llm_quantization.h"
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
    std::map<std::string, std::string> metadata{{"format", "pt"},
                                                {"converted_by", "facellava convert"}};
    // A quantized checkpoint is only loadable with its scheme's metadata, and
    // only with its float16 scales and integer codes as they are.
    const auto files = io::checkpoint_weight_files(source);
    if (const auto stored = quant::stored_scheme(files)) {
        if (dtype != "keep") {
            throw Error("a quantized checkpoint (" + stored->name() + ") keeps its dtypes", source,
                        "drop --dtype; its scales must stay float16");
        }
        for (const auto& file : files) {
            const io::SafetensorsFile stored_file(file);
            const auto it = stored_file.metadata().find(quant::kMetadataKey);
            if (it != stored_file.metadata().end()) {
                metadata[quant::kMetadataKey] = it->second;
                break;
            }
        }
    }
    io::StateDict dict = io::load_state_dict(
        source, dtype == "keep" ? std::nullopt : std::optional<torch::Dtype>(target));
    io::save_safetensors(destination, dict, metadata);
}

}  // namespace facellava::model
