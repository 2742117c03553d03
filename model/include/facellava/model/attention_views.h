// What the GUI draws from FRGCA attention, computed without Torch or Qt so the
// model tests can check it against the reference attention of the fixtures.
//
// Every patch's weights over the nine regions sum to one (a softmax per head,
// and so also their mean). Adding the nine maps therefore gives a constant,
// and stretching one map to its own min–max makes a flat map look as strong
// as a peaked one. The views below avoid both: the default view shows, per
// patch, the region it attends to most and how decisively; a single region is
// read on the fixed 0–1 scale of the weights themselves.
#pragma once

#include <vector>

#include "facellava/model/attention_map.h"

namespace facellava::model {

// Head choice of every view: the mean over heads (the default) or head k.
inline constexpr int kMeanOfHeads = -1;

// Heads the maps carry per-head weights for (0: only the shown `values`).
int attention_head_count(const std::vector<RegionAttentionMap>& maps);

// One region's grid × grid weights for `head`: `values` for kMeanOfHeads,
// `heads[head]` otherwise. Throws facellava::Error when that head is absent.
const std::vector<float>& attention_values(const RegionAttentionMap& map, int head);

// Per patch, the region it attends to most.
struct DominantRegionMap {
    int grid = 0;                 // grid × grid patches, row-major
    std::vector<int> region;      // kFaceRegions index of the largest weight (the first on a tie)
    std::vector<float> strength;  // that largest weight: 1/9 (no preference) … 1 (one region only)
};

// Throws facellava::Error unless `maps` are the nine regions on one grid.
DominantRegionMap dominant_regions(const std::vector<RegionAttentionMap>& maps,
                                   int head = kMeanOfHeads);

// Opacity of a patch in the dominant-region view: 0 at uniform attention
// (strength 1/9, the argmax means nothing), 1 when all weight is on one
// region, linear in between: (strength − 1/9) / (1 − 1/9), clamped to 0…1.
float dominance_opacity(float strength);

}  // namespace facellava::model
