// `facellava convert`: inspect a checkpoint (keys, shapes, dtypes, parameter
// count) and optionally save it as one safetensors file, its LLM quantized
// with --quantize (model/src/quant/quantized_checkpoint.cpp does the work).
#include <chrono>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "command.h"
#include "facellava/model/checkpoint_tools.h"
#include "interrupt.h"
#include "json_output.h"
#include "progress_bar.h"

namespace facellava::cli {
namespace {

std::string shape_text(const std::vector<int64_t>& shape) {
    std::string text = "[";
    for (size_t i = 0; i < shape.size(); ++i)
        text += (i ? ", " : "") + std::to_string(shape[i]);
    return text + "]";
}

int run_quantize(const ParsedArgs& args, const std::string& source) {
    if (!args.has("output"))
        throw UsageError("--quantize needs --output (a new folder, or a .safetensors file)");
    model::QuantizeOptions options;
    options.scheme = args.value("quantize");
    options.group = args.has("group") ? args.int_value("group") : 0;
    options.zero_points = args.flag("zero-points");
    options.dtype = args.value("dtype");
    ScopedInterrupt interrupt;  // Ctrl-C: stop at the next tensor, leave no output
    options.cancel = interrupt.flag();
    ProgressBar bar;
    const auto start = std::chrono::steady_clock::now();
    if (!args.flag("quiet")) {
        options.on_progress = [&](const model::QuantizeOptions::Progress& p) {
            const double fraction = p.bytes_total > 0 ? double(p.bytes_done) / p.bytes_total : 1;
            const double elapsed =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : -1;
            bar.update(fraction, eta,
                       std::to_string(p.tensors_done) + "/" + std::to_string(p.tensors_total) +
                           " tensors  " + p.current);
        };
    }
    const auto result = model::quantize_checkpoint(source, args.value("output"), options);
    bar.finish();
    if (result.cancelled) {
        std::cerr << "cancelled: nothing written to " << args.value("output") << "\n";
        return kExitInterrupted;
    }
    std::cerr << "wrote " << args.value("output") << ": " << result.quantized << " of "
              << result.tensors << " tensors quantized (" << result.scheme << "), " << std::fixed
              << std::setprecision(1) << double(result.bytes_in) / double(1 << 20) << " MiB → "
              << double(result.bytes_out) / double(1 << 20) << " MiB";
    if (!result.copied.empty())
        std::cerr << "; " << result.copied.size() << " other files copied";
    std::cerr << "\n";
    return kExitOk;
}

int run_convert(const ParsedArgs& args) {
    const std::string source = args.positionals().at(0);
    if (args.has("quantize"))
        return run_quantize(args, source);
    if (args.has("group") || args.flag("zero-points"))
        throw UsageError("--group and --zero-points go with --quantize int4");
    const auto summary = model::inspect_checkpoint(source);
    if (wants_json(args)) {
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
        "checkpoints are followed through their index).\n\n"
        "With --quantize, every linear layer of the LLM (attention and MLP projections, "
        "lm_head) is stored quantized: its codes under the weight's key, float16 scales under "
        "<key>_scale (zero points under <key>_zero), the scheme in the file's metadata "
        "(docs/MODELS.md, \"Quantized weights\"). Everything else, the image and video towers "
        "included, stays as it is (--quantize-towers is not supported). A folder SOURCE gives "
        "a new folder --output with its config, tokenizer and other files and one "
        "model.safetensors; it appears whole or not at all (Ctrl-C leaves nothing). The "
        "result loads with `facellava chat --checkpoint OUT` as it is. An already quantized "
        "checkpoint is refused.");
    spec.positional({"SOURCE", "Checkpoint file or folder."});
    spec.option({"output", "PATH",
                 "Write all tensors to this .safetensors file (atomically); with --quantize and "
                 "a folder SOURCE, a new or empty folder."});
    spec.short_name("output", 'o');
    spec.option({"dtype", "TYPE",
                 "keep, float32, float16 or bfloat16 for --output (the tensors left floating).",
                 "keep"});
    spec.option({"quantize", "SCHEME",
                 "int8 (per output row, symmetric) or int4 (groups along the input, see "
                 "--group): quantize the LLM's linear layers; needs --output."});
    spec.option({"group", "N", "With --quantize int4: 32, 64 or 128 inputs per scale.", "128"});
    spec.option({"zero-points", "", "With --quantize int4: a 4-bit zero point per group."});
    spec.option(json_option("Print the inspection as JSON"));
    spec.option({"quiet", "", "Do not list the tensors."});
    spec.short_name("quiet", 'q');
    return {spec, run_convert};
}

}  // namespace facellava::cli
