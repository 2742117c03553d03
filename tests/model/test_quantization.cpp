// Weight-only quantization (model/src/quant): scheme names and metadata, the
// quantize/dequantize round trip against float64 references written here
// from the documented format, quantized LLaMA layers against the fixtures'
// greedy ids, and the loader's refusals.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "facellava/core/error.h"
#include "generation/generator.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "llm/llama_model.h"
#include "quant/cpu_quant_kernels.h"
#include "quant/llm_quantization.h"
#include "quant/quantized_linear.h"
#include "quant/quantized_weight.h"
#include "quant_reference.h"
#include "test_support.h"
#include "tiny_fixture.h"

namespace facellava::model::quant {
namespace {

std::vector<QuantScheme> every_scheme() {
    std::vector<QuantScheme> schemes = {parse_scheme("int8")};
    for (const char* name :
         {"int4-g32", "int4-g64", "int4-g128", "int4-g32-zp", "int4-g64-zp", "int4-g128-zp"})
        schemes.push_back(parse_scheme(name));
    return schemes;
}

// Edge shapes: one row, odd columns, columns not a multiple of any group.
const std::vector<std::pair<int64_t, int64_t>> kShapes = {{1, 1},   {1, 33},   {7, 63}, {5, 128},
                                                          {3, 129}, {16, 200}, {9, 257}};

// The quantizer works in float32 (documented): so does this reference.
double half_round(float v) {
    return static_cast<double>(static_cast<float>(c10::Half(v)));
}

// The documented format decoded with plain loops: (rows, cols) float64.
std::vector<double> reference_dequantize(const QuantizedWeight& q) {
    const auto data = q.data.contiguous();
    const auto scales = q.scales.to(torch::kFloat64).contiguous();
    std::vector<double> out(static_cast<size_t>(q.rows * q.cols));
    for (int64_t r = 0; r < q.rows; ++r) {
        for (int64_t c = 0; c < q.cols; ++c) {
            double value = 0;
            if (q.scheme.bits == 8) {
                value =
                    double(data.data_ptr<int8_t>()[r * q.cols + c]) * scales.data_ptr<double>()[r];
            } else {
                const int64_t g = c / q.scheme.group, groups = scales.size(1);
                const uint8_t byte = data.data_ptr<uint8_t>()[r * data.size(1) + c / 2];
                const int nibble = c % 2 == 0 ? byte & 15 : byte >> 4;
                const int zero = q.zeros.defined()
                                     ? q.zeros.contiguous().data_ptr<uint8_t>()[r * groups + g]
                                     : 8;
                value = double(nibble - zero) * scales.data_ptr<double>()[r * groups + g];
            }
            out[size_t(r * q.cols + c)] = value;
        }
    }
    return out;
}

// The codes the documented rules choose for w, in float64: scale rounded to
// float16 first, codes round-to-nearest-even of w / scale (+ zero), clamped.
std::vector<int> reference_codes(const torch::Tensor& w64, const QuantScheme& s) {
    const int64_t rows = w64.size(0), cols = w64.size(1);
    const auto* w = w64.data_ptr<double>();
    const int64_t width = s.bits == 8 ? cols : s.group;
    std::vector<int> codes(size_t(rows * cols));
    for (int64_t r = 0; r < rows; ++r) {
        for (int64_t begin = 0; begin < cols; begin += width) {
            const int64_t end = std::min(cols, begin + width);
            double lo = 0, hi = 0, amax = 0;
            for (int64_t c = begin; c < end; ++c) {
                lo = std::min(lo, w[r * cols + c]);
                hi = std::max(hi, w[r * cols + c]);
                amax = std::max(amax, std::abs(w[r * cols + c]));
            }
            double scale = 0, zero = 0, qmin = -127, qmax = 127;
            if (s.bits == 8) {
                scale = half_round(float(amax) / 127.0f);
            } else if (s.zero_points) {
                scale = half_round((float(hi) - float(lo)) / 15.0f);
                zero = std::nearbyint(
                    std::clamp(double(-float(lo) / float(scale > 0 ? scale : 1)), 0.0, 15.0));
                qmin = 0;
                qmax = 15;
            } else {
                scale = half_round(float(amax) / 7.0f);
                zero = 8;
                qmin = 0;
                qmax = 15;
            }
            const double d = scale > 0 ? scale : 1;
            for (int64_t c = begin; c < end; ++c)
                codes[size_t(r * cols + c)] =
                    int(std::clamp(double(std::nearbyint(float(w[r * cols + c]) / float(d))) + zero,
                                   qmin, qmax) -
                        zero);
        }
    }
    return codes;
}

TEST(QuantScheme, NamesParseAndRoundTripThroughMetadata) {
    EXPECT_EQ(parse_scheme("int4").name(), "int4-g128");
    EXPECT_EQ(parse_scheme("int4", 64).name(), "int4-g64");
    EXPECT_EQ(parse_scheme("int4-g32-zp").group, 32);
    EXPECT_TRUE(parse_scheme("int4-g32-zp").zero_points);
    for (const auto& s : every_scheme()) {
        SCOPED_TRACE(s.name());
        EXPECT_EQ(parse_scheme(s.name()), s);
        bool towers = true;
        EXPECT_EQ(scheme_from_metadata(scheme_metadata(s, false), "x", &towers), s);
        EXPECT_FALSE(towers);
    }
    // int4 rows of 100 inputs in groups of 32: 50 code bytes, 4 scales of 2 bytes.
    EXPECT_EQ(parse_scheme("int4-g32").row_bytes(100), 50 + 4 * 2);
    EXPECT_EQ(parse_scheme("int4-g32-zp").row_bytes(100), 50 + 4 * 3);
    EXPECT_EQ(parse_scheme("int8").row_bytes(100), 100 + 2);
    for (const char* bad : {"int3", "int4-g16", "int4-g", "int8-zp", "q4_0", ""})
        EXPECT_THROW(parse_scheme(bad), Error) << bad;
    EXPECT_THROW(parse_scheme("int8", 64), Error);
    EXPECT_THROW(parse_scheme("int4", 48), Error);
    try {
        scheme_from_metadata(R"({"format":"facellava-quant/1","scheme":"nf4","group":64,)"
                             R"("zero_points":false,"scale_dtype":"float16"})",
                             "w.safetensors");
        FAIL() << "an unknown scheme must be refused";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("nf4"), std::string::npos) << e.what();
        EXPECT_EQ(e.path(), "w.safetensors");
    }
    EXPECT_THROW(scheme_from_metadata(R"({"format":"facellava-quant/9"})", "w"), Error);
    EXPECT_THROW(scheme_from_metadata("not json", "w"), Error);
}

TEST(QuantizedWeight, RoundTripMatchesTheFloat64Reference) {
    std::mt19937 rng(7);
    for (const auto& s : every_scheme()) {
        for (const auto& [rows, cols] : kShapes) {
            SCOPED_TRACE(s.name() + " " + std::to_string(rows) + "x" + std::to_string(cols));
            torch::manual_seed(rng());
            // Shifted rows, so zero-point groups are asymmetric; one all-zero row.
            auto w = torch::randn({rows, cols}, torch::kFloat64) * 0.05 + 0.01;
            if (rows > 2)
                w[1].zero_();
            const auto q = quantize(w.to(torch::kFloat32), s);
            ASSERT_NO_THROW(check_quantized(q, "w", "test"));
            const auto expected_values = reference_dequantize(q);
            const auto got = dequantize(q, torch::kFloat64).contiguous();
            ASSERT_EQ(got.sizes(), w.sizes());
            const auto codes = reference_codes(w.to(torch::kFloat32).to(torch::kFloat64), s);
            const auto scales = q.scales.to(torch::kFloat64).contiguous();
            for (int64_t i = 0; i < rows * cols; ++i) {
                // dequantize() is exactly the documented decoding...
                ASSERT_EQ(got.data_ptr<double>()[i], expected_values[size_t(i)]) << i;
                // ...of the codes the documented rules choose.
                const int64_t r = i / cols, c = i % cols;
                const double scale =
                    scales.data_ptr<double>()[r * scales.size(1) + (s.bits == 8 ? 0 : c / s.group)];
                ASSERT_EQ(expected_values[size_t(i)], codes[size_t(i)] * scale) << i;
                // And they are within half a step of the weight (plus the
                // float16 rounding of the scale at the range's end).
                ASSERT_LE(std::abs(expected_values[size_t(i)] - w.data_ptr<double>()[i]),
                          0.5 * scale * 1.01 + 1e-7)
                    << i;
            }
        }
    }
}

TEST(QuantizedWeight, CheckNamesTheWrongTensor) {
    const auto q = quantize(torch::randn({4, 64}), parse_scheme("int4-g32-zp"));
    auto broken = q;
    broken.scales = torch::ones({4, 3}, torch::kHalf);
    try {
        check_quantized(broken, "layer.weight", "ckpt.safetensors");
        FAIL();
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("layer.weight_scale"), std::string::npos) << e.what();
        EXPECT_EQ(e.path(), "ckpt.safetensors");
    }
    broken = q;
    broken.zeros = torch::Tensor();
    EXPECT_THROW(check_quantized(broken, "w", "f"), Error);
    broken = q;
    broken.scheme = parse_scheme("int4-g32");  // symmetric: a zero tensor is wrong
    EXPECT_THROW(check_quantized(broken, "w", "f"), Error);
    broken = q;
    broken.data = q.data.to(torch::kInt8);
    EXPECT_THROW(check_quantized(broken, "w", "f"), Error);
}

TEST(QuantizedLinear, ProductIsTheDequantizedWeightsProduct) {
    torch::manual_seed(3);
    for (const auto& s : every_scheme()) {
        SCOPED_TRACE(s.name());
        const auto q = quantize(torch::randn({37, 129}), s);
        const auto x = torch::randn({2, 5, 129});
        // Where the default CPU path rounds x (int4 on AVX-512 VNNI), the
        // product is that of the rounded x (quant_reference.h's rule).
        const bool rounded = cpu_path_rounds_activations(cpu_kernel_path_for(s));
        const auto expected =
            torch::matmul(rounded ? reference::rounded_rows(x) : x.to(torch::kFloat64),
                          dequantize(q, torch::kFloat64).t());
        const auto got = quantized_linear(x, q);
        ASSERT_EQ(got.sizes(), (std::vector<int64_t>{2, 5, 37}));
        EXPECT_LT((got.to(torch::kFloat64) - expected).abs().max().item<double>(), 1e-4);
        // bfloat16 activations come back in bfloat16.
        EXPECT_EQ(quantized_linear(x.to(torch::kBFloat16), q).scalar_type(), torch::kBFloat16);
        EXPECT_THROW(quantized_linear(torch::randn({3, 128}), q), Error);
    }
}

// ------------------------------------------------------ quantized LLaMA layers

LlamaForCausalLM load_llama(const std::string& name) {
    const auto path = test::fixture(name + ".config.json");
    const auto hp = LlamaHParams::from_json(io::JsonConfig(io::read_json_file(path), path));
    LlamaForCausalLM lm(hp);
    const auto weights = test::fixture(name + ".weights.safetensors");
    io::load_into_module(*lm, io::load_state_dict(weights), weights, /*strict=*/true);
    lm->eval();
    return lm;
}

TEST(QuantizedLlama, Int8KeepsTheFixturesGreedyIds) {
    torch::NoGradGuard no_grad;
    for (const std::string name : {"llama_mha", "llama_gqa"}) {
        SCOPED_TRACE(name);
        auto lm = load_llama(name);
        const auto float_bytes = llm_weight_bytes(*lm);
        quantize_llm(*lm, parse_scheme("int8"));
        for (const auto& [key, linear] : llm_linears(*lm))
            EXPECT_TRUE(linear->quantized()) << key;
        EXPECT_LT(llm_weight_bytes(*lm), float_bytes);
        io::SafetensorsFile io(test::fixture(name + ".io.safetensors"));
        const auto input = tiny::ids_of(io.tensor("input_ids"));
        const auto greedy = tiny::ids_of(io.tensor("greedy_ids"));
        const std::vector<int64_t> expected(greedy.begin() + std::ptrdiff_t(input.size()),
                                            greedy.end());
        SamplingParams params;
        params.max_new_tokens = int(expected.size());
        const auto ids = torch::tensor(input, torch::kInt64).unsqueeze(0);
        const auto result = generate(lm, lm->embed(ids), input, params);
        const auto eos = std::find(expected.begin(), expected.end(), lm->hparams().eos_token_id);
        EXPECT_EQ(result.ids, std::vector<int64_t>(expected.begin(), eos));
    }
}

// facellava_tiny is a small random model whose greedy tokens can win by less
// than int8's rounding moves a logit (the fixture set of this writing: the
// first by 0.007, errors up to 0.08), so its greedy ids are no test of int8. Teacher-forced along
// the fixture's greedy answer, every position whose float top-1 leads by more than twice the int8
// model's largest logit error there must keep it, and the errors stay within int8's per-row step.
TEST(QuantizedLlama, Int8TinyFaceLlavaKeepsEveryClearTop1) {
    torch::NoGradGuard no_grad;
    auto quantized = std::make_unique<FaceLlavaModel>(tiny::fixture_hparams(), torch::kFloat32);
    quantized->load(tiny::fixture_weights(), parse_scheme("int8"));
    auto reference = tiny::fixture_model();
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    int clear = 0;
    for (const auto& p : tiny::prefixes(io)) {
        if (!io.contains(p + ".greedy_new_ids"))
            continue;
        SCOPED_TRACE(p);
        const auto pixels = io.tensor(p + ".pixel_values");
        const auto landmarks = io.tensor(p + ".landmarks");
        auto ids = tiny::ids_of(io.tensor(p + ".input_ids"));
        const auto answer = tiny::ids_of(io.tensor(p + ".greedy_new_ids"));
        const size_t prompt = ids.size();
        ids.insert(ids.end(), answer.begin(), answer.end());
        const auto logits = [&](FaceLlavaModel& m) {
            const auto enc = pixels.dim() == 5 ? m.encode_video(pixels, landmarks)
                                               : m.encode_images(pixels, landmarks);
            return m.llm()->forward_embeddings(m.splice(ids, visual_segments(enc.tokens)),
                                               nullptr)[0];
        };
        const auto f = logits(*reference), q = logits(*quantized);  // (L, V)
        // The float model reproduces the fixture's answer (the reference's own check).
        const int64_t first = f.size(0) - int64_t(answer.size()) - 1;
        for (size_t i = 0; i < answer.size(); ++i)
            ASSERT_EQ(f[first + int64_t(i)].argmax().item<int64_t>(), answer[i]) << i;
        const auto error = (f - q).abs().amax(1);  // (L)
        // Small against the logits' own size (measured: 3 % and under 1 %).
        const float scale = f.abs().max().item<float>();
        EXPECT_LT(error.max().item<float>(), 0.1f * scale);
        EXPECT_LT((f - q).pow(2).mean().sqrt().item<float>(), 0.02f * scale);
        const auto top2 = std::get<0>(f.topk(2, 1));  // (L, 2)
        const auto margin = top2.select(1, 0) - top2.select(1, 1);
        for (int64_t t = 0; t < f.size(0); ++t) {
            if (margin[t].item<float>() <= 2 * error[t].item<float>())
                continue;
            ++clear;
            EXPECT_EQ(q[t].argmax().item<int64_t>(), f[t].argmax().item<int64_t>()) << t;
        }
        (void)prompt;
    }
    EXPECT_GT(clear, 0);
}

TEST(QuantizedLlama, LoaderRefusesAQuantizedCheckpointAsFloatAndMismatchedSchemes) {
    auto weights = tiny::fixture_weights();
    weights.stored_scheme = parse_scheme("int4-g64");
    FaceLlavaModel model(tiny::fixture_hparams(), torch::kFloat32);
    EXPECT_THROW(model.load(weights), Error);                        // as float
    EXPECT_THROW(model.load(weights, parse_scheme("int8")), Error);  // another scheme
}

}  // namespace
}  // namespace facellava::model::quant
