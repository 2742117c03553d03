// The activation side of the integer path (cpu_quant_q8_rows.h): one row of
// x rounded to int8 per 32-column block and laid out as the weight rows'
// bytes are, once per call and shared by every weight row. The rounding is
// vectorised (round_blocks_vnni); the layout is plain loops over `cols`
// values, small beside the rows × cols codes the kernels stream.
#include <algorithm>
#include <cstdlib>

#include "quant/cpu_quant_q8_rows.h"

namespace facellava::model::quant::rows {
namespace {

int64_t padded_bytes(int64_t bytes) {
    return (bytes + kChunkBytes - 1) / kChunkBytes * kChunkBytes;
}

}  // namespace

bool q8_path_takes(const WeightView& w) {
    return w.bits == 8 || w.group == 32 || w.group == 64 || w.group == 128;
}

void quantize_activation_q8(const WeightView& w, const float* x, Q8Activation& out) {
    std::vector<float> block_scales(static_cast<size_t>((w.cols + kQ8Block - 1) / kQ8Block));
    std::vector<int8_t> q(static_cast<size_t>(w.cols));
    round_blocks_vnni(x, w.cols, block_scales.data(), q.data());
    const auto scale_of_column = [&](int64_t c) {
        const auto b = static_cast<size_t>(c / kQ8Block);
        return b < block_scales.size() ? block_scales[b] : 0.0f;
    };
    const int64_t bytes = padded_bytes(w.row_bytes);
    // Lane l of the row's bytes covers bytes [4l, 4l + 4): columns 4l … 4l + 3
    // for int8, 8l … 8l + 7 for int4 (never across a 32-column block).
    const int64_t columns_per_lane = w.bits == 8 ? 4 : 8;
    out.lane_scales.resize(static_cast<size_t>(bytes / 4));
    for (int64_t l = 0; l < bytes / 4; ++l)
        out.lane_scales[static_cast<size_t>(l)] = scale_of_column(l * columns_per_lane);

    if (w.bits == 8) {
        out.magnitude.assign(static_cast<size_t>(bytes), 0);
        out.negative.assign(static_cast<size_t>(bytes / 64), 0);
        for (int64_t c = 0; c < w.cols; ++c) {
            const int8_t value = q[static_cast<size_t>(c)];
            out.magnitude[static_cast<size_t>(c)] = static_cast<uint8_t>(std::abs(value));
            if (value < 0)
                out.negative[static_cast<size_t>(c / 64)] |= uint64_t{1} << (c % 64);
        }
        out.q.clear();
        out.q_odd.clear();
        out.group_sums.clear();
        out.lane_offsets.clear();
        return;
    }
    out.q.assign(static_cast<size_t>(bytes), 0);
    out.q_odd.assign(static_cast<size_t>(bytes), 0);
    for (int64_t j = 0; j < w.row_bytes; ++j) {
        out.q[static_cast<size_t>(j)] = q[static_cast<size_t>(2 * j)];
        if (2 * j + 1 < w.cols)
            out.q_odd[static_cast<size_t>(j)] = q[static_cast<size_t>(2 * j + 1)];
    }
    out.lane_offsets.assign(static_cast<size_t>(bytes / 4), 0);
    for (int64_t j = 0; j < w.row_bytes; ++j)
        out.lane_offsets[static_cast<size_t>(j / 4)] -=
            8 * (out.q[static_cast<size_t>(j)] + out.q_odd[static_cast<size_t>(j)]);
    out.group_sums.assign(static_cast<size_t>(w.groups), 0.0f);
    for (int64_t g = 0; g < w.groups; ++g) {
        // Double: the kernel subtracts zero · Σx̂ from Σ nibble · x̂.
        double sum = 0.0;
        const int64_t last = std::min(w.cols, (g + 1) * w.group);
        for (int64_t c = g * w.group; c < last; ++c)
            sum += static_cast<double>(scale_of_column(c)) * q[static_cast<size_t>(c)];
        out.group_sums[static_cast<size_t>(g)] = static_cast<float>(sum);
    }
    out.magnitude.clear();
    out.negative.clear();
}

}  // namespace facellava::model::quant::rows
