// Precompiled header for every torch-facing translation unit (see
// model/CMakeLists.txt). Keep it to headers that rarely change.
#pragma once
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>
