// Reader for TF.js "layers" weight files as shipped by @vladmandic/face-api:
// a JSON manifest (array of groups {paths, weights}) plus binary shards.
// Shards are concatenated in `paths` order and tensors are packed back to back
// in manifest order, little-endian, no padding. uint8/uint16-quantised tensors
// are dequantised exactly as TF.js does (value = q·scale + min computed in
// double, stored as float32) so the port reproduces TF.js to the last bit of
// the weights; float16-quantised ones are widened to float32 (exact).
//
// Thread-safety: a TfjsWeights is not thread-safe (take() records use); nets
// copy what they need out of it while loading and then drop it.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::perception {

class TfjsWeights {
  public:
    // Reads the manifest and every shard next to it; checks that the shard
    // bytes add up to what the manifest describes. Throws facellava::Error
    // naming the manifest or shard on any problem.
    static TfjsWeights load(const std::string& manifest_path);
    // The same from a manifest already parsed (a TF.js graph model.json's
    // "weightsManifest"); shard paths are relative to `manifest_path`'s folder,
    // which errors name.
    static TfjsWeights from_manifest(const nlohmann::json& manifest,
                                     const std::string& manifest_path);

    const std::string& manifest_path() const { return manifest_path_; }
    // Tensors by manifest name, in TF layout (e.g. conv [kh,kw,in,out]).
    const std::map<std::string, torch::Tensor>& tensors() const { return tensors_; }

    // The tensor `name`, which must have `shape`. A missing name or a wrong
    // shape is recorded (and a zero tensor of `shape` returned so loading can
    // go on and collect every problem); finish() then reports them all.
    torch::Tensor take(const std::string& name, const std::vector<int64_t>& shape);
    // Throws facellava::Error listing every missing, mis-shaped and unused
    // tensor, so a wrong file is diagnosed in one message.
    void finish() const;

  private:
    void read_groups(const nlohmann::json& manifest, const std::filesystem::path& dir,
                     const std::string& fix);

    std::string manifest_path_;
    std::map<std::string, torch::Tensor> tensors_;
    std::set<std::string> taken_;
    std::vector<std::string> problems_;
};

// Layout converters from TF to LibTorch.
// conv [kh,kw,in,out] → [out,in,kh,kw]
torch::Tensor conv_weight_from_tf(const torch::Tensor& hwio);
// depthwise [kh,kw,C,1] → [C,1,kh,kw] (use with groups = C)
torch::Tensor depthwise_weight_from_tf(const torch::Tensor& hwc1);
// fully connected [in,out] → Linear [out,in]
torch::Tensor linear_weight_from_tf(const torch::Tensor& in_out);

}  // namespace facellava::perception
