// One GEMM for several projections that read the same input (q/k/v, gate/up).
//
// A decode step is a chain of small kernels; on a GPU each costs a few
// microseconds of launch and tail whatever its size, so three thin GEMMs cost
// far more than one three times as tall. The layers therefore allocate such
// weights as consecutive row blocks of one matrix (each block still its own
// parameter under its checkpoint key) and multiply by the whole matrix when
// nothing needs the blocks' separate gradients.
#pragma once

#include "torch_pch.h"

namespace facellava::model {

// The (Σ rows, in) matrix whose consecutive row blocks are exactly `parts`
// (each (rows_i, in), contiguous, in this order in one storage), viewing that
// storage without copying; an undefined tensor when they are not laid out so
// (a part replaced by `module->to(dtype)` or a checkpoint loader, say).
torch::Tensor adjacent_rows(torch::TensorList parts);

// True when a forward may use adjacent_rows(): no gradient is being recorded
// for these weights (the fused product would not route one back to each).
bool fused_projection_allowed(const torch::Tensor& weight);

}  // namespace facellava::model
