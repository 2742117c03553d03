// TensorFlow(.js) op semantics that LibTorch does not have built in, for the
// face-api ports: TF "same" padding (asymmetric: the odd pixel goes to the
// bottom/right), "same" max-pool (padding never wins the max), separable conv,
// and TF's legacy bilinear resize. All tensors are NCHW float32 unless said.
//
// Thread-safety: free functions on immutable inputs; safe to call concurrently.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "perception/tfjs_weights.h"
#include "torch_pch.h"

namespace facellava::perception {

// Padding of one axis under TF "same": total = max((ceil(n/s)−1)·s + k − n, 0),
// floor(total/2) before, the rest after.
struct SamePad {
    int64_t before = 0;
    int64_t after = 0;
};
SamePad same_padding(int64_t size, int64_t kernel, int64_t stride);

// Layers in LibTorch layout, loaded from face-api names.
struct Conv {
    torch::Tensor weight;  // [out, in, kh, kw]
    torch::Tensor bias;    // [out]
};
struct SeparableConv {
    torch::Tensor depthwise;  // [C, 1, kh, kw], groups = C, no bias
    torch::Tensor pointwise;  // [out, C, 1, 1]
    torch::Tensor bias;       // [out], added after the pointwise conv
};
struct Dense {
    torch::Tensor weight;  // [out, in]
    torch::Tensor bias;    // [out]
};

// The tensors of loaded layers as "<prefix>.<field>" handles (the same
// tensors, not copies), so an owner can register them on a torch module and
// move them between devices and dtypes in place.
using NamedTensorList = std::vector<std::pair<std::string, torch::Tensor>>;
void append_tensors(NamedTensorList& out, const std::string& prefix, const Conv& layer);
void append_tensors(NamedTensorList& out, const std::string& prefix, const SeparableConv& layer);
void append_tensors(NamedTensorList& out, const std::string& prefix, const Dense& layer);

// `<prefix>/filters` [k,k,in,out] + `<prefix>/bias`.
Conv load_conv(TfjsWeights& w, const std::string& prefix, int64_t kernel, int64_t in, int64_t out);
// `<prefix>/depthwise_filter` [3,3,in,1], `/pointwise_filter` [1,1,in,out], `/bias`.
SeparableConv load_separable_conv(TfjsWeights& w, const std::string& prefix, int64_t in,
                                  int64_t out);
// `<prefix>/weights` [in,out] + `<prefix>/bias`.
Dense load_dense(TfjsWeights& w, const std::string& prefix, int64_t in, int64_t out);

// The memory layout the nets run in: channels-last (NHWC in memory, still
// indexed [N,C,H,W]) on the CPU, where oneDNN's convolutions and LibTorch's
// max-pool are vectorised over channels; on a GPU the tensor is returned as is.
// Measured on 2 EPYC cores, one thread: the detector's NCHW max-pools took 29
// of its 88 ms and its depthwise convs 3.7 ms; channels-last, 4.8 and 1.1 ms.
torch::Tensor to_net_layout(const torch::Tensor& x);

// x [N,C,H,W] padded with `value`: `top`/`bottom` rows, `left`/`right`
// columns. Keeps x's memory layout (constant_pad_nd returns NCHW, which would
// cost a layout change after every pad on the channels-last CPU path).
torch::Tensor pad_constant(const torch::Tensor& x, int64_t top, int64_t bottom, int64_t left,
                           int64_t right, double value = 0.0);
// Zero-pads x [N,C,H,W] as TF "same" would for this kernel and stride.
torch::Tensor pad_same(const torch::Tensor& x, int64_t kernel, int64_t stride, double value = 0.0);
// tf.conv2d(x, filters, stride, 'same') + bias.
torch::Tensor conv2d_same(const torch::Tensor& x, const Conv& conv, int64_t stride);
// tf.conv2d(x, filters, 1, 'valid') + bias.
torch::Tensor conv2d_valid(const torch::Tensor& x, const Conv& conv);
// tf.separableConv2d(x, dw, pw, stride, 'same') + bias.
torch::Tensor separable_conv_same(const torch::Tensor& x, const SeparableConv& conv,
                                  int64_t stride);
// tf.separableConv2d(tf.pad(x, pad zeros on every side), dw, pw, 1, 'valid')
// + bias, without the padded copy.
torch::Tensor separable_conv_zero_padded(const torch::Tensor& x, const SeparableConv& conv,
                                         int64_t pad);
// tf.maxPool(x, k, stride, 'same'): pads with −inf so padding never wins.
torch::Tensor max_pool_same(const torch::Tensor& x, int64_t kernel, int64_t stride);
// face-api's leaky ReLU, relu(x − 0.1x) + 0.1x, rounded as those four float
// ops round. On a dense float32 CPU tensor one pass instead of four (the four
// took 57 % of the detector's time on its 16×414×414 maps); else the ops.
torch::Tensor faceapi_leaky_relu(const torch::Tensor& x);
// max_pool_same(faceapi_leaky_relu(x), 2, 2) with the same bits; on a
// channels-last float32 CPU tensor in one pass, without the full-size
// activation map or the pool's indices (the tiny face detector's first two
// such steps took 2.5 of its 13 ms on 16×414×414 and 32×207×207 maps).
torch::Tensor faceapi_leaky_relu_max_pool(const torch::Tensor& x);
// x [N,in] · Wᵀ + b → [N,out].
torch::Tensor dense(const torch::Tensor& x, const Dense& fc);

// TF's legacy bilinear resize (align_corners = false, half_pixel_centers =
// false): output index d samples source position d·in/out. Per output index:
// the two source indices and the weight of the second, as TF.js computes them
// (in double).
struct LegacyResizeAxis {
    std::vector<int64_t> lo;   // floor(src)
    std::vector<int64_t> hi;   // min(in−1, ceil(src))
    std::vector<double> frac;  // src − floor(src)
};
LegacyResizeAxis legacy_resize_axis(int64_t in_size, int64_t out_size);

enum class Layout { NHWC, NCHW };
// Resizes a 4-D image batch; interpolation in double like TF.js, result float32.
torch::Tensor resize_bilinear_legacy(const torch::Tensor& images, int64_t out_h, int64_t out_w,
                                     Layout layout);

// JavaScript's Math.round (halves round up, also for negatives), which the
// face-api glue code uses for pad amounts and reshaped input sizes.
inline int64_t js_round(double v) {
    return int64_t(std::floor(v + 0.5));
}

}  // namespace facellava::perception
