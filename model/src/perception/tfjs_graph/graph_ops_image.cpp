// Image ops on NHWC tensors: ResizeBilinear (TF.js CPU's arithmetic, with
// align_corners and half_pixel_centers) and DepthToSpace (DCR order).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "perception/tfjs_graph/graph_ops.h"

namespace facellava::perception::tfjs {
namespace {

using Tensors = std::vector<torch::Tensor>;

// Per output index along one axis: the two source indices and the weight of
// the second, computed in double as TF.js's CPU resizeBilinear does.
struct ResizeAxis {
    std::vector<int64_t> lo, hi;
    std::vector<double> frac;
};

ResizeAxis resize_axis(int64_t in, int64_t out, bool align_corners, bool half_pixel) {
    const double eff_in = double(align_corners && out > 1 ? in - 1 : in);
    const double eff_out = double(align_corners && out > 1 ? out - 1 : out);
    const double scale = eff_in / eff_out;
    ResizeAxis axis;
    for (int64_t d = 0; d < out; ++d) {
        const double src = half_pixel ? scale * (double(d) + 0.5) - 0.5 : scale * double(d);
        const double lo = std::max(0.0, std::floor(src));
        axis.lo.push_back(int64_t(lo));
        axis.hi.push_back(std::min<int64_t>(in - 1, int64_t(std::ceil(src))));
        axis.frac.push_back(src - lo);
    }
    return axis;
}

torch::Tensor resize_bilinear(const Node& node, const Tensors& in) {
    const auto& images = in.at(0);
    const auto size = to_int_vector(in.at(1));
    if (images.dim() != 4 || size.size() != 2)
        throw std::invalid_argument("ResizeBilinear expects NHWC images and a size of 2");
    const auto& a = node.attrs;
    const auto rows = resize_axis(images.size(1), size[0], a.align_corners, a.half_pixel_centers);
    const auto cols = resize_axis(images.size(2), size[1], a.align_corners, a.half_pixel_centers);
    const auto index = [&](const std::vector<int64_t>& v) {
        return torch::tensor(v, torch::TensorOptions().dtype(torch::kLong).device(images.device()));
    };
    const auto weight = [&](const std::vector<double>& v, int64_t dim) {
        std::vector<int64_t> shape(4, 1);
        shape[size_t(dim)] = int64_t(v.size());
        return torch::tensor(v,
                             torch::TensorOptions().dtype(torch::kFloat64).device(images.device()))
            .reshape(shape);
    };
    const auto x = images.to(torch::kFloat64);
    const auto top = x.index_select(1, index(rows.lo));
    const auto bottom = x.index_select(1, index(rows.hi));
    const auto col_lo = index(cols.lo), col_hi = index(cols.hi);
    const auto cf = weight(cols.frac, 2), rf = weight(rows.frac, 1);
    // TF.js's order: top = tl + (tr − tl)·cf; bottom likewise; v = top + (bottom − top)·rf.
    const auto tl = top.index_select(2, col_lo), tr = top.index_select(2, col_hi);
    const auto bl = bottom.index_select(2, col_lo), br = bottom.index_select(2, col_hi);
    const auto t = tl + (tr - tl) * cf;
    const auto b = bl + (br - bl) * cf;
    return (t + (b - t) * rf).to(torch::kFloat32);
}

// NHWC DepthToSpace: output (h·b + i, w·b + j, c) = input (h, w, (i·b + j)·C' + c).
torch::Tensor depth_to_space(const Node& node, const Tensors& in) {
    const auto& x = in.at(0);
    const int64_t b = node.attrs.block_size;
    if (x.dim() != 4 || b < 1 || x.size(3) % (b * b) != 0)
        throw std::invalid_argument(
            "DepthToSpace needs NHWC input with depth divisible by "
            "block_size²");
    const int64_t n = x.size(0), h = x.size(1), w = x.size(2), c = x.size(3) / (b * b);
    return x.reshape({n, h, w, b, b, c}).permute({0, 1, 3, 2, 4, 5}).reshape({n, h * b, w * b, c});
}

}  // namespace

void add_image_ops(std::map<std::string, OpFn>& table) {
    table["ResizeBilinear"] = resize_bilinear;
    table["DepthToSpace"] = depth_to_space;
}

}  // namespace facellava::perception::tfjs
