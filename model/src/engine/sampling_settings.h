// GenerationSettings (the public engine's) as the sampler's parameters, one
// conversion for chat() and batched answers, so both answer alike.
#pragma once

#include "facellava/model/engine.h"
#include "generation/sampler.h"

namespace facellava::model {

inline SamplingParams sampling_params(const GenerationSettings& settings) {
    SamplingParams params;
    params.temperature = settings.temperature;
    params.top_p = settings.top_p;
    params.top_k = settings.top_k;
    params.repetition_penalty = settings.repetition_penalty;
    params.max_new_tokens = settings.max_new_tokens;
    params.seed = settings.seed;
    params.stop_strings = settings.stop_strings;
    return params;
}

}  // namespace facellava::model
