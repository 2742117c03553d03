// `facellava init-model`: a freshly initialised Face-LLaVA checkpoint folder
// from a config and a tokenizer, to train from scratch with `facellava train`.
// Logic: facellava/training/model_init.h.
#include <iomanip>
#include <iostream>

#include "command.h"
#include "facellava/training/model_init.h"

namespace facellava::cli {
namespace {

int run_init_model(const ParsedArgs& args) {
    training::InitModelOptions options;
    for (const char* required : {"config", "tokenizer", "output"}) {
        if (!args.has(required))
            throw UsageError(std::string("--") + required + " is required");
    }
    options.config = args.value("config");
    options.tokenizer = args.value("tokenizer");
    options.output_dir = args.value("output");
    const int seed = args.int_value("seed");
    if (seed < 0)
        throw UsageError("--seed must be ≥ 0");
    options.seed = uint64_t(seed);
    options.force = args.flag("force");

    const auto result = training::init_model(options);
    std::cout << "Initialised " << result.tensors << " tensors, " << result.parameters
              << " parameters (" << std::fixed << std::setprecision(2)
              << double(result.parameters) / 1e6 << " M), normal std " << std::setprecision(3)
              << result.initializer_range << ", vocabulary " << result.vocab_size << "\nWrote "
              << options.output_dir << " (config.json, tokenizer.model, model.safetensors)\n";
    return kExitOk;
}

}  // namespace

Command make_init_model_command() {
    CommandSpec spec(
        "init-model", "Write a freshly initialised Face-LLaVA checkpoint to train from scratch.",
        "config.json gets vocab_size from the tokenizer when it is absent, 0 or \"tokenizer\" "
        "(else it must hold every piece) and absolute tower paths. model.safetensors holds every "
        "LLaMA, mm_projector and landmark/FRGCA tensor the loaders expect: matrices normal(0, "
        "initializer_range), biases 0, norms 1 (as Hugging Face's init). Towers are not written: "
        "they stay where the config points. The same config and seed give identical files.");
    spec.option({"config", "FILE", "model config.json (LLaMA + Face-LLaVA keys)"});
    spec.option({"tokenizer", "FILE", "SentencePiece tokenizer.model (see train-tokenizer)"});
    spec.option({"output", "DIR", "checkpoint folder to write"});
    spec.alias("output", "out");  // its name until 0.x; kept for a release
    spec.short_name("output", 'o');
    spec.option({"seed", "S", "seed of the initialisation", "0"});
    spec.option({"force", "", "replace the checkpoint files of a non-empty DIR"});
    return {spec, run_init_model};
}

}  // namespace facellava::cli
