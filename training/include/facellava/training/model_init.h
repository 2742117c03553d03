// A freshly initialised Face-LLaVA checkpoint folder, for training a small
// model from scratch (`facellava init-model`): config.json, tokenizer.model
// and model.safetensors holding every main-checkpoint tensor (LLaMA,
// mm_projector, landmark projectors + FRGCA when the config names
// landmarks_projector_type), loadable by FaceLlavaEngine and the trainer.
// Towers are not initialised: they are frozen, pretrained and found where
// the config says (relative tower paths are made absolute, as the trainer's
// final/ folder does). Torch-free.
#pragma once

#include <cstdint>
#include <string>

namespace facellava::training {

struct InitModelOptions {
    std::string config;     // the model's config.json (LLaMA + Face-LLaVA keys)
    std::string tokenizer;  // its SentencePiece tokenizer.model
    std::string output_dir;
    uint64_t seed = 0;   // the weights are a pure function of config and seed
    bool force = false;  // replace the checkpoint files of a non-empty output_dir
};

struct InitModelResult {
    std::string weights_path;
    int64_t tensors = 0;
    int64_t parameters = 0;
    int64_t vocab_size = 0;  // as written to config.json
    double initializer_range = 0.02;
};

// Throws facellava::Error naming the file: unreadable config or tokenizer, a
// vocabulary the tokenizer does not fit, towers not found, a non-empty
// output folder without `force`.
InitModelResult init_model(const InitModelOptions& options);

}  // namespace facellava::training
