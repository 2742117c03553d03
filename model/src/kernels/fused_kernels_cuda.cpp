// The fused kernels on a CUDA build: checks the tensors' shapes and layout,
// then launches on the current stream (so CUDA graphs capture them).
#include <c10/cuda/CUDAGuard.h>
#include <c10/cuda/CUDAStream.h>

#include "facellava/core/error.h"
#include "kernels/fused_kernels.h"
#include "kernels/fused_launch.h"

namespace facellava::model::kernels {

namespace {

launch::Dtype dtype_of(torch::ScalarType type) {
    switch (type) {
        case torch::kFloat32:
            return launch::Dtype::Float32;
        case torch::kFloat16:
            return launch::Dtype::Float16;
        case torch::kBFloat16:
            return launch::Dtype::BFloat16;
        default:
            throw Error(std::string("fused CUDA kernels take float32, float16 or bfloat16, got ") +
                        c10::toString(type));
    }
}

launch::Dtype dtype_of(const torch::Tensor& t) {
    return dtype_of(t.scalar_type());
}

void require(bool condition, const std::string& kernel, const std::string& what) {
    if (!condition)
        throw Error("fused kernel " + kernel + ": " + what);
}

void require_like(const torch::Tensor& t, const torch::Tensor& like, const std::string& kernel,
                  const char* name) {
    require(t.defined() && t.is_cuda() && t.device() == like.device() &&
                t.scalar_type() == like.scalar_type(),
            kernel, std::string(name) + " must be a CUDA tensor of the input's dtype and device");
}

void* current_stream(const torch::Tensor& on) {
    return c10::cuda::getCurrentCUDAStream(on.device().index()).stream();
}

void check_launch(const char* error, const std::string& kernel) {
    if (error != nullptr)
        throw Error("fused kernel " + kernel + " failed to launch: " + error);
}

}  // namespace

bool built() {
    return true;
}

torch::Tensor gemv(const torch::Tensor& x, const torch::Tensor& weight) {
    require(x.is_cuda(), "gemv", "x must be a CUDA tensor");
    require_like(weight, x, "gemv", "weight");
    require(weight.dim() == 2 && weight.is_contiguous() && x.is_contiguous() &&
                x.numel() == weight.size(1),
            "gemv", "x must be one contiguous row of the contiguous weight's columns");
    c10::cuda::CUDAGuard guard(x.device());
    auto sizes = x.sizes().vec();
    sizes.back() = weight.size(0);
    auto y = torch::empty(sizes, x.options());
    check_launch(launch::gemv(dtype_of(x), weight.data_ptr(), x.data_ptr(), y.data_ptr(),
                              weight.size(0), weight.size(1), current_stream(x)),
                 "gemv");
    return y;
}

namespace {

// rms_norm() and add_rms_norm(): one kernel; `delta` undefined for the norm alone.
std::pair<torch::Tensor, torch::Tensor> norm_rows(const torch::Tensor& x,
                                                  const torch::Tensor& delta,
                                                  const torch::Tensor& weight, double eps,
                                                  const std::string& kernel) {
    const int64_t cols = x.size(-1);
    require(x.is_cuda() && x.numel() > 0, kernel, "x must be a non-empty CUDA tensor");
    require_like(weight, x, kernel, "weight");
    require(weight.numel() == cols && weight.is_contiguous(), kernel,
            "weight must hold one contiguous value per column");
    if (delta.defined()) {
        require_like(delta, x, kernel, "delta");
        require(delta.sizes() == x.sizes(), kernel, "delta must have x's shape");
    }
    c10::cuda::CUDAGuard guard(x.device());
    const auto input = x.contiguous();
    const auto added = delta.defined() ? delta.contiguous() : torch::Tensor();
    auto sum = delta.defined() ? torch::empty_like(input) : torch::Tensor();
    auto out = torch::empty_like(input);
    check_launch(launch::rms_norm(
                     dtype_of(x), input.data_ptr(), added.defined() ? added.data_ptr() : nullptr,
                     weight.data_ptr(), sum.defined() ? sum.data_ptr() : nullptr, out.data_ptr(),
                     input.numel() / cols, cols, static_cast<float>(eps), current_stream(x)),
                 kernel);
    return {sum, out};
}

}  // namespace

torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    return norm_rows(x, torch::Tensor(), weight, eps, "rms_norm").second;
}

std::pair<torch::Tensor, torch::Tensor> add_rms_norm(const torch::Tensor& x,
                                                     const torch::Tensor& delta,
                                                     const torch::Tensor& weight, double eps) {
    require(delta.defined(), "add_rms_norm", "delta must be defined");
    return norm_rows(x, delta, weight, eps, "add_rms_norm");
}

torch::Tensor silu_mul(const torch::Tensor& gate_up) {
    require(gate_up.is_cuda() && gate_up.numel() > 0 && gate_up.size(-1) % 2 == 0, "silu_mul",
            "gate_up must be a non-empty CUDA tensor with an even last dimension");
    c10::cuda::CUDAGuard guard(gate_up.device());
    const auto input = gate_up.contiguous();
    const int64_t inter = input.size(-1) / 2;
    auto sizes = input.sizes().vec();
    sizes.back() = inter;
    auto out = torch::empty(sizes, input.options());
    check_launch(launch::silu_mul(dtype_of(input), input.data_ptr(), out.data_ptr(),
                                  input.numel() / (2 * inter), inter, current_stream(input)),
                 "silu_mul");
    return out;
}

torch::Tensor rope_write_kv(const torch::Tensor& qkv, const torch::Tensor& position,
                            const torch::Tensor& inv_freq, const torch::Tensor& keys,
                            const torch::Tensor& values, int64_t heads, int64_t kv_heads) {
    const std::string kernel = "rope_write_kv";
    require(qkv.is_cuda() && qkv.dim() == 4 && qkv.size(1) == 1 &&
                qkv.size(2) == heads + 2 * kv_heads && qkv.size(3) % 2 == 0,
            kernel, "qkv must be (B, 1, heads + 2 kv_heads, even head_dim) on CUDA");
    const int64_t batch = qkv.size(0), head_dim = qkv.size(3);
    for (const auto* cache : {&keys, &values}) {
        require_like(*cache, qkv, kernel, "the cache");
        require(cache->dim() == 4 && cache->size(0) == batch && cache->size(1) == kv_heads &&
                    cache->size(3) == head_dim && cache->is_contiguous(),
                kernel, "caches must be contiguous (B, kv_heads, capacity, head_dim)");
    }
    require(position.is_cuda() && position.scalar_type() == torch::kInt64 && position.numel() == 1,
            kernel, "the position must be one int64 on the device");
    require(inv_freq.is_cuda() && inv_freq.scalar_type() == torch::kFloat32 &&
                inv_freq.numel() == head_dim / 2 && inv_freq.is_contiguous(),
            kernel, "inv_freq must be (head_dim / 2) float32 on the device");
    c10::cuda::CUDAGuard guard(qkv.device());
    const auto input = qkv.contiguous();
    auto q = torch::empty({batch, 1, heads, head_dim}, input.options());
    check_launch(launch::rope_write_kv(
                     dtype_of(input), input.data_ptr(), position.data_ptr<int64_t>(),
                     inv_freq.data_ptr<float>(), q.data_ptr(), keys.data_ptr(), values.data_ptr(),
                     batch, heads, kv_heads, head_dim, keys.size(2), current_stream(input)),
                 kernel);
    return q;
}

torch::Tensor decode_attention(const torch::Tensor& q, const torch::Tensor& keys,
                               const torch::Tensor& values, const torch::Tensor& position,
                               int64_t window, double scale) {
    const std::string kernel = "decode_attention";
    require(q.is_cuda() && q.dim() == 4 && q.size(1) == 1, kernel,
            "q must be (B, 1, heads, head_dim) on CUDA");
    const int64_t batch = q.size(0), heads = q.size(2), head_dim = q.size(3);
    for (const auto* cache : {&keys, &values}) {
        require_like(*cache, q, kernel, "the cache");
        require(cache->dim() == 4 && cache->size(0) == batch && cache->size(3) == head_dim &&
                    cache->is_contiguous() && cache->sizes() == keys.sizes(),
                kernel, "caches must be contiguous (B, kv_heads, capacity, head_dim)");
    }
    const int64_t kv_heads = keys.size(1);
    require(kv_heads > 0 && heads % kv_heads == 0, kernel,
            "query heads must be a multiple of key/value heads");
    require(window >= 1 && window <= keys.size(2), kernel,
            "the window must lie within the cache's capacity");
    require(position.is_cuda() && position.scalar_type() == torch::kInt64 && position.numel() == 1,
            kernel, "the position must be one int64 on the device");
    c10::cuda::CUDAGuard guard(q.device());
    const auto query = q.contiguous();
    auto out = torch::empty_like(query);
    const int64_t scratch =
        launch::decode_attention_workspace(dtype_of(query), batch, heads, head_dim, window);
    require(scratch > 0, kernel, "head_dim " + std::to_string(head_dim) + " is too wide");
    auto workspace = torch::empty({scratch}, query.options().dtype(torch::kFloat32));
    check_launch(launch::decode_attention(dtype_of(query), query.data_ptr(), keys.data_ptr(),
                                          values.data_ptr(), position.data_ptr<int64_t>(),
                                          workspace.data_ptr<float>(), out.data_ptr(), batch, heads,
                                          kv_heads, head_dim, keys.size(2), window,
                                          static_cast<float>(scale), current_stream(query)),
                 kernel);
    return out;
}

namespace {

// The codes, scales and zero points of `w` as quantized_weight.h stores them,
// contiguous CUDA tensors on `device`; returns the zero points' pointer (null
// when the scheme has none).
const uint8_t* check_quantized_tensors(const quant::QuantizedWeight& w, const torch::Device& device,
                                       const std::string& kernel) {
    const auto& s = w.scheme;
    require((s.bits == 8 && !s.zero_points) || (s.bits == 4 && s.group > 0), kernel,
            "the weight's scheme must be int8, or int4 with a positive group");
    const int64_t groups = s.bits == 8 ? 1 : (w.cols + s.group - 1) / s.group;
    const auto check = [&](const torch::Tensor& t, torch::Dtype dtype, int64_t cols,
                           const char* name) {
        require(t.defined() && t.is_cuda() && t.device() == device && t.scalar_type() == dtype &&
                    t.dim() == 2 && t.size(0) == w.rows && t.size(1) == cols && t.is_contiguous(),
                kernel,
                std::string(name) + " must be a contiguous (" + std::to_string(w.rows) + ", " +
                    std::to_string(cols) + ") " + c10::toString(dtype) + " tensor on " +
                    device.str());
    };
    check(w.data, s.bits == 8 ? torch::kInt8 : torch::kUInt8,
          s.bits == 8 ? w.cols : (w.cols + 1) / 2, "the codes");
    check(w.scales, torch::kFloat16, groups, "the scales");
    if (!s.zero_points)
        return nullptr;
    check(w.zeros, torch::kUInt8, groups, "the zero points");
    return w.zeros.data_ptr<uint8_t>();
}

}  // namespace

torch::Tensor quant_gemv(const torch::Tensor& x, const quant::QuantizedWeight& w) {
    const std::string kernel = "quant_gemv";
    require(
        x.is_cuda() && x.dim() >= 1 && x.is_contiguous() && x.numel() == w.cols, kernel,
        "x must be one contiguous CUDA row of the weight's " + std::to_string(w.cols) + " columns");
    const uint8_t* zeros = check_quantized_tensors(w, x.device(), kernel);
    c10::cuda::CUDAGuard guard(x.device());
    auto sizes = x.sizes().vec();
    sizes.back() = w.rows;
    auto y = torch::empty(sizes, x.options());
    check_launch(launch::quant_gemv(dtype_of(x), w.scheme.bits, w.data.data_ptr(),
                                    w.scales.data_ptr(), zeros, w.scheme.group, x.data_ptr(),
                                    y.data_ptr(), w.rows, w.cols, current_stream(x)),
                 kernel);
    return y;
}

torch::Tensor quant_dequantize(const quant::QuantizedWeight& w, torch::Dtype dtype) {
    const std::string kernel = "quant_dequantize";
    require(w.data.defined() && w.data.is_cuda(), kernel, "the codes must be on a CUDA device");
    const uint8_t* zeros = check_quantized_tensors(w, w.data.device(), kernel);
    c10::cuda::CUDAGuard guard(w.data.device());
    auto out = torch::empty({w.rows, w.cols}, w.data.options().dtype(dtype));
    check_launch(launch::quant_dequantize(dtype_of(dtype), w.scheme.bits, w.data.data_ptr(),
                                          w.scales.data_ptr(), zeros, w.scheme.group,
                                          out.data_ptr(), w.rows, w.cols, current_stream(w.data)),
                 kernel);
    return out;
}

}  // namespace facellava::model::kernels
