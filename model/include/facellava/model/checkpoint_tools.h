// Checkpoint inspection and conversion for `facellava convert`, torch-free.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
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
// "float32", "float16" or "bfloat16" (floating tensors only). A quantized
// source keeps its scheme's metadata (and refuses any dtype but "keep", which
// would turn its float16 scales into something the loader rejects).
void convert_checkpoint(const std::string& source, const std::string& destination,
                        const std::string& dtype = "keep");

// `facellava convert --quantize` (docs/MODELS.md "Quantized weights").
struct QuantizeOptions {
    std::string scheme = "int8";  // "int8", "int4", or a full name such as "int4-g64-zp"
    int64_t group = 0;            // int4: 32, 64 or 128 (0: the name's, else 128)
    bool zero_points = false;     // int4 only
    std::string dtype = "keep";   // for the tensors that stay floating, as convert_checkpoint
    // Called after each tensor; `current` is the key just written.
    struct Progress {
        int64_t tensors_done = 0;
        int64_t tensors_total = 0;
        int64_t bytes_done = 0;  // of the source's stored bytes
        int64_t bytes_total = 0;
        std::string current;
    };
    std::function<void(const Progress&)> on_progress;
    // float32 bytes of a weight quantized at once (rows of it at a time; the
    // codes are the same for any value). Tests make it small.
    int64_t chunk_bytes = int64_t(64) << 20;
    const std::atomic<bool>* cancel = nullptr;  // set: stop at the next tensor, write nothing
};

struct QuantizeResult {
    std::string scheme;               // QuantScheme::name() of what was written
    std::string weights_file;         // the safetensors file written
    int64_t tensors = 0;              // of the source
    int64_t quantized = 0;            // LLM linear weights quantized
    int64_t bytes_in = 0;             // the source's stored bytes
    int64_t bytes_out = 0;            // the safetensors file's size
    std::vector<std::string> copied;  // folder source: the other files and folders copied
    bool cancelled = false;           // nothing was written
};

// Quantizes every LLM linear weight of `source` (quant::is_quantizable_llm_key)
// and keeps every other tensor, reading, quantizing and writing one tensor at
// a time. `source` a checkpoint folder: `destination` is a new or empty
// folder that receives every non-weight file of the source (config.json,
// tokenizer files, tower subfolders…) and one model.safetensors; it is built
// beside `destination` and renamed into place, so it appears whole or not at
// all. `source` a file: `destination` is a .safetensors file, written
// atomically. Throws facellava::Error for an already-quantized source, an
// unknown scheme or a destination that is in the way.
QuantizeResult quantize_checkpoint(const std::string& source, const std::string& destination,
                                   const QuantizeOptions& options);

}  // namespace facellava::model
