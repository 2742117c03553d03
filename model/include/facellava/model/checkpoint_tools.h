// Checkpoint inspection and conversion for `facellava convert`, torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::model {

struct TensorSummary {
    std::string name;
    std::string dtype;  // e.g. "float32"
    std::vector<int64_t> shape;
    int64_t numel = 0;
};

struct CheckpointSummary {
    std::string source;
    std::vector<TensorSummary> tensors;  // sorted by name
    int64_t parameters = 0;              // sum of numel over floating tensors
    int64_t bytes = 0;
};

// Reads a checkpoint (file or folder, any format io::load_state_dict knows).
CheckpointSummary inspect_checkpoint(const std::string& path);

// Writes every tensor of `source` into one safetensors file. dtype: "keep",
// "float32", "float16" or "bfloat16" (floating tensors only).
void convert_checkpoint(const std::string& source, const std::string& destination, const std::string& dtype = "keep");

}  // namespace facellava::model
