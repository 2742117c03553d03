// One FRGCA attention map for the GUI: how strongly each image patch attends
// to one facial region's landmark token. Torch-free on purpose.
#pragma once

#include <string>
#include <vector>

namespace facellava::model {

struct RegionAttentionMap {
    std::string region;         // a kFaceRegions name (face_regions.h)
    int grid = 0;               // the patch grid is grid × grid
    std::vector<float> values;  // row-major grid × grid attention weights (not renormalised)
};

}  // namespace facellava::model
