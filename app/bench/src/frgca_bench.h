// The `frgca` suite: face-region-guided cross-attention (spec §3, the released
// "simple" variant) at Face-LLaVA's shapes: 256 visual tokens of one image and
// 8 × 257 of a video clip against their 9 landmark tokens, width 4096, 8 heads.
#pragma once

#include "io/json_config.h"
#include "roofline.h"
#include "torch_pch.h"

namespace facellava::model::bench {

io::Json run_frgca_bench(const torch::TensorOptions& options, const Roofline& roofline,
                         int repeats);

}  // namespace facellava::model::bench
