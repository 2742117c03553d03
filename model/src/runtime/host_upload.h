// Frames from the host to a GPU through page-locked memory.
//
// A copy from ordinary (pageable) memory makes the driver stage it through its
// own pinned buffer while the host waits; from page-locked memory it is one
// DMA that runs while the host goes on. LibTorch's caching host allocator
// keeps the page-locked blocks for reuse and holds each until its copy is done.
#pragma once

#include "torch_pch.h"

namespace facellava::model {

// `host` (any device) as `options` says. CPU → CUDA goes through page-locked
// memory without blocking the host; everything else is a plain .to().
torch::Tensor upload(const torch::Tensor& host, const torch::TensorOptions& options);

}  // namespace facellava::model
