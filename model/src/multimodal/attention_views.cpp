#include "facellava/model/attention_views.h"

#include <algorithm>
#include <string>

#include "facellava/core/error.h"
#include "facellava/model/face_regions.h"

namespace facellava::model {

int attention_head_count(const std::vector<RegionAttentionMap>& maps) {
    return maps.empty() ? 0 : int(maps.front().heads.size());
}

const std::vector<float>& attention_values(const RegionAttentionMap& map, int head) {
    if (head == kMeanOfHeads)
        return map.values;
    if (head < 0 || size_t(head) >= map.heads.size())
        throw Error("attention head " + std::to_string(head) + " of region '" + map.region +
                        "' is not in the map (it has " + std::to_string(map.heads.size()) +
                        " heads)",
                    "", "choose the mean of heads or a head the model has");
    return map.heads[size_t(head)];
}

DominantRegionMap dominant_regions(const std::vector<RegionAttentionMap>& maps, int head) {
    if (maps.size() != size_t(kNumFaceRegions))
        throw Error("the dominant-region view needs all " + std::to_string(kNumFaceRegions) +
                        " region maps, got " + std::to_string(maps.size()),
                    "", "pass the maps of FaceLlavaEngine::attention_maps unchanged");
    DominantRegionMap out;
    out.grid = maps.front().grid;
    const size_t cells = size_t(std::max(out.grid, 0)) * size_t(std::max(out.grid, 0));
    std::vector<const std::vector<float>*> values;
    for (const auto& map : maps) {
        const auto& v = attention_values(map, head);
        if (map.grid != out.grid || v.size() != cells)
            throw Error("region map '" + map.region + "' does not lie on the " +
                            std::to_string(out.grid) + " × " + std::to_string(out.grid) +
                            " patch grid of the others",
                        "", "pass the maps of one face from one forward pass");
        values.push_back(&v);
    }
    out.region.resize(cells);
    out.strength.resize(cells);
    for (size_t cell = 0; cell < cells; ++cell) {
        int best = 0;
        for (int r = 1; r < kNumFaceRegions; ++r)
            if ((*values[size_t(r)])[cell] > (*values[size_t(best)])[cell])
                best = r;
        out.region[cell] = best;
        out.strength[cell] = (*values[size_t(best)])[cell];
    }
    return out;
}

float dominance_opacity(float strength) {
    constexpr float uniform = 1.0f / float(kNumFaceRegions);
    return std::clamp((strength - uniform) / (1.0f - uniform), 0.0f, 1.0f);
}

}  // namespace facellava::model
