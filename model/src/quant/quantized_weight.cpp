#include "quant/quantized_weight.h"

#include "facellava/core/error.h"
#include "io/lazy_state_dict.h"

namespace facellava::model::quant {
namespace {

int64_t ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

int64_t nbytes(const torch::Tensor& t) {
    return t.defined() ? t.numel() * static_cast<int64_t>(t.element_size()) : 0;
}

// Safe divisors: an all-zero row or group has scale 0 and codes that stand for 0.
torch::Tensor nonzero_or_one(const torch::Tensor& scale) {
    return torch::where(scale > 0, scale, torch::ones_like(scale));
}

// (rows, cols) float32 → (rows, groups, group) zero-padded to whole groups.
torch::Tensor grouped(const torch::Tensor& w, int64_t group) {
    const int64_t rows = w.size(0), cols = w.size(1), groups = ceil_div(cols, group);
    auto padded = groups * group == cols ? w
                                         : torch::constant_pad_nd(w, {0, groups * group - cols});
    return padded.view({rows, groups, group});
}

// (rows, cols) nibbles in uint8 → (rows, ceil(cols / 2)), even columns low.
// An odd last column is paired with `pad` (the value that stands for 0).
torch::Tensor pack_nibbles(torch::Tensor codes, const torch::Tensor& pad) {
    if (codes.size(1) % 2 != 0)
        codes = torch::cat({codes, pad}, 1);
    const auto low = codes.slice(1, 0, codes.size(1), 2);
    const auto high = codes.slice(1, 1, codes.size(1), 2);
    return torch::bitwise_or(low, torch::bitwise_left_shift(high, 4)).contiguous();
}

// Each group's value repeated over its columns: (rows, groups) → (rows, cols).
torch::Tensor per_column(const torch::Tensor& per_group, int64_t group, int64_t cols) {
    return per_group.repeat_interleave(group, 1).narrow(1, 0, cols);
}

}  // namespace

int64_t QuantizedWeight::bytes() const {
    return nbytes(data) + nbytes(scales) + nbytes(zeros);
}

std::vector<int64_t> data_shape(const QuantScheme& scheme, int64_t rows, int64_t cols) {
    return {rows, scheme.bits == 8 ? cols : ceil_div(cols, 2)};
}

std::vector<int64_t> scale_shape(const QuantScheme& scheme, int64_t rows, int64_t cols) {
    return {rows, scheme.groups(cols)};
}

torch::Dtype data_dtype(const QuantScheme& scheme) {
    return scheme.bits == 8 ? torch::kInt8 : torch::kUInt8;
}

QuantizedWeight allocate_quantized(const QuantScheme& scheme, int64_t rows, int64_t cols,
                                   const torch::Device& device) {
    QuantizedWeight w;
    w.scheme = scheme;
    w.rows = rows;
    w.cols = cols;
    const auto on = torch::TensorOptions().device(device);
    w.data = torch::empty(data_shape(scheme, rows, cols), on.dtype(data_dtype(scheme)));
    w.scales = torch::empty(scale_shape(scheme, rows, cols), on.dtype(torch::kHalf));
    if (scheme.zero_points)
        w.zeros = torch::empty(scale_shape(scheme, rows, cols), on.dtype(torch::kUInt8));
    return w;
}

QuantizedWeight quantize(const torch::Tensor& weight, const QuantScheme& scheme) {
    if (weight.dim() != 2 || !weight.is_floating_point() || weight.size(0) == 0 ||
        weight.size(1) == 0)
        throw Error("only a non-empty floating (rows, cols) matrix can be quantized, got " +
                    std::string(c10::toString(weight.scalar_type())) + " " +
                    c10::str(weight.sizes()));
    torch::NoGradGuard no_grad;
    QuantizedWeight q;
    q.scheme = scheme;
    q.rows = weight.size(0);
    q.cols = weight.size(1);
    const auto w = weight.to(torch::kFloat32);  // (rows, cols)
    if (scheme.bits == 8) {
        // The float16 scale is what the kernels multiply by: choose codes for it.
        q.scales = (w.abs().amax(1, true) / 127.0).to(torch::kHalf);  // (rows, 1)
        const auto s = nonzero_or_one(q.scales.to(torch::kFloat32));
        q.data = (w / s).round().clamp(-127, 127).to(torch::kInt8).contiguous();
        return q;
    }
    const auto g = grouped(w, scheme.group);  // (rows, groups, group)
    torch::Tensor codes, pad;
    if (scheme.zero_points) {
        // The range of each group widened to hold 0, so 0 stays exact.
        const auto lo = g.amin(2).clamp_max(0.0), hi = g.amax(2).clamp_min(0.0);  // (rows, groups)
        q.scales = ((hi - lo) / 15.0).to(torch::kHalf).contiguous();
        const auto s = nonzero_or_one(q.scales.to(torch::kFloat32));
        const auto z = (-lo / s).round().clamp(0, 15);  // (rows, groups)
        q.zeros = z.to(torch::kUInt8).contiguous();
        codes = (g / s.unsqueeze(2)).round().add(z.unsqueeze(2)).clamp(0, 15);
        pad = q.zeros.narrow(1, q.zeros.size(1) - 1, 1);  // the last group's zero
    } else {
        q.scales = (g.abs().amax(2) / 7.0).to(torch::kHalf).contiguous();  // (rows, groups)
        const auto s = nonzero_or_one(q.scales.to(torch::kFloat32));
        codes = (g / s.unsqueeze(2)).round().clamp(-8, 7).add(8);
        pad = torch::full({q.rows, 1}, 8, w.options().dtype(torch::kUInt8));
    }
    codes = codes.view({q.rows, -1}).narrow(1, 0, q.cols).to(torch::kUInt8);  // (rows, cols)
    q.data = pack_nibbles(codes, pad);
    return q;
}

torch::Tensor dequantize(const QuantizedWeight& w, torch::Dtype dtype) {
    torch::NoGradGuard no_grad;
    const auto scales = w.scales.to(dtype);  // (rows, groups)
    if (w.scheme.bits == 8)
        return w.data.to(dtype) * scales;  // (rows, cols)
    const auto low = torch::bitwise_and(w.data, 15);
    const auto high = torch::bitwise_right_shift(w.data, 4);
    const auto codes =
        torch::stack({low, high}, 2).view({w.rows, -1}).narrow(1, 0, w.cols).to(dtype);
    const auto zeros = w.zeros.defined() ? per_column(w.zeros.to(dtype), w.scheme.group, w.cols)
                                         : torch::full_like(codes, 8);
    return (codes - zeros) * per_column(scales, w.scheme.group, w.cols);
}

void check_quantized(const QuantizedWeight& w, const std::string& key, const std::string& source) {
    const auto fail = [&](const std::string& tensor, const std::string& what) {
        throw Error("quantized weight " + key + " (" + w.scheme.name() + "): " + tensor + " " +
                        what,
                    source, "re-create the checkpoint with facellava convert --quantize");
    };
    const auto expect = [&](const torch::Tensor& t, const std::string& name, torch::Dtype dtype,
                            const std::vector<int64_t>& shape) {
        if (!t.defined())
            fail(name, "is missing");
        if (t.scalar_type() != dtype || t.sizes().vec() != shape)
            fail(name, std::string("must be ") + c10::toString(dtype) + " " +
                           io::shape_text(shape) + ", found " + c10::toString(t.scalar_type()) +
                           " " + io::shape_text(t.sizes().vec()));
    };
    expect(w.data, key, data_dtype(w.scheme), data_shape(w.scheme, w.rows, w.cols));
    expect(w.scales, scale_key(key), torch::kHalf, scale_shape(w.scheme, w.rows, w.cols));
    if (w.scheme.zero_points)
        expect(w.zeros, zero_key(key), torch::kUInt8, scale_shape(w.scheme, w.rows, w.cols));
    else if (w.zeros.defined())
        fail(zero_key(key), "is present, but " + w.scheme.name() + " has no zero points");
}

}  // namespace facellava::model::quant
