// cpu_quant_kernels.h: checks the tensors once, picks the path, splits the
// output rows over threads and hands raw views to the row kernels
// (cpu_quant_rows.h).
#include "quant/cpu_quant_kernels.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <functional>

#include <vector>

#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "llm/cpu_small_gemm.h"
#include "quant/cpu_quant_q8_rows.h"
#include "quant/cpu_quant_rows.h"
#include "runtime/cpu_features.h"
#include "runtime/cpu_helper_thread.h"

namespace facellava::model::quant {
namespace {

constexpr const char* kEnv = "FACELLAVA_QUANT_KERNELS";
// A decode GEMV task should stream at least this many weight bytes, or the
// thread hand-off costs more than it saves (a 1b-shape layer has 1k-11k rows
// of 0.5-8 KiB).
constexpr int64_t kMinTaskBytes = 64 * 1024;
// A prefill tile (rows dequantised at once, float32) about fills a core's
// L2; thinner tiles make at::mm slow (8-row tiles of 2048x8192 int4 with
// m = 17: 53 ms against 19 ms), 2 MiB tiles slowed m = 3 fourfold.
constexpr int64_t kTileBytes = 1024 * 1024;
constexpr int64_t kMinTileRows = 32;
constexpr int64_t kMaxTileRows = 256;
// A batched decode step (2 … small_gemm_rows::kMaxRows rows) multiplies each
// tile with the skinny GEMM instead (llm/cpu_small_gemm.h): BLAS packs the
// tile for a small m, which made batch 4 cost 9x batch 1 (200m int8: 155
// against 17 ms a step). Its tiles are smaller, so the float32 rows are
// still in L2 when the product reads them.
constexpr int64_t kSkinnyTileBytes = 128 * 1024;
// The integer path's tile of weight rows for several activation rows: its
// codes stay in L2 while every rounded row passes over them.
constexpr int64_t kQ8TileBytes = 256 * 1024;

bool cpu_has_avx2() {
    static const bool has = cpu_has_avx2_fma() && cpu_has(CpuFeature::f16c);
    return has;
}

bool cpu_has_avx512() {
    static const bool has = cpu_has_avx2() && cpu_has(CpuFeature::avx512f) &&
                            cpu_has(CpuFeature::avx512bw) && cpu_has(CpuFeature::avx512vl);
    return has;
}

bool cpu_has_vnni() {
    static const bool has = cpu_has_avx512() && cpu_has(CpuFeature::avx512vnni);
    return has;
}

// The threads: the caller and one helper (runtime/cpu_helper_thread.h says
// why not at::parallel_for), in fixed chunks, so results do not depend on
// which thread took a chunk.
using cpu_helper_thread::parallel_chunks;

// Rows per GEMV chunk: at least kMinTaskBytes of codes, whole kRows blocks.
int64_t gemv_chunk(const rows::WeightView& w) {
    const int64_t rows = std::max<int64_t>(1, kMinTaskBytes / std::max<int64_t>(1, w.row_bytes));
    return (rows + rows::kRows - 1) / rows::kRows * rows::kRows;
}

void require(bool condition, const std::string& what) {
    if (!condition)
        throw Error("quantized CPU product: " + what, {},
                    "quantized weights come from quant::quantize() or a checked checkpoint");
}

std::string shape_text(const torch::Tensor& t) {
    return t.defined() ? c10::str(t.sizes(), " ", t.scalar_type()) : std::string("undefined");
}

// The tensor has this dtype and exactly these sizes, contiguous on the CPU.
void require_tensor(const torch::Tensor& t, torch::Dtype dtype, std::vector<int64_t> sizes,
                    const std::string& name, const std::string& scheme) {
    require(t.defined() && t.device().is_cpu() && t.scalar_type() == dtype &&
                t.sizes() == c10::IntArrayRef(sizes) && t.is_contiguous(),
            scheme + " " + name + " must be a contiguous CPU tensor " +
                c10::str(c10::IntArrayRef(sizes), " ", dtype) + ", got " + shape_text(t));
}

rows::WeightView view_of(const QuantizedWeight& w) {
    require(w.data.defined(), "the weight has no data");
    require(w.data.device().is_cpu(),
            "the weight is on " + w.data.device().str() + ", the CPU kernels need it on the CPU");
    require(w.rows >= 0 && w.cols >= 0, "negative weight size");
    const std::string name = w.scheme.bits == 8 ? "int8" : "int4";
    rows::WeightView v;
    v.bits = w.scheme.bits;
    v.rows = w.rows;
    v.cols = w.cols;
    if (w.scheme.bits == 8) {
        v.group = w.cols;
        v.groups = 1;
        v.row_bytes = w.cols;
        require_tensor(w.data, torch::kInt8, {w.rows, w.cols}, "codes", name);
        require_tensor(w.scales, torch::kFloat16, {w.rows, 1}, "scales", name);
        require(!w.zeros.defined(), "int8 weights have no zero points");
    } else {
        require(w.scheme.bits == 4,
                "weights of " + std::to_string(w.scheme.bits) + " bits are not supported");
        require(w.scheme.group > 0 && w.scheme.group % 2 == 0,
                "int4 group must be positive and even, got " + std::to_string(w.scheme.group));
        v.group = w.scheme.group;
        v.groups = (w.cols + v.group - 1) / v.group;
        v.row_bytes = (w.cols + 1) / 2;
        require_tensor(w.data, torch::kUInt8, {w.rows, v.row_bytes}, "codes", name);
        require_tensor(w.scales, torch::kFloat16, {w.rows, v.groups}, "scales", name);
        if (w.scheme.zero_points) {
            require_tensor(w.zeros, torch::kUInt8, {w.rows, v.groups}, "zero points", name);
            v.zeros = w.zeros.data_ptr<uint8_t>();
        } else {
            require(!w.zeros.defined(), "the scheme has no zero points but the weight has some");
        }
    }
    v.data = static_cast<const uint8_t*>(w.data.data_ptr());
    v.scales = reinterpret_cast<const uint16_t*>(w.scales.data_ptr<at::Half>());
    return v;
}

void check_activations(const torch::Tensor& x, const rows::WeightView& w) {
    require(x.defined(), "x is undefined");
    require(x.device().is_cpu() && x.scalar_type() == torch::kFloat32 && x.dim() == 2 &&
                x.is_contiguous(),
            "x must be a contiguous 2-D float32 CPU tensor (m, " + std::to_string(w.cols) +
                "), got " + shape_text(x) + (x.is_contiguous() ? "" : " (not contiguous)") +
                " on " + x.device().str());
    require(x.size(1) == w.cols, "x has " + std::to_string(x.size(1)) + " columns, the weight " +
                                     std::to_string(w.cols));
}

// y (rows) = W · x for one activation row, output rows split over threads.
void gemv(const rows::WeightView& w, const float* x, float* y, CpuKernelPath path) {
    const int64_t chunk = gemv_chunk(w);
    if (w.bits == 8) {
        parallel_chunks(w.rows, chunk, [&](int64_t begin, int64_t end) {
            if (path == CpuKernelPath::avx512)
                rows::int8_rows_avx512(w, x, begin, end, y + begin);
            else if (path == CpuKernelPath::avx2)
                rows::int8_rows_avx2(w, x, begin, end, y + begin);
            else
                rows::int8_rows_portable(w, x, begin, end, y + begin);
        });
        return;
    }
    if (path == CpuKernelPath::portable) {
        parallel_chunks(w.rows, chunk, [&](int64_t begin, int64_t end) {
            rows::int4_rows_portable(w, x, begin, end, y + begin);
        });
        return;
    }
    // (row_bytes) even and odd inputs, (groups) their sums: once per call.
    std::vector<float> split(static_cast<size_t>(2 * w.row_bytes + w.groups));
    float* even = split.data();
    float* odd = even + w.row_bytes;
    float* sums = odd + w.row_bytes;
    rows::prepare_int4_activation(w, x, even, odd, sums);
    const rows::Int4Activation prepared{even, odd, sums};
    // avx512 too: no 512-bit int4 kernel beat it (cpu_quant_kernels_avx512.cpp).
    parallel_chunks(w.rows, chunk, [&](int64_t begin, int64_t end) {
        rows::int4_rows_avx2(w, prepared, begin, end, y + begin);
    });
}

// y (m, rows) = x (m, cols) · Wᵀ for several activation rows: each tile of
// output rows is dequantised once into a thread's float32 buffer and
// multiplied with every activation row. The threads split the tiles, not
// the products (BLAS is held to one thread inside a tile).
void blocked(const rows::WeightView& w, const torch::Tensor& x, torch::Tensor& y,
             CpuKernelPath path) {
    const int64_t m = x.size(0);
    // FACELLAVA_SMALL_GEMM=off: BLAS here too (the bench's same-run baseline).
    const bool skinny = m <= small_gemm_rows::kMaxRows && small_gemm_path() != SmallGemmPath::off;
    const int64_t tile =
        skinny ? std::clamp<int64_t>(kSkinnyTileBytes / std::max<int64_t>(1, 4 * w.cols),
                                     small_gemm_rows::kWeightRows, kMaxTileRows)
               : std::clamp<int64_t>(kTileBytes / std::max<int64_t>(1, 4 * w.cols), kMinTileRows,
                                     kMaxTileRows);
    // The threads split the tiles; OpenBLAS's own pool beside them made
    // m = 17 at 2048x8192 int4 25 ms instead of 19. (Asked before OpenBLAS
    // is held to one thread, which would say no.)
    const bool two_threads = cpu_helper_thread::second_thread_allowed();
    ScopedSingleThreadedBlas one_blas_thread;
    const int64_t tiles = (w.rows + tile - 1) / tile;
    float* out = y.data_ptr<float>();
    const auto run_tiles = [&](int64_t first, int64_t last) {
        // Per thread and kept: a tile's buffer is ~1 MiB, fresh pages per tile cost.
        thread_local std::vector<float> buffer;
        thread_local std::vector<float> product;
        buffer.resize(static_cast<size_t>(tile * std::max<int64_t>(w.cols, 1)));
        product.resize(static_cast<size_t>(m * tile));
        for (int64_t t = first; t < last; ++t) {
            const int64_t begin = t * tile;
            const int64_t end = std::min(w.rows, begin + tile);
            const int64_t n = end - begin;
            if (path != CpuKernelPath::portable)  // avx512 has none of its own
                rows::dequantize_rows_avx2(w, begin, end, buffer.data());
            else
                rows::dequantize_rows_portable(w, begin, end, buffer.data());
            if (skinny) {
                small_gemm_rows::Operands op;
                op.m = m;
                op.k = w.cols;
                op.n = n;
                op.x = x.data_ptr<float>();
                op.w = buffer.data();
                op.y = product.data();
                // The CPU checks of the quantized paths imply the skinny ones'.
                if (path == CpuKernelPath::avx512)
                    small_gemm_rows::rows_avx512(op, 0, n);
                else if (path == CpuKernelPath::avx2)
                    small_gemm_rows::rows_avx2(op, 0, n);
                else
                    small_gemm_rows::rows_portable(op, 0, n);
            } else {
                const auto weight = torch::from_blob(buffer.data(), {n, w.cols});  // (n, cols)
                auto result = torch::from_blob(product.data(), {m, n});            // (m, n)
                at::mm_out(result, x, weight.t());
            }
            for (int64_t i = 0; i < m; ++i)
                std::memcpy(out + i * w.rows + begin, product.data() + i * n,
                            static_cast<size_t>(n) * sizeof(float));
        }
    };
    if (two_threads && tiles > 1)
        cpu_helper_thread::run_on_two_threads(tiles, 1, run_tiles);
    else
        run_tiles(0, tiles);
}

// The integer path (cpu_quant_q8_rows.h) for any number of activation rows:
// each row rounded once; one row streams the codes split over threads, more
// go tile by tile of weight rows, every rounded row over a tile while it is
// in L2. A row's result is the same either way.
void q8_product(const rows::WeightView& w, const torch::Tensor& x, torch::Tensor& y) {
    const int64_t m = x.size(0);
    std::vector<rows::Q8Activation> rounded(static_cast<size_t>(m));
    parallel_chunks(m, 16, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i)
            rows::quantize_activation_q8(w, x.data_ptr<float>() + i * w.cols,
                                         rounded[static_cast<size_t>(i)]);
    });
    const auto run = [&](const rows::Q8Activation& row, int64_t begin, int64_t end, float* out) {
        if (w.bits == 8)
            rows::int8_rows_vnni(w, row, begin, end, out);
        else
            rows::int4_rows_vnni(w, row, begin, end, out);
    };
    float* out = y.data_ptr<float>();
    if (m == 1) {
        parallel_chunks(w.rows, gemv_chunk(w), [&](int64_t begin, int64_t end) {
            run(rounded[0], begin, end, out + begin);
        });
        return;
    }
    const int64_t tile =
        std::max<int64_t>(rows::kRows, kQ8TileBytes / std::max<int64_t>(1, w.row_bytes));
    const int64_t tiles = (w.rows + tile - 1) / tile;
    parallel_chunks(tiles, 1, [&](int64_t first, int64_t last) {
        for (int64_t t = first; t < last; ++t) {
            const int64_t begin = t * tile;
            const int64_t end = std::min(w.rows, begin + tile);
            for (int64_t i = 0; i < m; ++i)
                run(rounded[static_cast<size_t>(i)], begin, end, out + i * w.rows + begin);
        }
    });
}

}  // namespace

CpuKernelPath cpu_kernel_path() {
    const char* forced = std::getenv(kEnv);
    if (forced != nullptr && std::string(forced) == "portable")
        return CpuKernelPath::portable;
    // "avx2": the bench's same-run comparison with the AVX-512 path.
    if (forced != nullptr && std::string(forced) == "avx2" && cpu_has_avx2())
        return CpuKernelPath::avx2;
    // "avx512": the exact-activation path where the integer one is the default.
    if (forced != nullptr && std::string(forced) == "avx512" && cpu_has_avx512())
        return CpuKernelPath::avx512;
    if (cpu_has_vnni())
        return CpuKernelPath::vnni;
    if (cpu_has_avx512())
        return CpuKernelPath::avx512;
    return cpu_has_avx2() ? CpuKernelPath::avx2 : CpuKernelPath::portable;
}

std::string cpu_kernel_name(CpuKernelPath path) {
    switch (path) {
        case CpuKernelPath::avx2:
            return "avx2";
        case CpuKernelPath::avx512:
            return "avx512";
        case CpuKernelPath::vnni:
            return "avx512-vnni";
        default:
            return "portable";
    }
}

CpuKernelPath cpu_kernel_path_for(const QuantScheme& scheme) {
    const CpuKernelPath path = cpu_kernel_path();
    const char* forced = std::getenv(kEnv);
    const bool integer_forced = forced != nullptr && std::string(forced) == "vnni";
    if (path == CpuKernelPath::vnni && scheme.bits == 8 && !integer_forced)
        return CpuKernelPath::avx512;
    return path;
}

bool cpu_path_rounds_activations(CpuKernelPath path) {
    return path == CpuKernelPath::vnni;
}

bool cpu_path_supported(CpuKernelPath path) {
    switch (path) {
        case CpuKernelPath::avx2:
            return cpu_has_avx2();
        case CpuKernelPath::avx512:
            return cpu_has_avx512();
        case CpuKernelPath::vnni:
            return cpu_has_vnni();
        default:
            return true;
    }
}

torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w) {
    return cpu_quantized_matmul(x, w, cpu_kernel_path_for(w.scheme));
}

torch::Tensor cpu_quantized_matmul(const torch::Tensor& x, const QuantizedWeight& w,
                                   CpuKernelPath path) {
    if (!cpu_path_supported(path))
        throw Error("quantized CPU product: this CPU lacks the " + cpu_kernel_name(path) + " path" +
                    (path == CpuKernelPath::vnni     ? " (AVX-512 F/BW/VL/VNNI, AVX2, FMA and F16C)"
                     : path == CpuKernelPath::avx512 ? " (AVX-512 F/BW/VL, AVX2, FMA and F16C)"
                                                     : " (AVX2, FMA and F16C)"));
    const rows::WeightView view = view_of(w);
    check_activations(x, view);
    const int64_t m = x.size(0);
    auto y = torch::empty({m, view.rows}, torch::kFloat32);  // (m, rows)
    if (m == 0 || view.rows == 0)
        return y;
    if (path == CpuKernelPath::vnni) {
        if (rows::q8_path_takes(view)) {
            q8_product(view, x, y);
            return y;
        }
        path = CpuKernelPath::avx512;  // a group no scheme makes: the float kernels
    }
    if (m == 1)
        gemv(view, x.data_ptr<float>(), y.data_ptr<float>(), path);
    else
        blocked(view, x, y, path);
    return y;
}

}  // namespace facellava::model::quant
