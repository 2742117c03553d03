#include "runtime/graphed_call.h"

#include "runtime/cuda_graph.h"

namespace facellava::model {

struct GraphedCall::Entry {
    CudaGraph graph;
    torch::Tensor input;   // the graph reads its input here
    torch::Tensor output;  // and writes its result here, on every replay
};

GraphedCall::GraphedCall(Fn fn, bool use_graphs, size_t max_shapes)
    : fn_(std::move(fn)),
      max_shapes_(max_shapes),
      use_graphs_(use_graphs && CudaGraph::enabled()) {}

GraphedCall::~GraphedCall() = default;

torch::Tensor GraphedCall::operator()(const torch::Tensor& input) {
    if (!input.is_cuda() || torch::GradMode::is_enabled())
        return fn_(input);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!use_graphs_)
        return fn_(input);
    auto key = input.sizes().vec();
    key.push_back(static_cast<int64_t>(input.scalar_type()));
    key.push_back(input.get_device());
    auto found = graphs_.find(key);
    if (found == graphs_.end()) {
        if (graphs_.size() >= max_shapes_)
            return fn_(input);  // bounded: each graph holds its own activations
        auto entry = std::make_unique<Entry>();
        entry->input = input.contiguous().clone();  // ordinary memory, outside the graph
        auto* fresh = entry.get();
        graph_error_ = capture_or_warn(
            fresh->graph, [&] { fresh->output = fn_(fresh->input); }, "the vision tower");
        if (!graph_error_.empty()) {
            use_graphs_ = false;
            graphs_.clear();
            return fn_(input);
        }
        ++captures_;
        found = graphs_.emplace(std::move(key), std::move(entry)).first;
    } else {
        found->second->input.copy_(input);
    }
    // A capture only records: even a fresh graph must run once for this input.
    found->second->graph.replay();
    return found->second->output.clone();
}

void GraphedCall::reset() {
    std::lock_guard<std::mutex> lock(mutex_);
    graphs_.clear();
}

bool GraphedCall::uses_graphs() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return use_graphs_;
}

int64_t GraphedCall::captures() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return captures_;
}

std::string GraphedCall::graph_error() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return graph_error_;
}

}  // namespace facellava::model
