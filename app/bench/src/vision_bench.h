// The `vision` suite: the CLIP ViT-L/14 tower on one image and on the eight
// frames of a video clip (the frames go through the tower as one batch, as
// the video path does), up to the projector's input layer.
#pragma once

#include "io/json_config.h"
#include "roofline.h"
#include "torch_pch.h"

namespace facellava::model::bench {

io::Json run_vision_bench(const torch::TensorOptions& options, const Roofline& roofline,
                          int repeats);

}  // namespace facellava::model::bench
