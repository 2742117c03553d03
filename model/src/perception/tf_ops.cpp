#include "perception/tf_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace facellava::perception {
namespace {

namespace F = torch::nn::functional;

// Depthwise 3×3 (groups = C, no bias) with `pad_h`/`pad_w` zeros on both
// sides, then pointwise 1×1 + bias.
torch::Tensor separable_conv_padded(const torch::Tensor& x, const SeparableConv& conv,
                                    int64_t stride, int64_t pad_h, int64_t pad_w) {
    const auto depthwise =
        F::conv2d(x, conv.depthwise,
                  F::Conv2dFuncOptions().stride(stride).padding({pad_h, pad_w}).groups(x.size(1)));
    return F::conv2d(depthwise, conv.pointwise, F::Conv2dFuncOptions().bias(conv.bias));
}

// TF "same" padding of both axes, and whether it is the same on both sides of
// each, so the op's own zero padding can do it without a padded copy.
struct SamePads {
    SamePad h, w;
    bool symmetric() const { return h.before == h.after && w.before == w.after; }
};

SamePads same_pads(const torch::Tensor& x, int64_t kernel, int64_t stride) {
    return {same_padding(x.size(2), kernel, stride), same_padding(x.size(3), kernel, stride)};
}

// Output length of max_pool2d with ceil_mode and no padding (LibTorch drops a
// last window that would start past the input).
int64_t ceil_mode_pool_length(int64_t size, int64_t kernel, int64_t stride) {
    int64_t out = (size - kernel + stride - 1) / stride + 1;
    if ((out - 1) * stride >= size)
        --out;
    return out;
}

}  // namespace

SamePad same_padding(int64_t size, int64_t kernel, int64_t stride) {
    const int64_t out = (size + stride - 1) / stride;  // ceil(n/s)
    const int64_t total = std::max<int64_t>((out - 1) * stride + kernel - size, 0);
    return {total / 2, total - total / 2};
}

Conv load_conv(TfjsWeights& w, const std::string& prefix, int64_t kernel, int64_t in, int64_t out) {
    return {conv_weight_from_tf(w.take(prefix + "/filters", {kernel, kernel, in, out})),
            w.take(prefix + "/bias", {out})};
}

SeparableConv load_separable_conv(TfjsWeights& w, const std::string& prefix, int64_t in,
                                  int64_t out) {
    return {depthwise_weight_from_tf(w.take(prefix + "/depthwise_filter", {3, 3, in, 1})),
            conv_weight_from_tf(w.take(prefix + "/pointwise_filter", {1, 1, in, out})),
            w.take(prefix + "/bias", {out})};
}

Dense load_dense(TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out) {
    return {linear_weight_from_tf(w.take(prefix + "/weights", {in, out})),
            w.take(prefix + "/bias", {out})};
}

void append_tensors(NamedTensorList& out, const std::string& prefix, const Conv& layer) {
    out.emplace_back(prefix + ".weight", layer.weight);
    out.emplace_back(prefix + ".bias", layer.bias);
}

void append_tensors(NamedTensorList& out, const std::string& prefix, const SeparableConv& layer) {
    out.emplace_back(prefix + ".depthwise", layer.depthwise);
    out.emplace_back(prefix + ".pointwise", layer.pointwise);
    out.emplace_back(prefix + ".bias", layer.bias);
}

void append_tensors(NamedTensorList& out, const std::string& prefix, const Dense& layer) {
    out.emplace_back(prefix + ".weight", layer.weight);
    out.emplace_back(prefix + ".bias", layer.bias);
}

torch::Tensor to_net_layout(const torch::Tensor& x) {
    return x.is_cpu() ? x.contiguous(at::MemoryFormat::ChannelsLast) : x;
}

torch::Tensor pad_constant(const torch::Tensor& x, int64_t top, int64_t bottom, int64_t left,
                           int64_t right, double value) {
    TORCH_CHECK(x.dim() == 4 && top >= 0 && bottom >= 0 && left >= 0 && right >= 0,
                "pad_constant expects [N,C,H,W] and non-negative pads, got ", x.sizes());
    if (top == 0 && bottom == 0 && left == 0 && right == 0)
        return x;
    const auto out =
        at::empty({x.size(0), x.size(1), x.size(2) + top + bottom, x.size(3) + left + right},
                  x.options().memory_format(x.suggest_memory_format()));
    out.fill_(value);
    out.narrow(2, top, x.size(2)).narrow(3, left, x.size(3)).copy_(x);
    return out;
}

torch::Tensor pad_same(const torch::Tensor& x, int64_t kernel, int64_t stride, double value) {
    const SamePad ph = same_padding(x.size(2), kernel, stride);
    const SamePad pw = same_padding(x.size(3), kernel, stride);
    return pad_constant(x, ph.before, ph.after, pw.before, pw.after, value);
}

torch::Tensor conv2d_same(const torch::Tensor& x, const Conv& conv, int64_t stride) {
    const SamePads pads = same_pads(x, conv.weight.size(2), stride);
    if (pads.symmetric()) {
        return F::conv2d(x, conv.weight,
                         F::Conv2dFuncOptions().bias(conv.bias).stride(stride).padding(
                             {pads.h.before, pads.w.before}));
    }
    return F::conv2d(pad_same(x, conv.weight.size(2), stride), conv.weight,
                     F::Conv2dFuncOptions().bias(conv.bias).stride(stride));
}

torch::Tensor conv2d_valid(const torch::Tensor& x, const Conv& conv) {
    return F::conv2d(x, conv.weight, F::Conv2dFuncOptions().bias(conv.bias));
}

torch::Tensor separable_conv_same(const torch::Tensor& x, const SeparableConv& conv,
                                  int64_t stride) {
    // TF pads for the depthwise step only; the 1×1 pointwise step needs none.
    const SamePads pads = same_pads(x, conv.depthwise.size(2), stride);
    if (pads.symmetric())
        return separable_conv_padded(x, conv, stride, pads.h.before, pads.w.before);
    const auto padded = pad_same(x, conv.depthwise.size(2), stride);
    return separable_conv_padded(padded, conv, stride, 0, 0);
}

torch::Tensor separable_conv_zero_padded(const torch::Tensor& x, const SeparableConv& conv,
                                         int64_t pad) {
    return separable_conv_padded(x, conv, 1, pad, pad);
}

torch::Tensor max_pool_same(const torch::Tensor& x, int64_t kernel, int64_t stride) {
    // max_pool2d's own padding never wins the max, as TF's −inf padding;
    // it pads both sides alike.
    const SamePads pads = same_pads(x, kernel, stride);
    if (pads.symmetric())
        return torch::max_pool2d(x, {kernel, kernel}, {stride, stride},
                                 {pads.h.before, pads.w.before});
    // Padding only after: ceil_mode's clipped last window is that window,
    // when it yields TF's length, ceil(n / stride), on both axes.
    const auto tf_length = [&](int64_t n) { return (n + stride - 1) / stride; };
    if (pads.h.before == 0 && pads.w.before == 0 &&
        ceil_mode_pool_length(x.size(2), kernel, stride) == tf_length(x.size(2)) &&
        ceil_mode_pool_length(x.size(3), kernel, stride) == tf_length(x.size(3)))
        return torch::max_pool2d(x, {kernel, kernel}, {stride, stride}, {0, 0}, {1, 1},
                                 /*ceil_mode=*/true);
    const auto padded = pad_same(x, kernel, stride, -std::numeric_limits<double>::infinity());
    return torch::max_pool2d(padded, {kernel, kernel}, {stride, stride});
}

namespace {

// face-api's leaky ReLU of one value: separate statements, as the ops are
// separate, so each result is rounded to float before the next (no fused
// multiply-add).
inline float faceapi_leaky(float v) {
    const float min = v * 0.1f;
    float diff = v - min;
    diff = diff < 0.0f ? 0.0f : diff;  // relu; NaN stays NaN as in torch
    return diff + min;
}

#if defined(__SSE2__)
// The same in four lanes (x86-64 always has SSE2; -O2 leaves the scalar
// loops unvectorised).
inline __m128 faceapi_leaky(__m128 v) {
    const __m128 min = _mm_mul_ps(v, _mm_set1_ps(0.1f));
    // MAXPS returns its second operand when either is NaN, so NaN stays NaN;
    // v − 0.1v is never −0, so the sign of zero is moot.
    const __m128 relu = _mm_max_ps(_mm_setzero_ps(), _mm_sub_ps(v, min));
    return _mm_add_ps(relu, min);
}

// LibTorch's max-pool step: the new value wins when greater or NaN.
inline __m128 max_pool_step(__m128 best, __m128 v) {
    const __m128 wins = _mm_or_ps(_mm_cmpgt_ps(v, best), _mm_cmpunord_ps(v, v));
    return _mm_or_ps(_mm_and_ps(wins, v), _mm_andnot_ps(wins, best));
}
#endif

inline float max_pool_step(float best, float v) {
    return v > best || std::isnan(v) ? v : best;
}

}  // namespace

torch::Tensor faceapi_leaky_relu(const torch::Tensor& x) {
    if (!x.is_cpu() || x.scalar_type() != torch::kFloat32 || !x.is_non_overlapping_and_dense()) {
        const auto min = x * 0.1f;
        return torch::relu(x - min) + min;
    }
    // empty_like keeps a dense tensor's strides, so element i of the storage
    // maps to element i of the output in any layout.
    auto out = torch::empty_like(x);
    const float* in = x.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    at::parallel_for(0, x.numel(), 1 << 16, [&](int64_t begin, int64_t end) {
        int64_t i = begin;
#if defined(__SSE2__)
        for (; i + 4 <= end; i += 4)
            _mm_storeu_ps(dst + i, faceapi_leaky(_mm_loadu_ps(in + i)));
#endif
        for (; i < end; ++i)
            dst[i] = faceapi_leaky(in[i]);
    });
    return out;
}

torch::Tensor faceapi_leaky_relu_max_pool(const torch::Tensor& x) {
    if (!x.is_cpu() || x.scalar_type() != torch::kFloat32 || x.dim() != 4 ||
        !x.is_contiguous(at::MemoryFormat::ChannelsLast))
        return max_pool_same(faceapi_leaky_relu(x), 2, 2);
    const int64_t batch = x.size(0), channels = x.size(1), height = x.size(2), width = x.size(3);
    // TF "same", kernel 2, stride 2: ceil(n/2) outputs, an odd row or column
    // padded after with −inf, i.e. the last window holds only what exists.
    const int64_t out_h = (height + 1) / 2, out_w = (width + 1) / 2;
    auto out = torch::empty({batch, channels, out_h, out_w},
                            x.options().memory_format(at::MemoryFormat::ChannelsLast));
    const float* in = x.data_ptr<float>();
    float* dst = out.data_ptr<float>();
    constexpr float kMinusInf = -std::numeric_limits<float>::infinity();
    // One output row of one image per step; in memory [N,H,W,C].
    at::parallel_for(0, batch * out_h, 16, [&](int64_t begin, int64_t end) {
        for (int64_t row = begin; row < end; ++row) {
            const int64_t n = row / out_h, oy = row % out_h;
            const int64_t y_end = std::min(height, 2 * oy + 2);
            for (int64_t ox = 0; ox < out_w; ++ox) {
                const int64_t x_end = std::min(width, 2 * ox + 2);
                float* o = dst + (row * out_w + ox) * channels;
                // LibTorch's order: from −inf, row by row, column by column.
                const auto window = [&](int64_t c, auto best, auto load) {
                    for (int64_t y = 2 * oy; y < y_end; ++y)
                        for (int64_t xx = 2 * ox; xx < x_end; ++xx)
                            best = max_pool_step(
                                best, faceapi_leaky(load(
                                          in + ((n * height + y) * width + xx) * channels + c)));
                    return best;
                };
                int64_t c = 0;
#if defined(__SSE2__)
                for (; c + 4 <= channels; c += 4)
                    _mm_storeu_ps(o + c, window(c, _mm_set1_ps(kMinusInf),
                                                [](const float* p) { return _mm_loadu_ps(p); }));
#endif
                for (; c < channels; ++c)
                    o[c] = window(c, kMinusInf, [](const float* p) { return *p; });
            }
        }
    });
    return out;
}

torch::Tensor dense(const torch::Tensor& x, const Dense& fc) {
    return torch::linear(x, fc.weight, fc.bias);
}

LegacyResizeAxis legacy_resize_axis(int64_t in_size, int64_t out_size) {
    LegacyResizeAxis axis;
    axis.lo.resize(size_t(out_size));
    axis.hi.resize(size_t(out_size));
    axis.frac.resize(size_t(out_size));
    // TF.js: effectiveRowSizeRatio = in / out; src = ratio · d (no half-pixel shift).
    const double ratio = double(in_size) / double(out_size);
    for (int64_t d = 0; d < out_size; ++d) {
        const double src = ratio * double(d);
        const double lo = std::max(0.0, std::floor(src));
        axis.lo[size_t(d)] = int64_t(lo);
        axis.hi[size_t(d)] = std::min<int64_t>(in_size - 1, int64_t(std::ceil(src)));
        axis.frac[size_t(d)] = src - lo;
    }
    return axis;
}

torch::Tensor resize_bilinear_legacy(const torch::Tensor& images, int64_t out_h, int64_t out_w,
                                     Layout layout) {
    TORCH_CHECK(images.dim() == 4, "resize_bilinear_legacy expects a 4-D tensor, got ",
                images.sizes());
    const int64_t hdim = layout == Layout::NHWC ? 1 : 2;
    const int64_t wdim = hdim + 1;
    const auto rows = legacy_resize_axis(images.size(hdim), out_h);
    const auto cols = legacy_resize_axis(images.size(wdim), out_w);
    const auto opts = torch::TensorOptions().device(images.device());
    const auto index = [&](const std::vector<int64_t>& v) {
        return torch::tensor(v, opts.dtype(torch::kLong));
    };
    // A weight vector shaped to broadcast along `dim` of a 4-D tensor.
    const auto weight = [&](const std::vector<double>& v, int64_t dim) {
        std::vector<int64_t> shape(4, 1);
        shape[size_t(dim)] = int64_t(v.size());
        return torch::tensor(v, opts.dtype(torch::kFloat64)).reshape(shape);
    };
    const auto x = images.to(torch::kFloat64);
    const auto top = x.index_select(hdim, index(rows.lo));     // rows of the upper neighbours
    const auto bottom = x.index_select(hdim, index(rows.hi));  // rows of the lower neighbours
    const auto col_lo = index(cols.lo), col_hi = index(cols.hi);
    const auto cf = weight(cols.frac, wdim), rf = weight(rows.frac, hdim);
    // Same operation order as TF.js: top = tl + (tr − tl)·cf; v = top + (bottom − top)·rf.
    const auto tl = top.index_select(wdim, col_lo), tr = top.index_select(wdim, col_hi);
    const auto bl = bottom.index_select(wdim, col_lo), br = bottom.index_select(wdim, col_hi);
    const auto t = tl + (tr - tl) * cf;
    const auto b = bl + (br - bl) * cf;
    return (t + (b - t) * rf).to(torch::kFloat32);
}

}  // namespace facellava::perception
