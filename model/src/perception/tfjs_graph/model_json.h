// Parsing of a TF.js graph model.json: the GraphDef nodes (name, op, inputs,
// attrs), the signature (inputs and outputs in the file's key order, which is
// the order TF.js's GraphModel.inputs/outputs use) and the weights, read
// through the shared TF.js weight-manifest reader. Private to tfjs_graph.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

#include "perception/tfjs_graph/graph_model.h"
#include "torch_pch.h"

namespace facellava::perception::tfjs {

struct NodeDef {
    std::string name;
    std::string op;
    std::vector<std::string> inputs;  // producer node names ("^x" and ":0" stripped)
    nlohmann::json attr;              // the node's "attr" object ({} when absent)
};

struct ModelJson {
    std::vector<NodeDef> nodes;  // in file order
    // Signature entries (node names without ":0"), in the file's key order;
    // empty when the file has no signature.
    std::vector<GraphTensorInfo> signature_inputs;
    std::vector<GraphTensorInfo> signature_outputs;
    std::map<std::string, torch::Tensor> weights;  // Const values by node name
};

// Throws facellava::Error naming `path` on malformed JSON, a missing
// modelTopology.node, an input on an output other than 0, or any weight
// manifest / shard problem.
ModelJson read_model_json(const std::string& path);

// "a:0" → "a", "^a" → "a"; sets *index to the output index (0 when none).
std::string producer_name(const std::string& input, int64_t* index = nullptr);

}  // namespace facellava::perception::tfjs
