// Checkpoint weights as a name → tensor map, and strict loading of such a map
// into a torch::nn::Module whose parameter names mirror the checkpoint keys.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::io {

using StateDict = std::map<std::string, torch::Tensor>;

// Loads every tensor of a checkpoint: a single `.safetensors` file, a sharded
// folder (`model.safetensors.index.json`), a folder with one or more
// `*.safetensors`, or `pytorch_model*.bin` torch zip archives. Tensors are
// converted to `dtype` when it is a floating type (integer tensors keep theirs);
// std::nullopt keeps every stored dtype.
StateDict load_state_dict(const std::string& path_or_dir,
                          std::optional<torch::Dtype> dtype = torch::kFloat32);

// Keeps the entries under `prefix` (e.g. "vision_model.") with the prefix removed.
StateDict with_prefix_stripped(const StateDict& dict, const std::string& prefix);

struct LoadReport {
    std::vector<std::string> missing;       // in the module, not in the dict
    std::vector<std::string> unexpected;    // in the dict, not in the module
    std::vector<std::string> wrong_shape;   // "name: module [a,b] vs checkpoint [c,d]"
    bool ok() const { return missing.empty() && unexpected.empty() && wrong_shape.empty(); }
    std::string describe() const;  // one message listing every problem
};

// Compares the dict with the module's parameters and buffers without copying
// anything: what load_into_module would report.
LoadReport check_against_module(torch::nn::Module& module, const StateDict& dict,
                                const std::vector<std::string>& ignore = {});

// Copies the dict into the module's parameters and buffers (names as given by
// named_parameters()/named_buffers()). With strict = true any missing,
// unexpected or wrongly shaped key throws facellava::Error naming `source`
// (the checkpoint path) and listing every problem; with strict = false only
// wrong shapes throw and the report is returned for the caller to log.
// `ignore` lists checkpoint keys known to be unused (e.g. an unused LayerNorm).
LoadReport load_into_module(torch::nn::Module& module, const StateDict& dict,
                            const std::string& source, bool strict = true,
                            const std::vector<std::string>& ignore = {});

}  // namespace facellava::io
