// `facellava convert`: inspect a checkpoint (keys, shapes, dtypes, parameter
// count) and optionally save it as one safetensors file.
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "facellava/model/checkpoint_tools.h"

namespace facellava::cli {
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

int run_convert(const ParsedArgs& args) {
    const std::string source = args.positionals().at(0);
    const auto summary = model::inspect_checkpoint(source);
    if (args.flag("json")) {
        nlohmann::ordered_json out{{"source", summary.source},
                                   {"parameters", summary.parameters},
                                   {"bytes", summary.bytes}};
        auto& tensors = out["tensors"] = nlohmann::ordered_json::array();
        for (const auto& t : summary.tensors)
            tensors.push_back({{"name", t.name}, {"dtype", t.dtype}, {"shape", t.shape}});
        std::cout << out.dump(2) << "\n";
    } else if (!args.flag("quiet")) {
        for (const auto& t : summary.tensors) {
            std::cout << std::left << std::setw(72) << t.name << " " << std::setw(9) << t.dtype
                      << " " << shape_text(t.shape) << "\n";
        }
        std::cout << summary.tensors.size() << " tensors, " << summary.parameters << " parameters ("
                  << std::fixed << std::setprecision(2) << double(summary.parameters) / 1e6
                  << " M), " << double(summary.bytes) / double(1 << 20) << " MiB\n";
    }
    if (args.has("output")) {
        model::convert_checkpoint(source, args.value("output"), args.value("dtype"));
        std::cerr << "wrote " << args.value("output") << "\n";
    }
    return kExitOk;
}

}  // namespace

Command make_convert_command() {
    CommandSpec spec(
        "convert", "Inspect a checkpoint and optionally save it as one safetensors file.",
        "SOURCE is a .safetensors or pytorch_model*.bin file, or a checkpoint folder (sharded "
        "checkpoints are followed through their index).");
    spec.positional({"SOURCE", "Checkpoint file or folder."});
    spec.option({"output", "FILE", "Write all tensors to this .safetensors file (atomically)."});
    spec.option({"dtype", "TYPE", "keep, float32, float16 or bfloat16 for --output.", "keep"});
    spec.option({"json", "", "Print the inspection as JSON."});
    spec.option({"quiet", "", "Do not list the tensors."});
    return {spec, run_convert};
}

}  // namespace facellava::cli
