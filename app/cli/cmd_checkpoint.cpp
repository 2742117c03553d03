// `facellava checkpoint inspect DIR`: what a checkpoint folder holds and where
// each part (main weights, image tower, video tower) would be read from, with
// every place searched, worked out without loading any weights. The report is
// the model library's CheckpointReport, so it names the same places and fixes
// as a failed `chat --checkpoint DIR` and the GUI's Settings page.
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>

#include "command.h"
#include "facellava/model/checkpoint_report.h"
#include "facellava/model/engine.h"
#include "json_output.h"
#include "tower_options.h"

namespace facellava::cli {
namespace {

// Peak resident memory of this process so far (VmHWM), in bytes.
double peak_rss_bytes() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmHWM:", 0) == 0)
            return std::stod(line.substr(6)) * 1024.0;
    }
    return 0;
}

// --load: the report's claim checked for real on this machine: the engine
// loads the folder; time and peak host memory are printed (the way to see that
// a 16-bit checkpoint loads without a float32 copy in RAM).
void load_and_measure(const ParsedArgs& args, const std::string& dir, int64_t weight_bytes) {
    model::EngineOptions options;
    options.device = args.value("device");
    options.dtype = args.value("dtype");
    options.weights = args.value("weights");
    options.towers = towers_from(args);
    const double before = peak_rss_bytes();
    const auto start = std::chrono::steady_clock::now();
    auto engine = model::FaceLlavaEngine::load(dir, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double peak = peak_rss_bytes();
    const auto& info = engine->info();
    std::cout << "{\"loaded\": true, \"device\": \"" << info.device << "\", \"dtype\": \""
              << info.dtype << "\", \"weights\": \"" << info.weights
              << "\", \"llm_weight_bytes\": " << info.llm_weight_bytes
              << ", \"parameters\": " << info.parameters << ", \"load_seconds\": " << seconds
              << ", \"peak_rss_bytes\": " << peak << ", \"peak_rss_before_load_bytes\": " << before
              << ", \"stored_weight_bytes\": " << weight_bytes
              << ", \"peak_rss_over_stored_weights\": "
              << (weight_bytes > 0 ? peak / double(weight_bytes) : 0.0) << "}\n";
}

int run_inspect(const ParsedArgs& args) {
    const std::string dir = args.positionals()[1];
    // Throws facellava::Error (exit 1) only when the folder or its config.json
    // cannot be read; everything else is a problem inside the report.
    const model::CheckpointReport report = model::inspect_checkpoint_folder(dir, towers_from(args));
    if (wants_json(args)) {
        emit_json(args, report.to_json());
    } else {
        const std::string text = report.describe();
        std::cout << text << (text.empty() || text.back() != '\n' ? "\n" : "");
    }
    if (report.loadable()) {
        if (args.flag("load")) {
            int64_t stored = 0;
            for (const auto& part : report.parts)
                stored += part.stored_bytes;
            load_and_measure(args, dir, stored);
        }
        return kExitOk;
    }
    // stdout holds the report (JSON stays parseable); stderr says why exit is 1.
    std::cerr << "facellava checkpoint: " << dir << " cannot load (" << report.problems.size()
              << (report.problems.size() == 1 ? " problem" : " problems")
              << ", listed in the report)\n";
    return kExitFailure;
}

int run_checkpoint(const ParsedArgs& args) {
    const std::string& sub = args.positionals().at(0);
    if (sub == "inspect")
        return run_inspect(args);
    throw UsageError("unknown subcommand '" + sub + "' (use: inspect)");
}

}  // namespace

Command make_checkpoint_command() {
    CommandSpec spec(
        "checkpoint", "Inspect a Face-LLaVA checkpoint folder before loading it.",
        "Subcommands:\n"
        "  inspect DIR   where the main weights, the image tower and the video tower come\n"
        "                from (checkpoint, folder, config path, embedded, hf cache), every\n"
        "                place searched, dtypes, parameters, the memory of the weights at\n"
        "                float32, 16 bits, int8 and int4-g128 (the LLM's linear layers\n"
        "                quantized) plus the KV cache for 2048 tokens, a quantized\n"
        "                checkpoint's scheme, and what keeps the folder from loading.\n"
        "                Reads headers only; with --load it then loads the model and\n"
        "                prints the load time and the peak host memory as one JSON line.\n"
        "Towers are searched in this order: --image-tower/--video-tower; the config.json\n"
        "path or image_tower/ and video_tower/ beside the checkpoint; weights embedded in\n"
        "the checkpoint; the Hugging Face caches (cache_dir/ beside the checkpoint and in\n"
        "the working directory, $HF_HUB_CACHE, $HF_HOME/hub, $XDG_CACHE_HOME/huggingface/hub,\n"
        "~/.cache/huggingface/hub).\n"
        "Exit code 1 when the checkpoint cannot load (the report is still printed).");
    spec.positional({"subcommand", "inspect"});
    spec.positional({"DIR", "the checkpoint folder (config.json, tokenizer.model, weights)"});
    spec.option(json_option("Print the report as JSON"));
    spec.option({"load", "", "After the report, load the model and print time and peak memory."});
    spec.option({"device", "DEV", "With --load: auto, cpu, cuda or cuda:N.", "auto"});
    spec.option({"dtype", "TYPE", "With --load: auto, float32, bfloat16 or float16.", "auto"});
    spec.option({"weights", "W",
                 "With --load: the LLM's weights, auto (as stored), int8, int4, int4-g64, … "
                 "(quantized at load; docs/MODELS.md \"Quantized weights\").",
                 "auto"});
    add_tower_options(spec);
    return {spec, run_checkpoint};
}

}  // namespace facellava::cli
