// Model shapes of the spec with no checkpoint: the LLaMA decoders Face-LLaVA
// and the training recipe use, and the CLIP ViT-L/14 tower. Weights are drawn
// at random (normal, std 0.02; norms 1) — speed does not depend on values,
// but NaN-free activations keep every kernel on its normal path.
#pragma once

#include <string>
#include <vector>

#include "llm/llama_hparams.h"
#include "torch_pch.h"
#include "vision/clip_hparams.h"

namespace facellava::model::bench {

// "tiny" (≈20 M, CI smoke), "200m" (the CPU roofline target), "1b"
// (TinyLlama-1.1B, the training target), "7b" (Vicuna-7B, Face-LLaVA's LLM).
// Throws facellava::Error listing the names otherwise.
LlamaHParams llama_shape(const std::string& name);
std::vector<std::string> llama_shape_names();

// CLIP ViT-L/14 at 224 px, the image and video towers' shape.
ClipVisionHParams clip_vit_l14();

// Fills every parameter of `module`: 1-D ones (norm weights), else N(0, 0.02).
void randomise(torch::nn::Module& module, uint64_t seed);

}  // namespace facellava::model::bench
