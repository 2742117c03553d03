// Set-up shared by the trainer and run_evaluation() (facellava eval), so a
// model is fed the same way whether it is trained or scored: the sample
// loader's options from a RunPlan. (Devices: runtime/device_choice.h.)
#pragma once

#include <string>

#include "dataset/sample_loader.h"
#include "facellava/model/tokenizer.h"
#include "torch_pch.h"
#include "trainer/run_plan.h"

namespace facellava::training {

// Image / video geometry and normalisation from the plan's model, prompt
// template, limits and the tokenizer as the prompt encoder.
SampleLoaderOptions make_loader_options(const RunPlan& plan, const model::Tokenizer& tokenizer);

}  // namespace facellava::training
