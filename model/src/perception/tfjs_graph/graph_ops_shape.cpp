// Shape and indexing ops: Identity, Reshape, Squeeze, ConcatV2, Pack, Pad,
// Shape and StridedSlice (the last two compute shapes at run time in the
// face-mesh detectors, on small int32 tensors).
#include <algorithm>
#include <stdexcept>

#include "perception/tfjs_graph/graph_ops.h"

namespace facellava::perception::tfjs {
namespace {

using Tensors = std::vector<torch::Tensor>;

torch::Tensor identity(const Node&, const Tensors& in) {
    return in.at(0);
}

torch::Tensor reshape(const Node&, const Tensors& in) {
    return in.at(0).reshape(to_int_vector(in.at(1)));
}

torch::Tensor squeeze(const Node& node, const Tensors& in) {
    const auto& x = in.at(0);
    std::vector<int64_t> dims;
    for (int64_t d : node.attrs.squeeze_dims)
        dims.push_back(normalize_axis(d, x.dim()));
    if (dims.empty())  // no squeeze_dims: every size-1 axis
        return x.squeeze();
    std::vector<int64_t> shape;
    for (int64_t d = 0; d < x.dim(); ++d) {
        const bool drop = std::find(dims.begin(), dims.end(), d) != dims.end();
        if (drop && x.size(d) != 1)
            throw std::invalid_argument("cannot squeeze axis " + std::to_string(d) + " of size " +
                                        std::to_string(x.size(d)));
        if (!drop)
            shape.push_back(x.size(d));
    }
    return x.reshape(shape);
}

// ConcatV2: inputs 0..N−1 are the values, the last input is the axis.
torch::Tensor concat(const Node&, const Tensors& in) {
    const Tensors values(in.begin(), in.end() - 1);
    return torch::cat(values, normalize_axis(to_int_vector(in.back()).at(0), values.at(0).dim()));
}

torch::Tensor pack(const Node& node, const Tensors& in) {
    return torch::stack(in, normalize_axis(node.attrs.axis, in.at(0).dim() + 1));
}

// Pad: paddings [rank, 2] (before, after per axis), zeros.
torch::Tensor pad(const Node&, const Tensors& in) {
    const auto& x = in.at(0);
    const auto paddings = to_int_vector(in.at(1));
    if (int64_t(paddings.size()) != 2 * x.dim())
        throw std::invalid_argument("paddings do not match the input's rank");
    // constant_pad_nd takes (before, after) pairs from the last axis backwards.
    std::vector<int64_t> pad;
    for (int64_t d = x.dim() - 1; d >= 0; --d) {
        pad.push_back(paddings[size_t(2 * d)]);
        pad.push_back(paddings[size_t(2 * d + 1)]);
    }
    return torch::constant_pad_nd(x, pad, 0);
}

torch::Tensor shape(const Node&, const Tensors& in) {
    const auto sizes = in.at(0).sizes();
    return torch::tensor(std::vector<int32_t>(sizes.begin(), sizes.end()), torch::kInt32);
}

// TF's StridedSlice (ValidateStridedSliceOp): the sparse spec (begin/end/
// strides with ellipsis and new-axis entries) is expanded to one entry per
// input axis, each axis is sliced, and the result is reshaped to the final
// shape (new axes inserted, shrunk axes dropped).
torch::Tensor strided_slice(const Node& node, const Tensors& in) {
    const NodeAttrs& a = node.attrs;
    const auto& x = in.at(0);
    const auto sparse_begin = to_int_vector(in.at(1));
    const auto sparse_end = to_int_vector(in.at(2));
    const auto sparse_strides = to_int_vector(in.at(3));
    if (sparse_end.size() != sparse_begin.size() || sparse_strides.size() != sparse_begin.size())
        throw std::invalid_argument("begin, end and strides differ in length");
    int64_t sparse_dims = int64_t(sparse_begin.size());
    int64_t ellipsis_mask = a.ellipsis_mask;
    int64_t add_axes_after_ellipsis = 0;
    bool ellipsis_seen = false;
    for (int64_t i = 0; i < sparse_dims; ++i) {
        if (ellipsis_seen && (a.new_axis_mask >> i & 1))
            ++add_axes_after_ellipsis;
        if (ellipsis_mask >> i & 1)
            ellipsis_seen = true;
    }
    if (!ellipsis_seen) {  // an implicit ellipsis at the end covers the rest
        ellipsis_mask |= int64_t(1) << sparse_dims;
        ++sparse_dims;
    }

    const int64_t rank = x.dim();
    std::vector<int64_t> begin(size_t(rank), 0), end(size_t(rank), 0), strides(size_t(rank), 1);
    std::vector<bool> begin_masked(size_t(rank), false), end_masked(size_t(rank), false),
        shrink(size_t(rank), false);
    constexpr int64_t kNewAxis = -1, kShrinkAxis = -2;
    std::vector<int64_t> final_gather;  // input axis, kNewAxis or kShrinkAxis per output axis
    int64_t full = 0;
    for (int64_t i = 0; i < sparse_dims; ++i) {
        if (ellipsis_mask >> i & 1) {
            const int64_t next =
                std::min(rank - (sparse_dims - i) + 1 + add_axes_after_ellipsis, rank);
            for (; full < next; ++full) {
                begin_masked[size_t(full)] = end_masked[size_t(full)] = true;
                final_gather.push_back(full);
            }
        } else if (a.new_axis_mask >> i & 1) {
            final_gather.push_back(kNewAxis);
        } else {
            if (full >= rank)
                throw std::invalid_argument("slice index out of the input's rank");
            const auto f = size_t(full);
            begin[f] = sparse_begin[size_t(i)];
            end[f] = sparse_end[size_t(i)];
            strides[f] = sparse_strides[size_t(i)];
            begin_masked[f] = a.begin_mask >> i & 1;
            end_masked[f] = a.end_mask >> i & 1;
            shrink[f] = a.shrink_axis_mask >> i & 1;
            final_gather.push_back(shrink[f] ? kShrinkAxis : full);
            ++full;
        }
    }

    torch::Tensor y = x;
    std::vector<int64_t> dense_sizes(static_cast<size_t>(rank));
    for (int64_t d = 0; d < rank; ++d) {
        const auto f = size_t(d);
        const int64_t dim = x.size(d), stride = strides[f];
        if (stride == 0)
            throw std::invalid_argument("strided slice with stride 0");
        if (shrink[f]) {
            const int64_t index = begin[f] < 0 ? dim + begin[f] : begin[f];
            if (index < 0 || index >= dim)
                throw std::invalid_argument("shrunk slice index out of range");
            y = y.narrow(d, index, 1);
            dense_sizes[f] = 1;
            continue;
        }
        // Canonical begin/end: masked → the whole axis in the stride's
        // direction; negative → from the end; then clamped.
        const auto canonical = [&](int64_t v, bool masked, bool is_end) {
            if (masked)
                return stride > 0 ? (is_end ? dim : 0) : (is_end ? -1 : dim - 1);
            const int64_t fwd = v < 0 ? dim + v : v;
            return stride > 0 ? std::clamp<int64_t>(fwd, 0, dim)
                              : std::clamp<int64_t>(fwd, -1, dim - 1);
        };
        const int64_t b = canonical(begin[f], begin_masked[f], false);
        const int64_t e = canonical(end[f], end_masked[f], true);
        const int64_t interval = e - b;
        const int64_t size = interval == 0 || (interval < 0) != (stride < 0)
                                 ? 0
                                 : interval / stride + (interval % stride != 0);
        dense_sizes[f] = size;
        if (stride > 0) {
            y = y.slice(d, b, b + std::max<int64_t>(size - 1, 0) * stride + (size > 0), stride);
        } else {
            const auto index = torch::arange(b, b + size * stride, stride, torch::kLong);
            y = y.index_select(d, index.slice(0, 0, size));
        }
    }
    std::vector<int64_t> final_shape;
    for (int64_t g : final_gather) {
        if (g == kNewAxis)
            final_shape.push_back(1);
        else if (g >= 0)
            final_shape.push_back(dense_sizes[size_t(g)]);
    }
    return y.reshape(final_shape);
}

}  // namespace

std::vector<int64_t> to_int_vector(const torch::Tensor& t) {
    const auto flat = t.to(torch::kLong).contiguous().reshape({-1});
    return std::vector<int64_t>(flat.data_ptr<int64_t>(), flat.data_ptr<int64_t>() + flat.numel());
}

int64_t normalize_axis(int64_t axis, int64_t rank) {
    const int64_t a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank)
        throw std::invalid_argument("axis " + std::to_string(axis) + " out of range for rank " +
                                    std::to_string(rank));
    return a;
}

void add_shape_ops(std::map<std::string, OpFn>& table) {
    table["Identity"] = identity;
    table["Reshape"] = reshape;
    table["Squeeze"] = squeeze;
    table["ConcatV2"] = concat;
    table["Pack"] = pack;
    table["Pad"] = pad;
    table["Shape"] = shape;
    table["StridedSlice"] = strided_slice;
}

}  // namespace facellava::perception::tfjs
