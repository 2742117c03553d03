// AdamW's update as one pass over each tensor on a GPU.
//
// LibTorch's torch::optim::AdamW updates one parameter at a time with about
// seven whole-tensor operations (moments, square root, division, addcdiv), so
// a 1.1B-parameter model streams ~90 GB through memory per step. LibTorch ≥ 2.1
// also has the fused multi-tensor kernel PyTorch's own `AdamW(fused=True)`
// uses (at::_fused_adamw_): it reads each parameter, gradient and moment once
// and writes them once. This applies that kernel to the optimiser's own state,
// so checkpoints, resumption and the per-tensor path stay interchangeable.
#pragma once

#include "torch_pch.h"

namespace facellava::training {

// One AdamW step of every parameter group through the fused kernel, updating
// the optimiser's exp_avg, exp_avg_sq and step as its own step() would.
// Changes nothing and returns false when it cannot take them all: no fused
// kernel, a parameter not on a CUDA device or not float32, AMSGrad, or a
// parameter whose state step() has not created yet (the first step, which the
// caller then takes with step()).
//
// `grad_divisor`, when defined, is a float32 scalar on the parameters' device
// that the kernel divides every gradient by before using it, and stores them
// so divided: gradient clipping without a pass of its own. When the call
// returns false the gradients are untouched.
bool fused_adamw_step(torch::optim::AdamW& optimizer, const torch::Tensor& grad_divisor = {});

}  // namespace facellava::training
