#include "io/state_dict.h"

#include <sstream>

#include "facellava/core/error.h"
#include "io/lazy_state_dict.h"

namespace facellava::io {

StateDict load_state_dict(const std::string& path_or_dir, std::optional<torch::Dtype> dtype) {
    // One reader for every format and layout (io/lazy_state_dict.h), read in full.
    return materialize(open_state_dict(path_or_dir), dtype);
}

StateDict with_prefix_stripped(const StateDict& dict, const std::string& prefix) {
    StateDict result;
    for (const auto& [name, tensor] : dict) {
        if (name.rfind(prefix, 0) == 0) result.emplace(name.substr(prefix.size()), tensor);
    }
    return result;
}

std::string LoadReport::describe() const {
    std::ostringstream out;
    auto list = [&](const char* what, const std::vector<std::string>& names) {
        if (names.empty()) return;
        out << names.size() << " " << what << ":";
        for (const auto& name : names) out << " " << name;
        out << ". ";
    };
    list("missing keys", missing);
    list("unexpected keys", unexpected);
    list("wrong shapes", wrong_shape);
    std::string text = out.str();
    if (!text.empty()) text.pop_back();
    return text;
}

LoadReport check_against_module(torch::nn::Module& module, const StateDict& dict,
                                const std::vector<std::string>& ignore) {
    // One comparison for in-memory and lazily read weights (lazy_state_dict.h).
    LazyStateDict shapes;
    for (const auto& [name, tensor] : dict)
        shapes.emplace(name, LazyTensor(tensor));
    return check_against_module(module, shapes, ignore);
}

LoadReport load_into_module(torch::nn::Module& module, const StateDict& dict, const std::string& source,
                            bool strict, const std::vector<std::string>& ignore) {
    LoadReport report = check_against_module(module, dict, ignore);
    const bool fatal = strict ? !report.ok() : !report.wrong_shape.empty();
    if (fatal) {
        throw Error("checkpoint does not match the model: " + report.describe(), source,
                    "use a checkpoint made for this configuration (check config.json)");
    }
    torch::NoGradGuard no_grad;
    for (auto& [name, target] : module_tensors(module)) {
        auto it = dict.find(name);
        if (it != dict.end()) target.copy_(it->second);
    }
    return report;
}

}  // namespace facellava::io
