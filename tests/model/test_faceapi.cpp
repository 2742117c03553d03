// Parity of the LibTorch ports of the face-api nets with the package's own
// TF.js outputs (fixtures/faceapi, see its README): every image of
// reference.json, every detection with a preprocessed input file.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/face_analyzer.h"
#include "perception/age_gender_net.h"
#include "perception/expression_net.h"
#include "perception/face_preprocess.h"
#include "perception/landmark68_net.h"
#include "perception/tf_ops.h"
#include "perception/tfjs_weights.h"
#include "perception/tiny_face_detector.h"
#include "tensor_compare.h"
#include "test_support.h"

#ifdef FACELLAVA_HAVE_MEDIA
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#endif

namespace facellava::perception {
namespace {

using Json = nlohmann::json;
using facellava::test::fixture;
using facellava::test::tensors_close;

const Json& reference() {
    static const Json json = Json::parse(read_file(fixture("faceapi/reference.json")));
    return json;
}

std::string faceapi_path(const std::string& relative) {
    return fixture("faceapi/" + relative);
}

bool has_fixture(const std::string& relative) {
    return std::filesystem::exists(facellava::test::fixtures_dir() + "/faceapi/" + relative);
}

// A raw little-endian float32 file of the given shape.
torch::Tensor read_f32(const std::string& path, std::vector<int64_t> shape) {
    const std::string bytes = read_file(path);
    int64_t numel = 1;
    for (int64_t d : shape)
        numel *= d;
    if (bytes.size() != size_t(numel) * 4) {
        ADD_FAILURE() << path << " holds " << bytes.size() << " bytes, expected " << numel * 4;
        throw std::runtime_error("bad fixture size: " + path);
    }
    auto t = torch::empty(shape, torch::kFloat32);
    std::memcpy(t.data_ptr(), bytes.data(), bytes.size());
    return t;
}

torch::Tensor to_tensor(const Json& values) {
    return torch::tensor(values.get<std::vector<double>>(), torch::kFloat64);
}

std::string input112_name(const std::string& image, size_t k) {
    return image + ".f" + std::to_string(k) + ".in112.f32";
}

// The 112 fixture of detection k: face-api's toBatchTensor output (padded,
// resized pixels 0…255, before the nets' own normalisation) as NCHW [1,3,112,112].
torch::Tensor fixture_pixels112(const std::string& image, size_t k) {
    return read_f32(faceapi_path(input112_name(image, k)), {1, kFaceInputSize, kFaceInputSize, 3})
        .permute({0, 3, 1, 2})
        .contiguous();
}

CropRect crop_of(const Json& det) {
    const auto c = det.at("crop").get<std::vector<int>>();
    return {c[0], c[1], c[2], c[3]};
}

std::string manifest(const char* relative) {
    return AssetLocator::from_environment().faceapi_file(relative);
}

struct Nets {
    ExpressionNet expression = ExpressionNet::load(manifest(ExpressionNet::kManifest));
    AgeGenderNet age_gender = AgeGenderNet::load(manifest(AgeGenderNet::kManifest));
    Landmark68Net landmarks = Landmark68Net::load(manifest(Landmark68Net::kManifest));
    TinyFaceDetector detector = TinyFaceDetector::load(manifest(TinyFaceDetector::kManifest));
};

const Nets& nets() {
    static const Nets loaded;
    return loaded;
}

double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
}

// ---------------------------------------------------------------- weights

TEST(FaceApiWeights, LoadsEveryPackagedNetStrictly) {
    for (const char* m : {ExpressionNet::kManifest, AgeGenderNet::kManifest,
                          Landmark68Net::kManifest, TinyFaceDetector::kManifest}) {
        auto weights = TfjsWeights::load(manifest(m));
        EXPECT_FALSE(weights.tensors().empty()) << m;
        for (const auto& [name, tensor] : weights.tensors())
            EXPECT_EQ(tensor.scalar_type(), torch::kFloat32) << name;
    }
    EXPECT_NO_THROW(nets());
    // Dequantisation: uint8 tensors take exactly 256 levels q·scale + min.
    auto weights = TfjsWeights::load(manifest(ExpressionNet::kManifest));
    const auto filters = weights.tensors().at("dense0/conv0/filters");
    EXPECT_EQ(filters.sizes(), torch::IntArrayRef({3, 3, 3, 32}));
    EXPECT_NEAR(filters.min().item<double>(), -0.7125408074435067, 1e-6);
}

TEST(FaceApiWeights, ShortOrLongShardIsAnErrorNamingTheFile) {
    const std::string src_manifest = manifest(ExpressionNet::kManifest);
    const auto src_dir = std::filesystem::path(src_manifest).parent_path();
    const std::string bin = read_file((src_dir / "face_expression_model.bin").string());
    for (const bool truncate : {true, false}) {
        const auto dir = std::filesystem::path(facellava::test::make_temp_dir("faceapi_shard"));
        std::filesystem::copy_file(src_manifest, dir / "m.json");
        const auto shard = dir / "face_expression_model.bin";
        std::ofstream(shard, std::ios::binary)
            << (truncate ? bin.substr(0, bin.size() - 100) : bin + std::string(7, '\0'));
        try {
            TfjsWeights::load((dir / "m.json").string());
            ADD_FAILURE() << "a " << (truncate ? "short" : "long") << " shard was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), shard.string());
            EXPECT_NE(std::string(e.what()).find(truncate ? "truncated" : "trailing"),
                      std::string::npos)
                << e.what();
        }
    }
    // A missing shard names the shard.
    const auto dir = std::filesystem::path(facellava::test::make_temp_dir("faceapi_missing"));
    std::filesystem::copy_file(src_manifest, dir / "m.json");
    try {
        TfjsWeights::load((dir / "m.json").string());
        ADD_FAILURE() << "a missing shard was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), (dir / "face_expression_model.bin").string());
    }
}

TEST(FaceApiWeights, WrongNetReportsEveryMismatchInOneError) {
    try {
        ExpressionNet::load(manifest(AgeGenderNet::kManifest));
        ADD_FAILURE() << "the age/gender weights were accepted as the expression net";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("missing tensor 'dense0/conv0/filters'"), std::string::npos) << what;
        EXPECT_NE(what.find("missing tensor 'fc/bias'"), std::string::npos) << what;
        EXPECT_NE(what.find("unexpected tensor 'entry_flow/conv_in/filters'"), std::string::npos)
            << what;
    }
}

// ---------------------------------------------------------------- TF ops

TEST(FaceApiOps, SamePaddingPutsTheOddPixelAfter) {
    const auto pad = [](int64_t n, int64_t k, int64_t s) {
        const SamePad p = same_padding(n, k, s);
        return std::make_pair(p.before, p.after);
    };
    EXPECT_EQ(pad(112, 3, 2), std::make_pair(int64_t(0), int64_t(1)));
    EXPECT_EQ(pad(7, 3, 1), std::make_pair(int64_t(1), int64_t(1)));
    EXPECT_EQ(pad(207, 2, 2), std::make_pair(int64_t(0), int64_t(1)));
    EXPECT_EQ(pad(13, 2, 1), std::make_pair(int64_t(0), int64_t(1)));
    EXPECT_EQ(pad(56, 1, 2), std::make_pair(int64_t(0), int64_t(0)));
    // A "same" max-pool never picks the padding, even for negative inputs.
    const auto x = -torch::ones({1, 1, 3, 3});
    EXPECT_EQ(max_pool_same(x, 2, 2).max().item<float>(), -1.0f);
}

TEST(FaceApiOps, FusedLeakyReluHasTheBitsOfTheFourOps) {
    // The one-pass leaky ReLU must round exactly as face-api's four ops do,
    // in every layout, with NaN, infinities, signed zeros and subnormals.
    torch::manual_seed(11);
    auto values = torch::randn({2, 5, 37, 41}) * 1e3f;
    auto flat = values.view({-1});
    flat[0] = std::numeric_limits<float>::quiet_NaN();
    flat[1] = std::numeric_limits<float>::infinity();
    flat[2] = -std::numeric_limits<float>::infinity();
    flat[3] = -0.0f;
    flat[4] = std::numeric_limits<float>::denorm_min();
    flat[5] = -std::numeric_limits<float>::denorm_min() * 7;
    flat[6] = -std::numeric_limits<float>::max();
    const auto four_ops = [](const torch::Tensor& x) {
        const auto min = x * 0.1f;
        return torch::relu(x - min) + min;
    };
    const auto channels_last = values.contiguous(at::MemoryFormat::ChannelsLast);
    const auto strided = values.slice(3, 0, 41, 2);  // not dense: the op path
    for (const auto& x : {values, channels_last, strided}) {
        const auto fused = faceapi_leaky_relu(x);
        const auto expected = four_ops(x);
        ASSERT_EQ(fused.sizes(), expected.sizes());
        EXPECT_EQ(fused.strides(), expected.strides());
        // Bitwise: compare the float bits, so NaN and −0 count too.
        const auto bits = [](const torch::Tensor& t) { return t.contiguous().view(torch::kInt32); };
        EXPECT_TRUE(torch::equal(bits(fused), bits(expected)));
    }
    // Changed data changes the answer (the check above is not vacuous).
    EXPECT_FALSE(torch::equal(faceapi_leaky_relu(values), values));
}

TEST(FaceApiOps, FusedLeakyReluMaxPoolHasTheBitsOfTheTwoOps) {
    // The detector's leaky ReLU + TF-"same" 2×2 max-pool in one pass must give
    // the bits of the two ops: odd and even sizes (a clipped last window),
    // channel counts off the four lanes, NaN, infinities and signed zeros.
    torch::manual_seed(14);
    const auto bits = [](const torch::Tensor& t) { return t.contiguous().view(torch::kInt32); };
    size_t compared = 0;
    for (const int64_t channels : {1, 3, 4, 5, 16}) {
        for (const int64_t height : {1, 2, 7, 8}) {
            for (const int64_t width : {1, 5, 6}) {
                auto values = torch::randn({2, channels, height, width}) * 1e3f;
                auto flat = values.view({-1});
                const float specials[] = {std::numeric_limits<float>::quiet_NaN(),
                                          std::numeric_limits<float>::infinity(),
                                          -std::numeric_limits<float>::infinity(), -0.0f, 0.0f};
                for (int64_t i = 0; i < flat.numel(); i += 3)
                    flat[i] = specials[(i / 3 + channels + height) % 5];
                const auto input = values.contiguous(at::MemoryFormat::ChannelsLast);
                const auto fused = faceapi_leaky_relu_max_pool(input);
                const auto expected = max_pool_same(faceapi_leaky_relu(input), 2, 2);
                ASSERT_EQ(fused.sizes(), expected.sizes());
                EXPECT_TRUE(fused.is_contiguous(at::MemoryFormat::ChannelsLast));
                const auto both_nan = torch::isnan(fused) & torch::isnan(expected);
                EXPECT_TRUE(torch::equal(torch::isnan(fused), torch::isnan(expected)))
                    << channels << "×" << height << "×" << width;
                // Bitwise where not NaN (a NaN's payload is not an answer).
                EXPECT_TRUE(torch::equal(bits(fused).masked_fill(both_nan, 0),
                                         bits(expected).masked_fill(both_nan, 0)))
                    << channels << "×" << height << "×" << width;
                ++compared;
            }
        }
    }
    EXPECT_EQ(compared, 60u);
    // NCHW (the op path) gives the same numbers.
    const auto x = torch::randn({1, 8, 9, 10});
    EXPECT_TRUE(
        torch::equal(faceapi_leaky_relu_max_pool(x),
                     faceapi_leaky_relu_max_pool(x.contiguous(at::MemoryFormat::ChannelsLast))));
    // Not vacuous: the pool changes the answer.
    EXPECT_FALSE(torch::equal(faceapi_leaky_relu_max_pool(x),
                              faceapi_leaky_relu(x).slice(2, 0, 9, 2).slice(3, 0, 10, 2)));
}

TEST(FaceApiOps, PadConstantKeepsTheLayoutAndEqualsConstantPad) {
    torch::manual_seed(12);
    const auto x = torch::randn({2, 3, 5, 7});
    for (const auto format : {at::MemoryFormat::Contiguous, at::MemoryFormat::ChannelsLast}) {
        const auto input = x.contiguous(format);
        const auto padded = pad_constant(input, 0, 1, 2, 1, -4.5);
        EXPECT_TRUE(padded.is_contiguous(format));
        EXPECT_TRUE(torch::equal(padded, torch::constant_pad_nd(x, {2, 1, 0, 1}, -4.5)));
    }
    EXPECT_TRUE(pad_constant(x, 0, 0, 0, 0).is_same(x));
    EXPECT_TRUE(to_net_layout(x).is_contiguous(at::MemoryFormat::ChannelsLast));
}

TEST(FaceApiOps, SameOpsEqualTheExplicitlyPaddedOpsAtEverySize) {
    // max_pool_same, conv2d_same and separable_conv_same let the op pad when
    // TF's padding allows it (symmetric, or after only for ceil_mode pools);
    // each must equal pad-then-'valid' at odd and even sizes, both layouts.
    torch::manual_seed(13);
    namespace F = torch::nn::functional;
    const auto inf = std::numeric_limits<double>::infinity();
    size_t compared = 0;
    for (const int64_t height : {5, 6, 7, 8, 13, 14}) {
        for (const int64_t width : {5, 6, 7, 13, 14}) {
            const auto x = torch::randn({2, 4, height, width});
            for (const auto format :
                 {at::MemoryFormat::Contiguous, at::MemoryFormat::ChannelsLast}) {
                const auto input = x.contiguous(format);
                for (const int64_t kernel : {1, 2, 3}) {
                    for (const int64_t stride : {1, 2}) {
                        const auto pooled = max_pool_same(input, kernel, stride);
                        const auto expected = torch::max_pool2d(pad_same(x, kernel, stride, -inf),
                                                                {kernel, kernel}, {stride, stride});
                        ASSERT_EQ(pooled.sizes(), expected.sizes())
                            << height << "x" << width << " k" << kernel << " s" << stride;
                        EXPECT_TRUE(torch::equal(pooled, expected))
                            << height << "x" << width << " k" << kernel << " s" << stride;
                        const Conv conv{torch::randn({3, 4, kernel, kernel}), torch::randn({3})};
                        const auto convolved = conv2d_same(input, conv, stride);
                        const auto conv_expected =
                            F::conv2d(pad_same(x, kernel, stride), conv.weight,
                                      F::Conv2dFuncOptions().bias(conv.bias).stride(stride));
                        ASSERT_EQ(convolved.sizes(), conv_expected.sizes());
                        EXPECT_TRUE(torch::allclose(convolved, conv_expected, 1e-5, 1e-5));
                        ++compared;
                    }
                }
                for (const int64_t stride : {1, 2}) {
                    const SeparableConv sep{torch::randn({4, 1, 3, 3}), torch::randn({5, 4, 1, 1}),
                                            torch::randn({5})};
                    const auto separable = separable_conv_same(input, sep, stride);
                    const auto depthwise =
                        F::conv2d(pad_same(x, 3, stride), sep.depthwise,
                                  F::Conv2dFuncOptions().stride(stride).groups(4));
                    const auto sep_expected =
                        F::conv2d(depthwise, sep.pointwise, F::Conv2dFuncOptions().bias(sep.bias));
                    ASSERT_EQ(separable.sizes(), sep_expected.sizes());
                    EXPECT_TRUE(torch::allclose(separable, sep_expected, 1e-5, 1e-5));
                }
            }
        }
    }
    EXPECT_EQ(compared, 6u * 5u * 2u * 3u * 2u);
    // The detector's explicit pad-1 separable conv.
    const auto x = torch::randn({1, 4, 9, 9});
    const SeparableConv sep{torch::randn({4, 1, 3, 3}), torch::randn({6, 4, 1, 1}),
                            torch::randn({6})};
    const auto depthwise =
        F::conv2d(pad_constant(x, 1, 1, 1, 1), sep.depthwise, F::Conv2dFuncOptions().groups(4));
    EXPECT_TRUE(torch::allclose(
        separable_conv_zero_padded(x, sep, 1),
        F::conv2d(depthwise, sep.pointwise, F::Conv2dFuncOptions().bias(sep.bias)), 1e-5, 1e-5));
}

TEST(FaceApiOps, LegacyBilinearResizeSamplesAtDstTimesInOverOut) {
    // TF resize_bilinear(align_corners=false, half_pixel_centers=false) of
    // [[0,1],[2,3]] to 4×4: source = dst·0.5, the last row/column clamps.
    const auto x = torch::tensor({0.f, 1.f, 2.f, 3.f}).reshape({1, 1, 2, 2});
    const auto expected = torch::tensor({0.f, .5f, 1.f, 1.f, 1.f, 1.5f, 2.f, 2.f, 2.f, 2.5f, 3.f,
                                         3.f, 2.f, 2.5f, 3.f, 3.f})
                              .reshape({1, 1, 4, 4});
    EXPECT_TRUE(torch::equal(resize_bilinear_legacy(x, 4, 4, Layout::NCHW), expected));
    const auto nhwc = resize_bilinear_legacy(x.permute({0, 2, 3, 1}), 4, 4, Layout::NHWC);
    EXPECT_TRUE(torch::equal(nhwc.permute({0, 3, 1, 2}), expected));
}

TEST(FaceApiOps, FaceInputEqualsPadResizeNormaliseOnTensors) {
    // The virtual-padding sampler must equal the plain tensor recipe exactly.
    torch::manual_seed(3);
    ImageRGB image;
    image.width = 41;
    image.height = 30;
    const auto pixels = torch::randint(0, 256, {image.height, image.width, 3}, torch::kUInt8);
    image.pixels.assign(pixels.data_ptr<uint8_t>(), pixels.data_ptr<uint8_t>() + pixels.numel());
    const CropRect crop{3, 2, 27, 20};  // wider than high: pad 7 = 3 above + 4 below
    const auto region = pixels.slice(0, 2, 22).slice(1, 3, 30).to(torch::kFloat32);  // [20,27,3]
    const auto square = torch::cat({torch::zeros({3, 27, 3}), region, torch::zeros({4, 27, 3})});
    const auto resized = resize_bilinear_legacy(square.unsqueeze(0), 112, 112, Layout::NHWC);
    const auto expected = resized.permute({0, 3, 1, 2});
    EXPECT_TRUE(torch::equal(face_pixels(image, crop).unsqueeze(0), expected));
    const auto mean = torch::tensor({kFaceMeanRgb[0], kFaceMeanRgb[1], kFaceMeanRgb[2]});
    const auto normalised = ((resized - mean) / 255.0f).permute({0, 3, 1, 2});
    EXPECT_LE(max_abs_diff(face_input(image, crop).unsqueeze(0), normalised), 1e-7);
    // Normalised while sampling: the bits of normalize_input() on the pixels.
    EXPECT_TRUE(torch::equal(face_input(image, crop).unsqueeze(0),
                             normalize_input(face_pixels(image, crop).unsqueeze(0), kFaceMeanRgb)));
    for (const CropRect& tall : {CropRect{0, 0, 12, 30}, CropRect{30, 1, 11, 29}})
        EXPECT_TRUE(
            torch::equal(face_input(image, tall).unsqueeze(0),
                         normalize_input(face_pixels(image, tall).unsqueeze(0), kFaceMeanRgb)));
    for (const int size : {32, 416})
        EXPECT_TRUE(torch::equal(detector_input(image, size),
                                 normalize_input(detector_pixels(image, size), kDetectorMeanRgb)));
    EXPECT_FALSE(torch::equal(detector_input(image, 32), detector_pixels(image, 32)));

    EXPECT_THROW(face_input(image, CropRect{40, 0, 5, 5}), Error);  // leaves the image
    EXPECT_THROW(detector_input(image, 100), Error);                // not a multiple of 32
}

TEST(FaceApiOps, CropIsTheDetectionClippedAndFloored) {
    size_t checked = 0;
    for (const auto& [name, im] : reference().at("images").items()) {
        for (const auto& det : im.at("dets")) {
            const auto b = det.at("absBox").get<std::vector<double>>();
            const CropRect c = clip_box_to_image(b[0], b[1], b[2], b[3], im.at("w").get<int>(),
                                                 im.at("h").get<int>());
            const CropRect e = crop_of(det);
            EXPECT_EQ(std::vector<int>({c.x, c.y, c.width, c.height}),
                      std::vector<int>({e.x, e.y, e.width, e.height}))
                << name;
            ++checked;
        }
    }
    EXPECT_GT(checked, 0u);
    EXPECT_TRUE(clip_box_to_image(-20.5, 10, 10, 10, 100, 100).empty());
    const CropRect partial = clip_box_to_image(-10.5, 95.2, 30.7, 30, 100, 100);
    EXPECT_EQ(std::vector<int>({partial.x, partial.y, partial.width, partial.height}),
              std::vector<int>({0, 95, 20, 4}));
}

// ---------------------------------------------------------------- nets

// Every detection with a preprocessed input, run through the three face nets
// as one batch.
TEST(FaceApiNets, ExpressionAgeGenderLandmarksMatchReference) {
    std::vector<torch::Tensor> inputs;
    std::vector<const Json*> dets;
    std::vector<std::string> labels;
    for (const auto& [name, im] : reference().at("images").items()) {
        for (size_t k = 0; k < im.at("dets").size(); ++k) {
            if (!has_fixture(input112_name(name, k)))
                continue;
            inputs.push_back(normalize_input(fixture_pixels112(name, k), kFaceMeanRgb));
            dets.push_back(&im.at("dets")[k]);
            labels.push_back(name + " face " + std::to_string(k));
        }
    }
    ASSERT_FALSE(inputs.empty()) << "no *.in112.f32 fixtures";
    const auto batch = torch::cat(inputs);  // [M,3,112,112]
    const auto& n = nets();
    const auto expr_logits = n.expression.forward(batch);
    const auto expr_probs = torch::softmax(expr_logits, 1);
    const auto age_gender = n.age_gender.forward(batch);
    const auto lm_raw = n.landmarks.forward(batch);
    std::vector<CropRect> crops;
    for (const Json* det : dets)
        crops.push_back(crop_of(*det));
    const auto lm_pos = landmarks_in_crop(lm_raw, crops);  // [M,68,2] crop pixels

    double worst[5] = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < dets.size(); ++i) {
        const Json& det = *dets[i];
        const auto row = int64_t(i);
        SCOPED_TRACE(labels[i]);
        const auto ref_logits = to_tensor(det.at("exprLogits"));
        EXPECT_TRUE(tensors_close(expr_logits[row], ref_logits, 1e-4));
        std::vector<double> probs;
        for (const char* label : kExpressionLabels)
            probs.push_back(det.at("expr").at(label));
        EXPECT_TRUE(tensors_close(expr_probs[row], torch::tensor(probs, torch::kFloat64), 1e-4));
        EXPECT_TRUE(tensors_close(age_gender.age.slice(0, row, row + 1),
                                  torch::tensor({det.at("ageRaw").get<double>()}), 1e-4));
        EXPECT_TRUE(
            tensors_close(age_gender.gender_logits[row], to_tensor(det.at("genderLogits")), 1e-4));
        const double male = torch::softmax(age_gender.gender_logits[row], 0)[0].item<double>();
        EXPECT_EQ(male > 0.5 ? "male" : "female", det.at("gender").get<std::string>());
        EXPECT_NEAR(male > 0.5 ? male : 1 - male, det.at("genderProbability").get<double>(), 1e-4);
        EXPECT_TRUE(tensors_close(lm_raw[row], to_tensor(det.at("lmRaw")), 1e-4));
        // lmPos in the fixture is in crop pixels (face-api's detectLandmarks on the crop).
        std::vector<double> pos;
        for (const auto& p : det.at("lmPos")) {
            pos.push_back(p.at(0));
            pos.push_back(p.at(1));
        }
        const auto ref_pos = torch::tensor(pos, torch::kFloat64).reshape({68, 2});
        const double pos_diff = max_abs_diff(lm_pos[row], ref_pos);
        EXPECT_LE(pos_diff, 1e-3);
        worst[0] = std::max(worst[0], max_abs_diff(expr_logits[row], ref_logits));
        worst[1] = std::max(worst[1], std::abs(age_gender.age[row].item<double>() -
                                               det.at("ageRaw").get<double>()));
        worst[2] = std::max(worst[2], max_abs_diff(age_gender.gender_logits[row],
                                                   to_tensor(det.at("genderLogits"))));
        worst[3] = std::max(worst[3], max_abs_diff(lm_raw[row], to_tensor(det.at("lmRaw"))));
        worst[4] = std::max(worst[4], pos_diff);
    }
    std::cout << "[faceapi] " << dets.size() << " faces; max |diff| exprLogits " << worst[0]
              << ", ageRaw " << worst[1] << ", genderLogits " << worst[2] << ", lmRaw " << worst[3]
              << ", lmPos " << worst[4] << " px\n";
}

// Decoding is tested from the fixture's own raw output, so it does not depend
// on JPEG decoding.
TEST(FaceApiDetector, DecodesReferenceBoxesFromRawOutput) {
    double worst_rel = 0, worst_abs = 0, worst_score = 0;
    size_t compared = 0;
    for (const auto& [name, im] : reference().at("images").items()) {
        SCOPED_TRACE(name);
        const auto raw = read_f32(faceapi_path(name + ".det_raw.f32"), {13, 13, 25})
                             .permute({2, 0, 1});  // [25,13,13]
        const auto boxes = decode_detections(raw, im.at("w").get<int>(), im.at("h").get<int>());
        const auto& dets = im.at("dets");
        ASSERT_EQ(boxes.size(), dets.size());
        for (size_t k = 0; k < boxes.size(); ++k) {
            const auto rel = dets[k].at("relBox").get<std::vector<double>>();
            const auto abs = dets[k].at("absBox").get<std::vector<double>>();
            const DetectorBox& b = boxes[k];
            const double got_rel[4] = {b.rel_x, b.rel_y, b.rel_width, b.rel_height};
            const double got_abs[4] = {b.x, b.y, b.width, b.height};
            for (int j = 0; j < 4; ++j) {
                worst_rel = std::max(worst_rel, std::abs(got_rel[j] - rel[size_t(j)]));
                worst_abs = std::max(worst_abs, std::abs(got_abs[j] - abs[size_t(j)]));
            }
            worst_score =
                std::max(worst_score, std::abs(b.score - dets[k].at("score").get<double>()));
            ++compared;
        }
    }
    ASSERT_GT(compared, 0u) << "no reference detections in the fixture set";
    EXPECT_LE(worst_rel, 1e-9);
    EXPECT_LE(worst_abs, 1e-6);
    EXPECT_LE(worst_score, 1e-9);
    std::cout << "[faceapi] decode max |diff| score " << worst_score << ", relBox " << worst_rel
              << ", absBox " << worst_abs << " px\n";
}

#ifdef FACELLAVA_HAVE_MEDIA
// ---------------------------------------------------------------- from JPEG

// RGB as libjpeg-turbo decodes it (OpenCV's JPEG codec on Debian), without
// EXIF rotation, as the reference decoded it.
ImageRGB load_rgb(const std::string& path) {
    const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    if (bgr.empty()) {
        ADD_FAILURE() << "cannot decode " << path;
        throw std::runtime_error("cannot decode " + path);
    }
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    ImageRGB image;
    image.width = rgb.cols;
    image.height = rgb.rows;
    image.pixels.resize(size_t(rgb.cols) * size_t(rgb.rows) * 3);
    for (int y = 0; y < rgb.rows; ++y)
        std::memcpy(image.row(y), rgb.ptr(y), size_t(rgb.cols) * 3);
    return image;
}

ImageRGB fixture_image(const std::string& name) {
    return load_rgb(faceapi_path("images/" + name));
}

TEST(FaceApiMedia, FaceInputFromJpegMatchesReferenceInput) {
    double worst = 0;
    size_t checked = 0;
    for (const auto& [name, im] : reference().at("images").items()) {
        const ImageRGB image = fixture_image(name);
        ASSERT_EQ(image.width, im.at("w").get<int>());
        ASSERT_EQ(image.height, im.at("h").get<int>());
        for (size_t k = 0; k < im.at("dets").size(); ++k) {
            if (!has_fixture(input112_name(name, k)))
                continue;
            const auto mine = face_pixels(image, crop_of(im.at("dets")[k])).unsqueeze(0);
            worst = std::max(worst, max_abs_diff(mine, fixture_pixels112(name, k)));
            ++checked;
        }
    }
    ASSERT_GT(checked, 0u);
    std::cout << "[faceapi] 112 pixels from JPEG: max |diff| " << worst << " (0…255 scale) over "
              << checked << " faces\n";
    // Same decoder (libjpeg-turbo) and the same double/float32 steps as TF.js,
    // so the pixels agree exactly; a last-bit slack (1.5e-5 at 255) keeps the
    // check meaningful while allowing another libm's rounding.
    EXPECT_LE(worst, 1e-4);
}

TEST(FaceApiMedia, DetectorRawOutputFromJpegMatchesReference) {
    const auto& n = nets();
    double worst = 0;
    for (const auto& [name, im] : reference().at("images").items()) {
        SCOPED_TRACE(name);
        const auto raw = n.detector.forward(detector_input(fixture_image(name)));  // [1,25,13,13]
        const auto ref = read_f32(faceapi_path(name + ".det_raw.f32"), {1, 13, 13, 25});
        const auto mine = raw.permute({0, 2, 3, 1});  // NHWC like the fixture
        EXPECT_TRUE(tensors_close(mine, ref, 1e-4));
        worst = std::max(worst, max_abs_diff(mine, ref));
    }
    std::cout << "[faceapi] detector raw output from JPEG: max |diff| " << worst << "\n";
}

// The first image with per-face reference outputs (lmPos); a photo without
// faces has none. Fails the test when no image has any.
std::string first_image_with_face_outputs() {
    for (const auto& [name, im] : reference().at("images").items()) {
        for (const auto& det : im.at("dets")) {
            if (det.contains("lmPos"))
                return name;
        }
    }
    ADD_FAILURE() << "no image of reference.json has a face with reference outputs";
    throw std::runtime_error("no reference faces");
}

// The per-net convenience APIs on RGB images, on the faces of the first image
// that has reference outputs.
TEST(FaceApiMedia, NetConvenienceApisMatchReference) {
    const auto& n = nets();
    const std::string name = first_image_with_face_outputs();
    SCOPED_TRACE(name);
    const Json& im = reference().at("images").at(name);
    const ImageRGB image = fixture_image(name);
    std::vector<CropRect> crops;
    std::vector<const Json*> dets;
    for (const auto& det : im.at("dets")) {
        if (!det.contains("lmPos"))
            continue;
        crops.push_back(crop_of(det));
        dets.push_back(&det);
    }
    ASSERT_FALSE(crops.empty());
    const auto probs = n.expression.predict(image, crops);  // [K,7]
    const auto age_gender = n.age_gender.predict(image, crops);
    const auto points = n.landmarks.predict(image, crops);  // [K,68,2] image pixels
    for (size_t k = 0; k < crops.size(); ++k) {
        const Json& det = *dets[k];
        const auto row = int64_t(k);
        for (size_t j = 0; j < kExpressionLabels.size(); ++j)
            EXPECT_NEAR(probs[row][int64_t(j)].item<double>(),
                        det.at("expr").at(kExpressionLabels[j]).get<double>(), 1e-4);
        EXPECT_NEAR(age_gender.age[row].item<double>(), det.at("ageRaw").get<double>(), 1e-3);
        for (size_t j = 0; j < 68; ++j) {
            EXPECT_NEAR(points[row][int64_t(j)][0].item<double>(),
                        det.at("lmPos")[j].at(0).get<double>() + crops[k].x, 1e-3);
            EXPECT_NEAR(points[row][int64_t(j)][1].item<double>(),
                        det.at("lmPos")[j].at(1).get<double>() + crops[k].y, 1e-3);
        }
    }
    const auto boxes = n.detector.detect(image);
    ASSERT_EQ(boxes.size(), im.at("dets").size());
    EXPECT_NEAR(boxes[0].x, im.at("dets")[0].at("absBox")[0].get<double>(), 0.5);
}

TEST(PerceptionAnalyzer, DetectsAndAnalysesTheReferenceFaces) {
    const FaceAnalyzer analyzer(AssetLocator::from_environment());
    double worst_box = 0, worst_logit = 0, worst_point = 0;
    size_t images_with_faces = 0, faces_with_outputs = 0;
    for (const auto& [name, im] : reference().at("images").items()) {
        SCOPED_TRACE(name);
        const ImageRGB image = fixture_image(name);
        const auto faces = analyzer.detect(image);
        const auto& dets = im.at("dets");
        ASSERT_EQ(faces.size(), dets.size());
        if (dets.empty()) {
            // A photo without faces: the reference found none and so did we
            // (checked just above); the batched facade on no boxes gives nothing.
            EXPECT_TRUE(analyzer.analyze_faces(image, {}).empty());
            continue;
        }
        ++images_with_faces;
        std::vector<FaceBox> boxes;
        for (size_t k = 0; k < faces.size(); ++k) {
            const auto abs = dets[k].at("absBox").get<std::vector<double>>();
            const FaceBox& b = faces[k].box;
            for (double d : {b.x - abs[0], b.y - abs[1], b.width - abs[2], b.height - abs[3]})
                worst_box = std::max(worst_box, std::abs(d));
            EXPECT_NEAR(faces[k].score, dets[k].at("score").get<double>(), 1e-4);
            boxes.push_back({abs[0], abs[1], abs[2], abs[3]});
        }
        // The batched facade on the reference boxes: outputs of every face with
        // reference values, landmarks moved from crop to image pixels.
        const auto results = analyzer.analyze_faces(image, boxes);
        ASSERT_EQ(results.size(), boxes.size());
        for (size_t k = 0; k < results.size(); ++k) {
            const Json& det = dets[k];
            const FacePerception& r = results[k];
            const CropRect crop = crop_of(det);
            EXPECT_EQ(r.crop.x, crop.x);
            EXPECT_EQ(r.crop.width, crop.width);
            if (!det.contains("exprLogits"))
                continue;
            ++faces_with_outputs;
            for (size_t j = 0; j < 7; ++j)
                worst_logit = std::max(
                    worst_logit,
                    std::abs(r.expression_logits[j] - det.at("exprLogits")[j].get<double>()));
            EXPECT_NEAR(r.age, det.at("ageRaw").get<double>(), 1e-3);
            EXPECT_EQ(r.gender, det.at("gender").get<std::string>());
            EXPECT_NEAR(r.gender_probability, det.at("genderProbability").get<double>(), 1e-4);
            for (size_t j = 0; j < 68; ++j) {
                const auto& p = det.at("lmPos")[j];
                worst_point = std::max(
                    {worst_point, std::abs(r.landmarks[j].x - (p.at(0).get<double>() + crop.x)),
                     std::abs(r.landmarks[j].y - (p.at(1).get<double>() + crop.y))});
            }
        }
        // One face alone gives what the batch gave.
        const auto single = analyzer.analyze_face(image, boxes.front());
        EXPECT_NEAR(single.expression_logits[1], results.front().expression_logits[1], 1e-4);
        EXPECT_NEAR(single.landmarks[30].x, results.front().landmarks[30].x, 1e-3);
    }
    // The comparisons above saw real faces (a set of faceless photos proves nothing).
    ASSERT_GT(images_with_faces, 0u);
    ASSERT_GT(faces_with_outputs, 0u);
    EXPECT_LE(worst_box, 0.5);  // fixtures README: own JPEG decoding within 0.5 px
    EXPECT_LE(worst_logit, 1e-4);
    EXPECT_LE(worst_point, 2e-3);  // float32 output at ~1900 px has a 1.2e-4 ulp
    std::cout << "[faceapi] analyzer: box max |diff| " << worst_box << " px, expression logits "
              << worst_logit << ", landmarks " << worst_point << " px\n";

    EXPECT_THROW(analyzer.analyze_face(fixture_image(reference().at("images").begin().key()),
                                       FaceBox{-500, -500, 100, 100}),
                 Error);
}
#endif  // FACELLAVA_HAVE_MEDIA

}  // namespace
}  // namespace facellava::perception
