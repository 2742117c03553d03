// FRGCA attention → one grid × grid map per facial region, for drawing over the
// face crop. Input: the per-head weights of one image or frame, i.e. one row of
// FrgcaOutput::attention: (heads, N, 9).
#pragma once

#include <optional>
#include <vector>

#include "facellava/model/attention_map.h"
#include "torch_pch.h"

namespace facellava::model {

// Side of the patch grid behind N visual tokens: N = g² (image tokens, CLS
// dropped) or N = 1 + g² (video tokens, CLS first). Throws facellava::Error otherwise.
int attention_grid_side(int64_t num_tokens, bool* has_cls = nullptr);

// weights: (heads, N, 9) → 9 maps in kFaceRegions order, CLS row dropped,
// values row-major over the grid. head: one head's weights, or the mean over
// heads when empty, in `values`; every head's weights in `heads` either way. Throws
// facellava::Error on a wrong shape or head index.
std::vector<RegionAttentionMap> region_attention_maps(const torch::Tensor& weights,
                                                      std::optional<int64_t> head = std::nullopt);

}  // namespace facellava::model
