// `facellava train-tokenizer`: a LLaMA-style SentencePiece tokenizer trained
// on the conversations of FaceInstruct-format files (for models trained from
// scratch). Logic: facellava/training/tokenizer_training.h.
#include <iostream>

#include "command.h"
#include "facellava/training/tokenizer_training.h"

namespace facellava::cli {
namespace {

int run_train_tokenizer(const ParsedArgs& args) {
    training::TokenizerTrainingOptions options;
    options.data_files = args.values("data");
    if (options.data_files.empty())
        throw UsageError("--data FILE is required (repeat it for several files)");
    if (!args.has("output"))
        throw UsageError("--output DIR/tokenizer.model is required");
    options.output = args.value("output");
    options.vocab_size = args.int_value("vocab-size");
    const int seed = args.int_value("seed");
    if (seed < 0)
        throw UsageError("--seed must be ≥ 0");
    options.seed = uint32_t(seed);
    options.system_prompt = args.value("system-prompt");

    const auto result = training::train_tokenizer(options);
    for (const auto& issue : result.issues)
        std::cerr << "skipped " << issue.describe() << "\n";
    std::cout << "Trained on " << result.samples << " conversations (" << result.sentences
              << " chunks, " << result.bytes << " bytes)\n"
              << "Vocabulary: " << result.vocab_size << " pieces (<unk> 0, <s> 1, </s> 2)\n"
              << "Wrote " << options.output << "\n";
    return kExitOk;
}

}  // namespace

Command make_train_tokenizer_command() {
    CommandSpec spec(
        "train-tokenizer", "Train a SentencePiece tokenizer on FaceInstruct conversations.",
        "BPE with byte fallback and LLaMA's special ids (<unk> 0, <s> 1, </s> 2, no pad), "
        "trained on each sample's prompt text as the model sees it (system prompt, roles, every "
        "turn; <image>/<video> placeholders cut out). Deterministic: the same files, size and "
        "seed give a byte-identical tokenizer.model.");
    spec.option({"data", "FILE", "FaceInstruct .json/.jsonl file (repeatable, read in order)", "",
                 /*repeatable=*/true});
    spec.option({"output", "FILE", "tokenizer.model to write (folders are created)"});
    spec.alias("output", "out");  // its name until 0.x; kept for a release
    spec.short_name("output", 'o');
    spec.option({"vocab-size", "N", "pieces in the vocabulary (≥ 300)", "2000"});
    spec.option({"seed", "S", "seed of SentencePiece's generator", "0"});
    spec.option({"system-prompt", "TEXT", "system prompt of the template (default: vicuna v1)"});
    return {spec, run_train_tokenizer};
}

}  // namespace facellava::cli
