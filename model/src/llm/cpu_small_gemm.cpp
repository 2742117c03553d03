// cpu_small_gemm.h: picks the path, checks the tensors once, splits the output
// rows over threads and hands raw pointers to the row kernels
// (cpu_small_gemm_rows.h); also the portable row kernel, the reference.
#include "llm/cpu_small_gemm.h"

#include <algorithm>
#include <cstdlib>

#include "facellava/core/error.h"
#include "facellava/model/runtime.h"
#include "runtime/cpu_features.h"
#include "runtime/cpu_helper_thread.h"

namespace facellava::model {
namespace {

constexpr const char* kEnv = "FACELLAVA_SMALL_GEMM";
// A weight of at least this many bytes goes to two threads
// (runtime/cpu_helper_thread.h) in chunks of about kChunkBytes: 4 MB took
// 0.04 ms instead of 0.06-0.08; smaller ones cost more in hand-off than
// they save.
constexpr int64_t kTwoThreadMinBytes = 512 * 1024;
constexpr int64_t kChunkBytes = 128 * 1024;

bool cpu_has_avx2() {
    return cpu_has_avx2_fma();
}

bool cpu_has_avx512() {
    static const bool has = cpu_has_avx2() && cpu_has(CpuFeature::avx512f);
    return has;
}

SmallGemmPath best_path() {
    if (cpu_has_avx512())
        return SmallGemmPath::avx512;
    return cpu_has_avx2() ? SmallGemmPath::avx2 : SmallGemmPath::portable;
}

// The operands' shapes, without the path or gradient conditions.
bool operands_fit(const torch::Tensor& x, const torch::Tensor& weight, int64_t min_rows) {
    if (!x.defined() || !weight.defined() || x.dim() < 1 || weight.dim() != 2)
        return false;
    if (!x.device().is_cpu() || !weight.device().is_cpu() || x.scalar_type() != torch::kFloat32 ||
        weight.scalar_type() != torch::kFloat32 || x.is_sparse() || weight.is_sparse())
        return false;
    const int64_t k = weight.size(1);
    if (x.size(-1) != k || k == 0)
        return false;
    const int64_t rows = x.numel() / k;
    if (rows < min_rows || rows > kSmallGemmMaxRows)
        return false;
    // Rows back to back with stride K (the kernels walk one pointer per row):
    // for an (N, K) matrix that is contiguity, which a row block keeps.
    return weight.is_contiguous();
}

}  // namespace

namespace small_gemm_rows {

void rows_portable(const Operands& op, int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; ++r) {
        const float* w = op.w + r * op.k;
        for (int64_t i = 0; i < op.m; ++i) {
            const float* x = op.x + i * op.k;
            // Four partial sums: independent chains, and a summation order
            // closer to the vectorised paths'.
            float acc[4] = {0.0f, 0.0f, 0.0f, 0.0f};
            int64_t c = 0;
            for (; c + 4 <= op.k; c += 4)
                for (int t = 0; t < 4; ++t)
                    acc[t] += w[c + t] * x[c + t];
            for (; c < op.k; ++c)
                acc[0] += w[c] * x[c];
            op.y[i * op.n + r] = (acc[0] + acc[1]) + (acc[2] + acc[3]);
        }
    }
}

}  // namespace small_gemm_rows

SmallGemmPath small_gemm_path() {
    const char* forced = std::getenv(kEnv);
    if (forced != nullptr) {
        const std::string name(forced);
        if (name == "off")
            return SmallGemmPath::off;
        if (name == "portable")
            return SmallGemmPath::portable;
        // "avx2": the bench's same-run comparison with the AVX-512 path.
        if (name == "avx2" && cpu_has_avx2())
            return SmallGemmPath::avx2;
    }
    return best_path();
}

std::string small_gemm_name(SmallGemmPath path) {
    switch (path) {
        case SmallGemmPath::off:
            return "off";
        case SmallGemmPath::avx2:
            return "avx2";
        case SmallGemmPath::avx512:
            return "avx512";
        default:
            return "portable";
    }
}

bool small_gemm_supported(SmallGemmPath path) {
    switch (path) {
        case SmallGemmPath::avx2:
            return cpu_has_avx2();
        case SmallGemmPath::avx512:
            return cpu_has_avx512();
        default:
            return true;
    }
}

bool small_gemm_applies(const torch::Tensor& x, const torch::Tensor& weight) {
    if (torch::GradMode::is_enabled() && (x.requires_grad() || weight.requires_grad()))
        return false;  // no backward here: autograd's product must record it
    return operands_fit(x, weight, 2) && small_gemm_path() != SmallGemmPath::off;
}

torch::Tensor small_gemm(const torch::Tensor& x, const torch::Tensor& weight) {
    const SmallGemmPath path = small_gemm_path();
    if (path == SmallGemmPath::off)
        return torch::linear(x, weight);
    return small_gemm(x, weight, path);
}

torch::Tensor small_gemm(const torch::Tensor& x, const torch::Tensor& weight, SmallGemmPath path) {
    if (path == SmallGemmPath::off || !small_gemm_supported(path))
        throw Error("skinny GEMM: this CPU lacks the " + small_gemm_name(path) + " path");
    if (!operands_fit(x, weight, 1))
        throw Error(
            "skinny GEMM: x (..., K) and the weight (N, K) must be float32 CPU tensors "
            "with 1 to " +
                std::to_string(kSmallGemmMaxRows) +
                " rows of K and weight rows back to back, got x " +
                c10::str(x.sizes(), " ", x.scalar_type()) + " and weight " +
                c10::str(weight.sizes(), " stride ", weight.strides(), " ", weight.scalar_type()),
            {}, "small_gemm_applies() says which products qualify");
    const int64_t k = weight.size(1);
    const int64_t n = weight.size(0);
    const auto rows = x.reshape({-1, k}).contiguous();  // (m, K)
    auto sizes = x.sizes().vec();
    sizes.back() = n;
    auto y = torch::empty({rows.size(0), n}, x.options());  // (m, N)
    if (n == 0)
        return y.view(sizes);
    small_gemm_rows::Operands op;
    op.m = rows.size(0);
    op.k = k;
    op.n = n;
    op.x = rows.data_ptr<float>();
    op.w = weight.data_ptr<float>();
    op.y = y.data_ptr<float>();
    // Whole blocks of kWeightRows per task, each streaming ≥ kMinTaskBytes.
    const int64_t block = small_gemm_rows::kWeightRows;
    const int64_t blocks = (n + block - 1) / block;
    const int64_t block_bytes = block * k * 4;
    const auto run = [&](int64_t first, int64_t last) {
        const int64_t begin = first * block;
        const int64_t end = std::min(n, last * block);
        if (path == SmallGemmPath::avx512)
            small_gemm_rows::rows_avx512(op, begin, end);
        else if (path == SmallGemmPath::avx2)
            small_gemm_rows::rows_avx2(op, begin, end);
        else
            small_gemm_rows::rows_portable(op, begin, end);
    };
    if (n * k * 4 >= kTwoThreadMinBytes)
        cpu_helper_thread::parallel_chunks(blocks, std::max<int64_t>(1, kChunkBytes / block_bytes),
                                           run);
    else
        run(0, blocks);
    return y.view(sizes);
}

}  // namespace facellava::model
