// Loaded samples → one right-padded micro-batch for the LLM: each sample's
// text embeddings with every −200 sentinel replaced, in order, by the next
// image's (or video frame's) visual tokens, and labels expanded the same way
// (−100 on visual tokens and padding). Images, videos, with and without
// landmarks are encoded in up to four tower calls per micro-batch.
#pragma once

#include <vector>

#include "dataset/sample_loader.h"
#include "torch_pch.h"
#include "trainer/llama_train_forward.h"
#include "trainer/trainable_model.h"

namespace facellava::training {

struct SplicedBatch {
    torch::Tensor embeds;          // (B, L, H), zeros after each sample's end
    torch::Tensor labels;          // (B, L) int64, kIgnoreLabel except answer tokens
    std::vector<int64_t> lengths;  // real positions per sample
    int64_t tokens = 0;            // Σ lengths
    int64_t label_tokens = 0;      // positions scored by the loss
};

// The visual tokens of every sentinel of every sample, in prompt order:
// segments[i] holds sample i's (n_j, H) tensors.
std::vector<std::vector<torch::Tensor>> encode_visuals(TrainableFaceLlava& model,
                                                       const std::vector<LoadedSample>& samples);

SplicedBatch splice_batch(TrainableFaceLlava& model, LlamaTrainForward& llm,
                          const std::vector<LoadedSample>& samples);

// One sample's spliced embeddings (1, L, H) for a prompt without labels
// (evaluation): ids with sentinels and that sample's visual segments.
torch::Tensor splice_prompt(LlamaTrainForward& llm, const std::vector<int64_t>& ids,
                            const std::vector<torch::Tensor>& segments,
                            const torch::Device& device);

}  // namespace facellava::training
