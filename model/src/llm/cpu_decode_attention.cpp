#include "llm/cpu_decode_attention.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "facellava/core/error.h"
#include "runtime/cpu_features.h"
#include "runtime/cpu_helper_thread.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define FACELLAVA_HAS_X86 1
#define FACELLAVA_AVX2 __attribute__((target("avx2,fma")))
#endif

namespace facellava::model {
namespace {

// --- the plain loops: the reference and the fallback -----------------------

float dot_portable(const float* a, const float* b, int64_t n) {
    float sum = 0.0f;
    for (int64_t i = 0; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

void axpy_portable(float alpha, const float* x, float* y, int64_t n) {
    for (int64_t i = 0; i < n; ++i)
        y[i] += alpha * x[i];
}

#ifdef FACELLAVA_HAS_X86
FACELLAVA_AVX2 float dot_avx2(const float* a, const float* b, int64_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    const __m256 acc = _mm256_add_ps(acc0, acc1);
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    float sum = _mm_cvtss_f32(s);
    for (; i < n; ++i)
        sum += a[i] * b[i];
    return sum;
}

FACELLAVA_AVX2 void axpy_avx2(float alpha, const float* x, float* y, int64_t n) {
    const __m256 a = _mm256_set1_ps(alpha);
    int64_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(a, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i)
        y[i] += alpha * x[i];
}
#endif

using Dot = float (*)(const float*, const float*, int64_t);
using Axpy = void (*)(float, const float*, float*, int64_t);

// One (row, head): softmax over the row's keys of q·k · scale, then Σ p v.
// `scores` has room for every key of the row.
void attend_one(const float* q, const DecodeRowKeys& row, int64_t kv_head, int64_t d, float scale,
                float* scores, float* out, Dot dot, Axpy axpy) {
    const float* pk = row.prefix_keys + kv_head * row.prefix_head_stride;
    const float* sk = row.suffix_keys + kv_head * row.suffix_head_stride;
    const int64_t p = row.prefix_length, total = p + row.suffix_length;
    float best = -std::numeric_limits<float>::infinity();
    for (int64_t j = 0; j < p; ++j)
        best = std::max(best, scores[j] = dot(q, pk + j * d, d) * scale);
    for (int64_t j = p; j < total; ++j)
        best = std::max(best, scores[j] = dot(q, sk + (j - p) * d, d) * scale);
    float sum = 0.0f;
    for (int64_t j = 0; j < total; ++j)
        sum += scores[j] = std::exp(scores[j] - best);
    std::memset(out, 0, size_t(d) * sizeof(float));
    const float inv = 1.0f / sum;
    const float* pv = row.prefix_values + kv_head * row.prefix_head_stride;
    const float* sv = row.suffix_values + kv_head * row.suffix_head_stride;
    for (int64_t j = 0; j < p; ++j)
        axpy(scores[j] * inv, pv + j * d, out, d);
    for (int64_t j = p; j < total; ++j)
        axpy(scores[j] * inv, sv + (j - p) * d, out, d);
}

}  // namespace

CpuAttentionPath cpu_attention_path() {
    const char* env = std::getenv("FACELLAVA_CPU_ATTENTION");
    const std::string asked = env != nullptr ? env : "";
    if (asked == "aten")
        return CpuAttentionPath::aten;
#ifdef FACELLAVA_HAS_X86
    if (asked != "portable" && cpu_has_avx2_fma())
        return CpuAttentionPath::avx2;
#endif
    return CpuAttentionPath::portable;
}

torch::Tensor cpu_decode_attention(const torch::Tensor& q, const std::vector<DecodeRowKeys>& rows,
                                   int64_t kv_heads, double scale, CpuAttentionPath path) {
    if (path == CpuAttentionPath::aten)
        throw Error("cpu_decode_attention called with the ATen path");
    if (!q.device().is_cpu() || q.scalar_type() != torch::kFloat32 || q.dim() != 3 ||
        !q.is_contiguous() || q.size(0) != int64_t(rows.size()) || kv_heads < 1 ||
        q.size(1) % kv_heads != 0)
        throw Error(
            "CPU decode attention takes q (rows, heads, head_dim) float32 contiguous on "
            "the CPU with heads a multiple of " +
            std::to_string(kv_heads) + ", got " + c10::str(q.sizes(), " ", q.scalar_type()));
    int64_t longest = 0;
    for (const auto& r : rows) {
        if (r.prefix_length + r.suffix_length < 1)
            throw Error("a decode row without any key to attend");
        longest = std::max(longest, r.prefix_length + r.suffix_length);
    }
    const int64_t n = q.size(0), heads = q.size(1), d = q.size(2), group = heads / kv_heads;
    auto out = torch::empty_like(q);
    Dot dot = dot_portable;
    Axpy axpy = axpy_portable;
#ifdef FACELLAVA_HAS_X86
    if (path == CpuAttentionPath::avx2) {
        if (!cpu_has_avx2_fma())
            throw Error("this CPU lacks AVX2 + FMA for the decode attention");
        dot = dot_avx2;
        axpy = axpy_avx2;
    }
#endif
    const float* qp = q.data_ptr<float>();
    float* op = out.data_ptr<float>();
    const float s = float(scale);
    // Enough (row, head) pairs per task that a thread's start-up pays.
    const int64_t grain = std::max<int64_t>(1, 32768 / std::max<int64_t>(1, longest * d));
    cpu_helper_thread::parallel_chunks(n * heads, grain, [&](int64_t first, int64_t last) {
        std::vector<float> scores(static_cast<size_t>(longest));
        for (int64_t i = first; i < last; ++i) {
            const int64_t row = i / heads, head = i % heads;
            attend_one(qp + i * d, rows[size_t(row)], head / group, d, s, scores.data(), op + i * d,
                       dot, axpy);
        }
    });
    return out;
}

}  // namespace facellava::model
