// Row kernels behind cpu_quant_kernels.cpp. The portable reference
// (cpu_quant_kernels_portable.cpp) and its AVX2 twin (cpu_quant_kernels_avx2.cpp)
// see the same raw views, so the dispatcher checks tensors once and the
// kernels stay free of torch. The AVX2 and AVX-512 functions may only be
// called after cpu_path_supported() said yes for their path: they are
// compiled for that target alone (function attributes), the rest of the
// build is not. The AVX-512 path has only an int8 GEMV of its own; for int4
// and a prefill's dequantised tiles it uses the AVX2 kernels (an AVX-512 CPU
// here always has AVX2).
#pragma once

#include <cstdint>

namespace facellava::model::quant::rows {

// One quantized matrix (quantized_weight.h's layout) as raw pointers.
struct WeightView {
    int bits = 8;  // 8 or 4
    int64_t rows = 0;
    int64_t cols = 0;
    int64_t group = 0;                 // int4: inputs per scale (even); int8: cols
    int64_t groups = 1;                // scales per row
    int64_t row_bytes = 0;             // data bytes per row: cols (int8), ceil(cols / 2) (int4)
    const uint8_t* data = nullptr;     // int8 codes (read as signed) or packed nibbles
    const uint16_t* scales = nullptr;  // (rows, groups) float16 bits
    const uint8_t* zeros = nullptr;    // int4: (rows, groups) in [0, 15]; null: zero 8
};

// The vectorised GEMVs' row blocking: rows of at least kWideRowBytes of
// codes go kRows at a time, sharing every load of x; narrower ones one by
// one, so the codes stream in address order for the hardware prefetcher.
constexpr int kRows = 4;
constexpr int64_t kWideRowBytes = 4096;

// How far ahead a kRows block prefetches its codes: the next block at the
// same offset when blocks are small, else further along the same row.
inline int64_t prefetch_distance(int64_t row_bytes) {
    return kRows * row_bytes <= 16384 ? kRows * row_bytes : 4096;
}

// The activation row as the vectorised int4 kernel reads it, prepared once
// per call and shared by every row: the low nibble of byte j pairs with
// even[j] = x[2j], the high one with odd[j] = x[2j + 1] (0 past the last
// column, so an odd row's padding nibble adds nothing), and group_sums[g] =
// Σ x over group g, so each group needs only Σ nibble·x minus zero·Σ x.
struct Int4Activation {
    const float* even = nullptr;        // (row_bytes)
    const float* odd = nullptr;         // (row_bytes)
    const float* group_sums = nullptr;  // (groups)
};
// Fills even/odd (row_bytes each) and sums (groups) from x (cols).
void prepare_int4_activation(const WeightView& w, const float* x, float* even, float* odd,
                             float* sums);

// y[r − begin] = Σ_c W[r, c] · x[c] for rows r in [begin, end).
void int8_rows_portable(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y);
void int4_rows_portable(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y);
void int8_rows_avx2(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y);
void int4_rows_avx2(const WeightView& w, const Int4Activation& x, int64_t begin, int64_t end,
                    float* y);
void int8_rows_avx512(const WeightView& w, const float* x, int64_t begin, int64_t end, float* y);

// out (end − begin, cols) float32, row-major: rows [begin, end) of W.
void dequantize_rows_portable(const WeightView& w, int64_t begin, int64_t end, float* out);
void dequantize_rows_avx2(const WeightView& w, int64_t begin, int64_t end, float* out);

}  // namespace facellava::model::quant::rows
