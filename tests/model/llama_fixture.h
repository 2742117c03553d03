// A LLaMA fixture (llama_mha, llama_gqa: HF LlamaForCausalLM's config,
// weights and golden inputs/outputs) loaded strictly, in eval mode.
#pragma once

#include <string>

#include "io/json_config.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "llm/llama_model.h"
#include "test_support.h"
#include "torch_pch.h"

namespace facellava::test {

inline model::LlamaForCausalLM load_llama_fixture(const std::string& name) {
    const auto config = fixture(name + ".config.json");
    model::LlamaForCausalLM lm(
        model::LlamaHParams::from_json(io::JsonConfig(io::read_json_file(config), config)));
    const auto weights = fixture(name + ".weights.safetensors");
    io::load_into_module(*lm, io::load_state_dict(weights), weights, /*strict=*/true);
    lm->eval();
    return lm;
}

// A tensor of the fixture's golden file (input_ids, logits, greedy_ids).
inline torch::Tensor llama_fixture_tensor(const std::string& name, const std::string& key) {
    return io::SafetensorsFile(fixture(name + ".io.safetensors")).tensor(key);
}

}  // namespace facellava::test
