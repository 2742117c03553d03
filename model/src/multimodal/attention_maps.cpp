#include "multimodal/attention_maps.h"

#include <cmath>
#include <string>

#include "facellava/core/error.h"
#include "facellava/model/face_regions.h"

namespace facellava::model {
namespace {

bool is_square(int64_t n, int64_t* side) {
    const auto s = static_cast<int64_t>(std::llround(std::sqrt(static_cast<double>(n))));
    *side = s;
    return n > 0 && s * s == n;
}

}  // namespace

int attention_grid_side(int64_t num_tokens, bool* has_cls) {
    int64_t side = 0;
    // Check "no CLS" first: N = g² and N = 1 + g'² cannot both hold for N > 1.
    if (is_square(num_tokens, &side)) {
        if (has_cls)
            *has_cls = false;
        return static_cast<int>(side);
    }
    if (is_square(num_tokens - 1, &side)) {
        if (has_cls)
            *has_cls = true;
        return static_cast<int>(side);
    }
    throw Error("cannot lay " + std::to_string(num_tokens) +
                    " visual tokens on a square patch grid (expected g² or 1 + g²)",
                "", "draw attention maps only for CLIP-style image or video tokens");
}

std::vector<RegionAttentionMap> region_attention_maps(const torch::Tensor& weights,
                                                      std::optional<int64_t> head) {
    if (weights.dim() != 3 || weights.size(2) != kNumFaceRegions) {
        throw Error("FRGCA attention of one image must be (heads, N, " +
                        std::to_string(kNumFaceRegions) + "), got " +
                        std::to_string(weights.dim()) + " dimensions",
                    "", "pass FrgcaOutput::attention[i] for one image or frame");
    }
    const int64_t heads = weights.size(0);
    if (head && (*head < 0 || *head >= heads))
        throw Error("attention head " + std::to_string(*head) + " does not exist (the model has " +
                        std::to_string(heads) + ")",
                    "", "choose a head between 0 and " + std::to_string(heads - 1));
    bool has_cls = false;
    const int grid = attention_grid_side(weights.size(1), &has_cls);

    // Per head: (heads, N, 9) → (heads, g², 9) → (9, heads, g²), contiguous float on the CPU
    auto per_head = has_cls ? weights.slice(1, 1) : weights;
    per_head = per_head.permute({2, 0, 1}).to(torch::kCPU, torch::kFloat32).contiguous();
    // The shown map: the mean over heads, or the one head asked for → (9, g²)
    auto shown = head ? per_head.select(1, *head) : per_head.mean(1);
    shown = shown.contiguous();

    std::vector<RegionAttentionMap> maps;
    maps.reserve(kNumFaceRegions);
    const int64_t cells = static_cast<int64_t>(grid) * grid;
    const float* shown_data = shown.data_ptr<float>();
    const float* head_data = per_head.data_ptr<float>();
    for (int r = 0; r < kNumFaceRegions; ++r) {
        RegionAttentionMap map;
        map.region = kFaceRegions[r].name;
        map.grid = grid;
        map.values.assign(shown_data + r * cells, shown_data + (r + 1) * cells);
        map.heads.reserve(size_t(heads));
        for (int64_t h = 0; h < heads; ++h) {
            const float* first = head_data + (r * heads + h) * cells;
            map.heads.emplace_back(first, first + cells);
        }
        maps.push_back(std::move(map));
    }
    return maps;
}

}  // namespace facellava::model
