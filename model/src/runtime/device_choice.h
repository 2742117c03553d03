// The --device / --dtype words every command accepts, turned into LibTorch
// types with one set of rules and error messages (engine, trainer, bench).
#pragma once

#include <string>

#include "torch_pch.h"

namespace facellava::model {

// "auto" (CUDA 0 when visible, else CPU), "cpu", "cuda", "cuda:N". Throws
// facellava::Error for an unknown word or a CUDA device that is not visible.
torch::Device resolve_device(const std::string& name);
// "auto" (bfloat16 on CUDA, float32 on CPU), "float32"/"fp32",
// "bfloat16"/"bf16", "float16"/"fp16". Throws facellava::Error otherwise.
torch::Dtype resolve_dtype(const std::string& name, const torch::Device& device);
// "float32", "bfloat16", "float16" or "other".
const char* dtype_name(torch::Dtype dtype);

}  // namespace facellava::model
