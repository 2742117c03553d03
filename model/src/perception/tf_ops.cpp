#include "perception/tf_ops.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace facellava::perception {
namespace {

namespace F = torch::nn::functional;

// Depthwise 3×3 (groups = C, no bias) then pointwise 1×1 + bias, on an input
// that is already padded.
torch::Tensor separable_conv_unpadded(const torch::Tensor& x, const SeparableConv& conv,
                                      int64_t stride) {
    const auto depthwise =
        F::conv2d(x, conv.depthwise, F::Conv2dFuncOptions().stride(stride).groups(x.size(1)));
    return F::conv2d(depthwise, conv.pointwise, F::Conv2dFuncOptions().bias(conv.bias));
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

torch::Tensor pad_same(const torch::Tensor& x, int64_t kernel, int64_t stride, double value) {
    const SamePad ph = same_padding(x.size(2), kernel, stride);
    const SamePad pw = same_padding(x.size(3), kernel, stride);
    if (ph.before == 0 && ph.after == 0 && pw.before == 0 && pw.after == 0)
        return x;
    // constant_pad_nd takes (left, right, top, bottom) for the last two dims.
    return torch::constant_pad_nd(x, {pw.before, pw.after, ph.before, ph.after}, value);
}

torch::Tensor conv2d_same(const torch::Tensor& x, const Conv& conv, int64_t stride) {
    return F::conv2d(pad_same(x, conv.weight.size(2), stride), conv.weight,
                     F::Conv2dFuncOptions().bias(conv.bias).stride(stride));
}

torch::Tensor conv2d_valid(const torch::Tensor& x, const Conv& conv) {
    return F::conv2d(x, conv.weight, F::Conv2dFuncOptions().bias(conv.bias));
}

torch::Tensor separable_conv_same(const torch::Tensor& x, const SeparableConv& conv,
                                  int64_t stride) {
    // TF pads for the depthwise step only; the 1×1 pointwise step needs none.
    const auto padded = pad_same(x, conv.depthwise.size(2), stride);
    return separable_conv_unpadded(padded, conv, stride);
}

torch::Tensor separable_conv_valid(const torch::Tensor& x, const SeparableConv& conv) {
    return separable_conv_unpadded(x, conv, 1);
}

torch::Tensor max_pool_same(const torch::Tensor& x, int64_t kernel, int64_t stride) {
    const auto padded = pad_same(x, kernel, stride, -std::numeric_limits<double>::infinity());
    return torch::max_pool2d(padded, {kernel, kernel}, {stride, stride});
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
