// Trains a LLaMA-style SentencePiece tokenizer (BPE with byte fallback,
// <unk> 0, <s> 1, </s> 2, no pad) on the conversations of FaceInstruct-format
// files, for models trained from scratch (`facellava train-tokenizer`).
//
// The corpus is the text the model will be given: each sample's vicuna-v1
// prompt (system prompt, roles, every human and gpt turn) cut the way the
// legacy rule encodes it (FACELLAVA_SPEC §4) — at "<image>" and "</s>", which
// therefore never reach SentencePiece and need no user-defined pieces.
//
// Deterministic: sentences in file then entry order, one thread, no shuffling
// or sampling, no path recorded in the model, so the same files, vocabulary
// size and seed give a byte-identical tokenizer.model. Torch-free.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facellava/training/training.h"

namespace facellava::training {

struct TokenizerTrainingOptions {
    std::vector<std::string> data_files;  // .json / .jsonl FaceInstruct files, in this order
    std::string output;                   // the tokenizer.model to write (atomically)
    int vocab_size = 2000;
    // Seeds SentencePiece's generator. With the flags used (every sentence,
    // no shuffling) BPE training draws no random numbers; the seed is fixed
    // anyway so a future flag that samples stays reproducible.
    uint32_t seed = 0;
    std::string system_prompt;  // "" : the vicuna-v1 system prompt
};

struct TokenizerTrainingResult {
    int64_t samples = 0;    // conversations used
    int64_t sentences = 0;  // chunks given to SentencePiece
    int64_t bytes = 0;      // of those chunks
    int32_t vocab_size = 0;
    std::vector<DataIssue> issues;  // entries left out (malformed)
};

// The SentencePiece flags used (everything but the data).
std::string tokenizer_training_flags(int vocab_size);

// Throws facellava::Error naming the file: an unreadable data file, no usable
// conversation, a vocabulary the data cannot fill, an unwritable output.
TokenizerTrainingResult train_tokenizer(const TokenizerTrainingOptions& options);

}  // namespace facellava::training
