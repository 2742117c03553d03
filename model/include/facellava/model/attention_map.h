// One FRGCA attention map for the GUI: how strongly each image patch attends
// to one facial region's landmark token. Torch-free on purpose.
#pragma once

#include <string>
#include <vector>

namespace facellava::model {

struct RegionAttentionMap {
    std::string region;  // a kFaceRegions name (face_regions.h)
    int grid = 0;        // the patch grid is grid × grid
    // Row-major grid × grid attention weights (not renormalised): the mean over
    // FRGCA's heads, or the one head the caller asked for.
    std::vector<float> values;
    // Every head's weights in the same layout, heads[k] for head k (the mean
    // of these is the default `values`). Kept so a viewer can switch heads
    // without another forward pass.
    std::vector<std::vector<float>> heads;
};

}  // namespace facellava::model
