// The portable row kernels (cpu_quant_rows.h): plain loops straight from the
// storage format (quant_scheme.h), the reference the AVX2 path is tested
// against and the path on CPUs without AVX2.
#include <c10/util/Half.h>

#include <algorithm>

#include "quant/cpu_quant_rows.h"

namespace facellava::model::quant::rows {
namespace {

float half_to_float(uint16_t bits) {
    return c10::detail::fp16_ieee_to_fp32_value(bits);
}

int zero_of(const WeightView& w, int64_t row, int64_t group) {
    return w.zeros != nullptr ? w.zeros[row * w.groups + group] : 8;
}

// Column c of a packed int4 row: the low nibble of byte c / 2 for even c.
int nibble(const uint8_t* row, int64_t c) {
    return (row[c >> 1] >> ((c & 1) * 4)) & 0x0F;
}

}  // namespace

void prepare_int4_activation(const WeightView& w, const float* x, float* even, float* odd,
                             float* sums) {
    for (int64_t j = 0; j < w.row_bytes; ++j) {
        even[j] = x[2 * j];
        odd[j] = 2 * j + 1 < w.cols ? x[2 * j + 1] : 0.0f;
    }
    for (int64_t g = 0; g < w.groups; ++g) {
        // Double: the kernels subtract zero · Σx from Σ nibble · x, so an
        // error here is multiplied by up to 15.
        double sum = 0.0;
        const int64_t end = std::min(w.cols, (g + 1) * w.group);
        for (int64_t c = g * w.group; c < end; ++c)
            sum += x[c];
        sums[g] = static_cast<float>(sum);
    }
}

void int8_rows_portable(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y) {
    for (int64_t r = begin; r < end; ++r) {
        const auto* codes = reinterpret_cast<const int8_t*>(w.data + r * w.row_bytes);
        // Four partial sums: independent chains, and a summation order
        // closer to the vectorised path's.
        float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
        int64_t c = 0;
        for (; c + 4 <= w.cols; c += 4)
            for (int k = 0; k < 4; ++k)
                acc[k] += static_cast<float>(codes[c + k]) * x[c + k];
        for (; c < w.cols; ++c)
            acc[0] += static_cast<float>(codes[c]) * x[c];
        y[r - begin] = ((acc[0] + acc[1]) + (acc[2] + acc[3])) * half_to_float(w.scales[r]);
    }
}

void int4_rows_portable(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y) {
    const int64_t half_group = w.group / 2;  // bytes per group (the group is even)
    for (int64_t r = begin; r < end; ++r) {
        const uint8_t* row = w.data + r * w.row_bytes;
        const uint16_t* scales = w.scales + r * w.groups;
        float total = 0.0f;
        for (int64_t g = 0; g < w.groups; ++g) {
            const float zero = static_cast<float>(zero_of(w, r, g));
            // Whole bytes (columns 2j and 2j + 1), two chains; an odd row's
            // last column alone.
            const int64_t first = g * half_group;
            const int64_t last = std::min(w.cols / 2, first + half_group);
            float even = 0.0f, odd = 0.0f;
            for (int64_t j = first; j < last; ++j) {
                even += (static_cast<float>(row[j] & 0x0F) - zero) * x[2 * j];
                odd += (static_cast<float>(row[j] >> 4) - zero) * x[2 * j + 1];
            }
            if (w.cols % 2 == 1 && g == w.groups - 1)
                even += (static_cast<float>(nibble(row, w.cols - 1)) - zero) * x[w.cols - 1];
            total += (even + odd) * half_to_float(scales[g]);
        }
        y[r - begin] = total;
    }
}

void dequantize_rows_portable(const WeightView& w, int64_t begin, int64_t end, float* out) {
    for (int64_t r = begin; r < end; ++r) {
        float* dst = out + (r - begin) * w.cols;
        if (w.bits == 8) {
            const auto* codes = reinterpret_cast<const int8_t*>(w.data + r * w.row_bytes);
            const float scale = half_to_float(w.scales[r]);
            for (int64_t c = 0; c < w.cols; ++c)
                dst[c] = static_cast<float>(codes[c]) * scale;
            continue;
        }
        const uint8_t* row = w.data + r * w.row_bytes;
        for (int64_t g = 0; g < w.groups; ++g) {
            const float scale = half_to_float(w.scales[r * w.groups + g]);
            const int zero = zero_of(w, r, g);
            const int64_t last = std::min(w.cols, (g + 1) * w.group);
            for (int64_t c = g * w.group; c < last; ++c)
                dst[c] = static_cast<float>(nibble(row, c) - zero) * scale;
        }
    }
}

}  // namespace facellava::model::quant::rows
