// train_tokenizer(): FaceInstruct files → sentences → SentencePiece → file.
#include <filesystem>
#include <sstream>

#include "facellava/core/atomic_file.h"
#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/face_instruct_reader.h"
#include "facellava/training/tokenizer_training.h"
#include "tokenizer/tokenizer_corpus.h"

namespace facellava::training {
namespace fs = std::filesystem;

std::string tokenizer_training_flags(int vocab_size) {
    std::ostringstream flags;
    // LLaMA's tokenizer settings (BPE, byte fallback, digits split, text kept
    // as is) with its special ids and no pad piece (pad = unk in training).
    flags << "--model_type=bpe --vocab_size=" << vocab_size
          << " --byte_fallback=true --split_digits=true --character_coverage=0.99995"
             " --normalization_rule_name=identity --remove_extra_whitespaces=false"
             " --allow_whitespace_only_pieces=true --add_dummy_prefix=true"
             " --unk_id=0 --bos_id=1 --eos_id=2 --pad_id=-1"
             " --unk_piece=<unk> --bos_piece=<s> --eos_piece=</s>"
             // Determinism: one thread, every sentence in input order.
             " --num_threads=1 --shuffle_input_sentence=false --input_sentence_size=0"
             // Long answers stay in the corpus (the default cut is 4192 bytes).
             " --max_sentence_length=65536"
             " --minloglevel=2";
    return flags.str();
}

TokenizerTrainingResult train_tokenizer(const TokenizerTrainingOptions& options) {
    if (options.data_files.empty())
        throw Error("no data file given", "", "pass at least one --data FILE.json");
    // 3 special pieces + 256 byte pieces come first; BPE needs room above them.
    if (options.vocab_size < 300) {
        throw Error("vocabulary size " + std::to_string(options.vocab_size) + " is too small",
                    options.output, "use at least 300 (259 pieces are special and byte pieces)");
    }
    if (options.output.empty())
        throw Error("no output path given", "", "pass --output DIR/tokenizer.model");

    model::ConversationTemplate conv = model::vicuna_v1_template();
    if (!options.system_prompt.empty())
        conv.system = options.system_prompt;

    TokenizerTrainingResult result;
    std::vector<std::string> sentences;
    for (const auto& file : options.data_files) {
        ReaderOptions reader;  // media are not needed: placeholders are cut out
        ReadResult read = read_face_instruct_file(file, reader);
        for (auto& issue : read.issues) {
            // The user named the file: a file that cannot be read is an error,
            // a malformed entry is left out and reported.
            if (issue.index < 0)
                throw Error("cannot read the data file: " + issue.problem, file,
                            "check the path and that it is FaceInstruct JSON/JSONL");
            result.issues.push_back(std::move(issue));
        }
        for (const auto& sample : read.samples) {
            for (auto& chunk : prompt_chunks(sample.turns, conv)) {
                result.bytes += int64_t(chunk.size());
                sentences.push_back(std::move(chunk));
            }
            ++result.samples;
        }
    }
    if (sentences.empty()) {
        throw Error("no usable conversation in the data files", options.data_files.front(),
                    "check the files (facellava train --dry-run lists every problem)");
    }
    result.sentences = int64_t(sentences.size());

    model::Tokenizer tokenizer = [&] {
        try {
            return model::Tokenizer::train_from_sentences(
                tokenizer_training_flags(options.vocab_size), sentences, options.seed);
        } catch (const Error& e) {
            // The usual cause on small data: "Vocabulary size too high (N).
            // Please set it to a value <= M."
            throw Error(e.brief(), options.data_files.front(),
                        "lower --vocab-size (SentencePiece's message says how far) or add data");
        }
    }();
    if (tokenizer.unk_id() != 0 || tokenizer.bos_id() != 1 || tokenizer.eos_id() != 2) {
        throw Error("the trained tokenizer does not have LLaMA's special ids", options.output,
                    "report this: the SentencePiece flags were not applied");
    }
    result.vocab_size = tokenizer.vocab_size();
    const fs::path out(options.output);
    if (out.has_parent_path())
        fs::create_directories(out.parent_path());
    write_file_atomically(options.output, tokenizer.serialized());
    return result;
}

}  // namespace facellava::training
