// Checkpoint tensors by name whose data is read only when asked for. A 7B
// checkpoint is 13–27 GB: loading it as a map of tensors and then copying
// into the model holds it twice. With a LazyStateDict the loader checks every
// name and shape first (headers only) and then reads, copies and drops one
// tensor at a time, so host memory stays near the model's own size.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "io/state_dict.h"
#include "torch_pch.h"

namespace facellava::io {

struct LazyTensor {
    LazyTensor() = default;
    // An in-memory tensor (tests and small towers use these).
    LazyTensor(
        torch::Tensor tensor);  // NOLINT(google-explicit-constructor): a map slot takes a tensor
    LazyTensor(torch::Dtype dtype, std::vector<int64_t> shape, std::string file,
               std::function<torch::Tensor()> read);

    torch::Dtype dtype = torch::kFloat32;  // as stored
    std::vector<int64_t> shape;
    std::string file;  // where it is read from, for messages and reports
    int64_t numel() const;
    int64_t stored_bytes() const;
    // The stored tensor, read now (CPU, contiguous, owning its memory).
    torch::Tensor read() const;

  private:
    std::function<torch::Tensor()> read_;
};

using LazyStateDict = std::map<std::string, LazyTensor>;

// The weight files of a checkpoint, by the rules of load_state_dict (index
// first, then every *.safetensors, then pytorch_model*.bin; or one file).
std::vector<std::string> checkpoint_weight_files(const std::string& path_or_dir);

// Every tensor of the given weight files (safetensors or torch.save) with its
// dtype and shape; nothing is read yet. A name in two files is an error.
LazyStateDict open_weight_files(const std::vector<std::string>& files);

// Every tensor of a checkpoint with its dtype and shape; nothing is read yet.
LazyStateDict open_state_dict(const std::string& path_or_dir);

// Reads every entry now, converted to `dtype` when floating (std::nullopt
// keeps the stored dtypes).
StateDict materialize(const LazyStateDict& dict,
                      std::optional<torch::Dtype> dtype = torch::kFloat32);

// Entries under `prefix`, with `replacement` in its place (moved out of `dict`).
LazyStateDict take_prefixed(LazyStateDict& dict, const std::string& prefix,
                            const std::string& replacement = "");

// "[4096, 1024]", as errors and reports print a shape.
std::string shape_text(const std::vector<int64_t>& shape);

// A module's parameters and buffers by their state-dict names.
std::map<std::string, torch::Tensor> module_tensors(torch::nn::Module& module);

// As check_against_module, from names and shapes only.
LoadReport check_against_module(torch::nn::Module& module, const LazyStateDict& dict,
                                const std::vector<std::string>& ignore = {});

// Strict load that reads, copies (converting to each parameter's dtype and
// device) and drops one tensor at a time. Throws facellava::Error naming
// `source` and listing every problem before anything is read.
void load_into_module(torch::nn::Module& module, const LazyStateDict& dict,
                      const std::string& source, const std::vector<std::string>& ignore = {});

}  // namespace facellava::io
