// Quantized checkpoints on disk (`facellava convert --quantize`,
// model/src/quant/quantized_checkpoint.cpp): a checkpoint quantized once and
// saved gives the same model, bit for bit, as quantizing the float
// checkpoint at load; a damaged one fails naming the key (or the scheme) and
// the file; the file's layout is the documented one (docs/MODELS.md,
// "Quantized weights"), read back with the plain safetensors reader.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>

#include "facellava/core/error.h"
#include "facellava/model/checkpoint_tools.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "quant/llm_quantization.h"
#include "quant/quantized_weight.h"
#include "test_support.h"
#include "tiny_fixture.h"

namespace facellava::model {
namespace {

const char* const kSchemes[] = {"int8", "int4-g32", "int4-g64-zp", "int4-g128"};

std::string float_weights() {
    return test::fixture("facellava_tiny.weights.safetensors");
}

// The fixture's main weights quantized into `dir`/<scheme>.safetensors, a
// few rows at a time when `chunk_bytes` is small.
std::string quantized_file(const std::string& dir, const std::string& scheme,
                           int64_t chunk_bytes = QuantizeOptions().chunk_bytes) {
    QuantizeOptions options;
    options.scheme = scheme;
    options.chunk_bytes = chunk_bytes;
    std::filesystem::create_directories(dir);
    const std::string out = dir + "/" + scheme + ".safetensors";
    const QuantizeResult result = quantize_checkpoint(float_weights(), out, options);
    EXPECT_FALSE(result.cancelled);
    EXPECT_EQ(result.scheme, quant::parse_scheme(scheme).name());
    return out;
}

// The fixture model with its main weights from `main_file`, the LLM's linear
// layers in `scheme` (quantized at load when the file is float, read as
// stored when it is quantized).
std::unique_ptr<FaceLlavaModel> load_with(const std::string& main_file,
                                          const quant::QuantScheme& scheme) {
    FaceLlavaWeights weights = tiny::fixture_weights();
    weights.main_source = main_file;
    weights.main = io::open_state_dict(main_file);
    weights.stored_scheme = quant::stored_scheme({main_file});
    auto model = std::make_unique<FaceLlavaModel>(tiny::fixture_hparams(), torch::kFloat32);
    model->load(weights, scheme);
    return model;
}

// Logits of every io prefix (image, video) of the tiny fixture.
std::vector<torch::Tensor> fixture_logits(FaceLlavaModel& model) {
    io::SafetensorsFile io(test::fixture("facellava_tiny.io.safetensors"));
    std::vector<torch::Tensor> logits;
    for (const auto& p : tiny::prefixes(io)) {
        const auto pixels = io.tensor(p + ".pixel_values");
        const auto landmarks = io.tensor(p + ".landmarks");
        const auto enc = pixels.dim() == 5 ? model.encode_video(pixels, landmarks)
                                           : model.encode_images(pixels, landmarks);
        const auto ids = tiny::ids_of(io.tensor(p + ".input_ids"));
        logits.push_back(model.llm()->forward_embeddings(
            model.splice(ids, visual_segments(enc.tokens)), nullptr));
    }
    return logits;
}

TEST(QuantizedCheckpoint, SavedAndReloadedGivesBitIdenticalLogits) {
    torch::NoGradGuard no_grad;
    const std::string dir = test::make_temp_dir("quantized-checkpoint");
    for (const char* name : kSchemes) {
        SCOPED_TRACE(name);
        const quant::QuantScheme scheme = quant::parse_scheme(name);
        auto at_load = load_with(float_weights(), scheme);
        const auto expected = fixture_logits(*at_load);
        // Whole matrices at once, and 5 rows at a time (64 inputs × 4 bytes).
        for (const int64_t chunk_bytes : {QuantizeOptions().chunk_bytes, int64_t(5 * 64 * 4)}) {
            SCOPED_TRACE("chunk_bytes " + std::to_string(chunk_bytes));
            const std::string file =
                quantized_file(dir + "/" + std::to_string(chunk_bytes), name, chunk_bytes);
            ASSERT_EQ(quant::stored_scheme({file}), scheme);
            auto from_disk = load_with(file, scheme);
            const auto actual = fixture_logits(*from_disk);
            ASSERT_EQ(actual.size(), expected.size());
            ASSERT_FALSE(actual.empty());
            for (size_t i = 0; i < actual.size(); ++i)
                EXPECT_TRUE(torch::equal(actual[i], expected[i])) << "io prefix " << i;
        }
    }
}

// The layout docs/MODELS.md promises, checked against the float source with
// float64 arithmetic written here: every LLM linear weight is codes + float16
// scales (+ zeros), within half a step of the float weight; every other
// tensor is the source's, unchanged.
TEST(QuantizedCheckpoint, FileHoldsTheDocumentedLayout) {
    const std::string dir = test::make_temp_dir("quantized-layout");
    const io::SafetensorsFile source(float_weights());
    for (const char* name : {"int8", "int4-g32-zp"}) {
        SCOPED_TRACE(name);
        const quant::QuantScheme scheme = quant::parse_scheme(name);
        const io::SafetensorsFile out(quantized_file(dir, name));
        const auto meta = nlohmann::json::parse(out.metadata().at(quant::kMetadataKey));
        EXPECT_EQ(meta.at("format"), "facellava-quant/1");
        EXPECT_EQ(meta.at("scheme"), scheme.bits == 8 ? "int8" : "int4");
        EXPECT_EQ(meta.at("group"), scheme.group);
        EXPECT_EQ(meta.at("zero_points"), scheme.zero_points);
        EXPECT_EQ(meta.at("scale_dtype"), "float16");
        EXPECT_EQ(meta.at("towers"), false);
        int quantized = 0;
        for (const auto& entry : source.entries()) {
            SCOPED_TRACE(entry.name);
            const auto w = source.tensor(entry.name).to(torch::kFloat64);
            if (!quant::is_quantizable_llm_key(entry.name)) {
                EXPECT_TRUE(torch::equal(out.tensor(entry.name), source.tensor(entry.name)));
                continue;
            }
            ++quantized;
            const int64_t rows = w.size(0), cols = w.size(1);
            const auto codes = out.tensor(entry.name);
            const auto scales = out.tensor(quant::scale_key(entry.name));
            EXPECT_EQ(scales.scalar_type(), torch::kFloat16);
            EXPECT_EQ(out.contains(quant::zero_key(entry.name)), scheme.zero_points);
            const int64_t group = scheme.bits == 8 ? cols : scheme.group;
            const int64_t groups = (cols + group - 1) / group;
            ASSERT_EQ(scales.sizes().vec(), (std::vector<int64_t>{rows, groups}));
            if (scheme.bits == 8) {
                ASSERT_EQ(codes.scalar_type(), torch::kInt8);
                ASSERT_EQ(codes.sizes().vec(), (std::vector<int64_t>{rows, cols}));
            } else {
                ASSERT_EQ(codes.scalar_type(), torch::kUInt8);
                ASSERT_EQ(codes.sizes().vec(), (std::vector<int64_t>{rows, (cols + 1) / 2}));
            }
            const auto c = codes.contiguous();
            const auto s = scales.to(torch::kFloat64).contiguous();
            const auto z = scheme.zero_points ? out.tensor(quant::zero_key(entry.name)).contiguous()
                                              : torch::Tensor();
            const auto wa = w.accessor<double, 2>();
            const auto sa = s.accessor<double, 2>();
            double worst = 0;  // |w − dequantized| in steps
            for (int64_t r = 0; r < rows; ++r) {
                for (int64_t k = 0; k < cols; ++k) {
                    const int64_t g = k / group;
                    double q = 0;
                    if (scheme.bits == 8) {
                        q = c.data_ptr<int8_t>()[r * cols + k];
                    } else {
                        const uint8_t byte = c.data_ptr<uint8_t>()[r * c.size(1) + k / 2];
                        const int nibble = k % 2 == 0 ? byte & 0x0F : byte >> 4;  // low = even
                        const int zero =
                            scheme.zero_points ? z.data_ptr<uint8_t>()[r * groups + g] : 8;
                        q = nibble - zero;
                    }
                    const double step = sa[r][g];
                    if (step > 0)
                        worst = std::max(worst, std::abs(wa[r][k] - q * step) / step);
                }
            }
            // Round-to-nearest of w / scale with a float16 scale: at most
            // half a step plus the scale's own rounding.
            EXPECT_LE(worst, 0.5 + 1e-2);
        }
        EXPECT_GT(quantized, 0);
    }
}

// A copy of `file` with its tensors and metadata changed by `edit`.
std::string damaged_copy(
    const std::string& file, const std::string& out,
    const std::function<void(io::StateDict&, std::map<std::string, std::string>&)>& edit) {
    const io::SafetensorsFile st(file);
    io::StateDict tensors;
    for (const auto& entry : st.entries())
        tensors.emplace(entry.name, st.tensor(entry.name));
    std::map<std::string, std::string> metadata = st.metadata();
    edit(tensors, metadata);
    io::save_safetensors(out, tensors, metadata);
    return out;
}

// Loads a quantized main file as the engine does (scheme from its metadata)
// and returns the error's text ("" when it loaded).
std::string load_error(const std::string& main_file) {
    try {
        const auto stored = quant::stored_scheme({main_file});
        if (!stored)
            return "no stored scheme";
        (void)load_with(main_file, *stored);
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

TEST(QuantizedCheckpoint, DamagedCheckpointsFailNamingTheKeyAndTheFile) {
    torch::NoGradGuard no_grad;
    const std::string dir = test::make_temp_dir("quantized-damaged");
    const std::string good = quantized_file(dir, "int4-g32");
    ASSERT_EQ(load_error(good), "");
    const std::string key = "model.layers.0.self_attn.q_proj.weight";
    const std::string scale = quant::scale_key(key);
    const std::string zero = quant::zero_key(key);

    const std::string missing =
        damaged_copy(good, dir + "/missing.safetensors",
                     [&](auto& tensors, auto&) { ASSERT_EQ(tensors.erase(scale), 1u); });
    const std::string misshapen =
        damaged_copy(good, dir + "/misshapen.safetensors", [&](auto& tensors, auto&) {
            const auto s = tensors.at(scale);
            tensors[scale] = torch::ones({s.size(0), s.size(1) + 1}, torch::kFloat16);
        });
    const std::string extra_zero =
        damaged_copy(good, dir + "/extra_zero.safetensors", [&](auto& tensors, auto&) {
            tensors[zero] = torch::full(tensors.at(scale).sizes(), 8, torch::kUInt8);
        });
    for (const auto& [file, what] : {std::pair<std::string, std::string>{missing, scale},
                                     {misshapen, scale},
                                     {extra_zero, zero}}) {
        SCOPED_TRACE(file);
        const std::string message = load_error(file);
        EXPECT_NE(message.find(what), std::string::npos) << message;
        EXPECT_NE(message.find(file), std::string::npos) << message;
    }

    const std::string unknown =
        damaged_copy(good, dir + "/unknown.safetensors", [&](auto&, auto& metadata) {
            auto meta = nlohmann::json::parse(metadata.at(quant::kMetadataKey));
            meta["scheme"] = "int3";
            metadata[quant::kMetadataKey] = meta.dump();
        });
    const std::string message = load_error(unknown);
    EXPECT_NE(message.find("int3"), std::string::npos) << message;
    EXPECT_NE(message.find(unknown), std::string::npos) << message;
}

TEST(QuantizedCheckpoint, AQuantizedCheckpointIsNotQuantizedAgain) {
    const std::string dir = test::make_temp_dir("quantized-twice");
    const std::string once = quantized_file(dir, "int8");
    QuantizeOptions options;
    options.scheme = "int4";
    try {
        (void)quantize_checkpoint(once, dir + "/twice.safetensors", options);
        FAIL() << "a quantized checkpoint was quantized again";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("already quantized"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(dir + "/twice.safetensors"));
}

TEST(QuantizedCheckpoint, CancelledConversionLeavesNothing) {
    const std::string dir = test::make_temp_dir("quantized-cancel");
    std::atomic<bool> cancel{true};
    QuantizeOptions options;
    options.scheme = "int8";
    options.cancel = &cancel;
    const auto result = quantize_checkpoint(float_weights(), dir + "/out.safetensors", options);
    EXPECT_TRUE(result.cancelled);
    EXPECT_TRUE(std::filesystem::is_empty(dir)) << "a temporary or partial file was left";
}

}  // namespace
}  // namespace facellava::model
