// The safetensors reader/writer and checkpoint loading: round trips, sharded
// folders, torch zip archives, and every way a file can lie about itself.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "facellava/core/error.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "tensor_compare.h"
#include "test_support.h"

namespace facellava::io {
namespace {

std::string write_raw(const std::string& dir, const std::string& name, const std::string& header,
                      size_t data_bytes, int64_t header_len_override = -1) {
    const std::string path = dir + "/" + name;
    std::ofstream out(path, std::ios::binary);
    const uint64_t len = header_len_override >= 0 ? uint64_t(header_len_override) : header.size();
    for (int i = 0; i < 8; ++i) out.put(char((len >> (8 * i)) & 0xff));
    out << header << std::string(data_bytes, '\0');
    return path;
}

// Expects an Error whose message mentions `needle` and names the file.
void expect_rejected(const std::string& path, const std::string& needle) {
    try {
        SafetensorsFile file(path);
        FAIL() << "accepted a bad file: " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path);
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
}

TEST(Safetensors, RoundTripKeepsDtypesShapesAndValues) {
    const std::string dir = test::make_temp_dir("st");
    std::map<std::string, torch::Tensor> tensors{
        {"a.f32", torch::randn({3, 4})},
        {"b.f16", torch::randn({5}).to(torch::kFloat16)},
        {"c.bf16", torch::randn({2, 2, 2}).to(torch::kBFloat16)},
        {"d.i64", torch::arange(7, torch::kInt64)},
        {"e.empty", torch::zeros({0, 3})},
        {"f.noncontiguous", torch::randn({4, 6}).t()},
    };
    const std::string path = dir + "/w.safetensors";
    save_safetensors(path, tensors, {{"format", "pt"}});
    SafetensorsFile file(path);
    EXPECT_EQ(file.entries().size(), tensors.size());
    EXPECT_EQ(file.metadata().at("format"), "pt");
    for (const auto& [name, expected] : tensors) {
        auto got = file.tensor(name);
        EXPECT_EQ(got.scalar_type(), expected.scalar_type()) << name;
        EXPECT_TRUE(torch::equal(got, expected.contiguous())) << name;
    }
    EXPECT_EQ(file.tensor("b.f16", torch::kFloat32).scalar_type(), torch::kFloat32);
    EXPECT_THROW(file.tensor("missing.key"), Error);
}

TEST(Safetensors, ReadsTheFixtureCheckpoints) {
    SafetensorsFile file(test::fixture("llama_mha.weights.safetensors"));
    ASSERT_FALSE(file.entries().empty());
    for (const auto& entry : file.entries()) EXPECT_EQ(entry.dtype, StDType::F32) << entry.name;
    EXPECT_EQ(file.tensor("model.embed_tokens.weight").dim(), 2);
}

TEST(Safetensors, RejectsTruncatedAndLyingFiles) {
    const std::string dir = test::make_temp_dir("stbad");
    const std::string good_header = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})";
    write_raw(dir, "empty.safetensors", "", 0);
    std::ofstream(dir + "/zero.safetensors").close();
    expect_rejected(dir + "/zero.safetensors", "only 0 bytes");
    expect_rejected(write_raw(dir, "short.safetensors", good_header, 8), "outside the data section");
    expect_rejected(write_raw(dir, "header_past_end.safetensors", good_header, 16, 1 << 20), "runs past the end");
    expect_rejected(write_raw(dir, "huge_header.safetensors", good_header, 16, int64_t(1) << 40), "header claims");
    expect_rejected(write_raw(dir, "not_json.safetensors", "{not json at all", 16), "not valid JSON");
    expect_rejected(write_raw(dir, "array.safetensors", "[1,2,3]", 0), "not a JSON object");
    expect_rejected(write_raw(dir, "dtype.safetensors", R"({"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,2]}})", 2),
                    "unsupported dtype");
    expect_rejected(write_raw(dir, "size.safetensors", R"({"w":{"dtype":"F32","shape":[3,3],"data_offsets":[0,16]}})", 16),
                    "need 36");
    expect_rejected(write_raw(dir, "overlap.safetensors",
                              R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                              R"("b":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}})",
                              24),
                    "overlap");
    expect_rejected(write_raw(dir, "negative.safetensors", R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}})", 4),
                    "negative");
    expect_rejected(write_raw(dir, "offsets.safetensors", R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})", 8),
                    "outside the data section");
    expect_rejected(write_raw(dir, "fields.safetensors", R"({"w":{"dtype":"F32"}})", 0), "lacks");
    expect_rejected(dir + "/does-not-exist.safetensors", "cannot open");
}

TEST(StateDict, LoadsShardedFoldersThroughTheIndex) {
    const std::string dir = test::make_temp_dir("shards");
    auto a = torch::randn({3}), b = torch::randn({2, 2});
    save_safetensors(dir + "/model-00001-of-00002.safetensors", {{"x.a", a}});
    save_safetensors(dir + "/model-00002-of-00002.safetensors", {{"x.b", b}});
    std::ofstream(dir + "/model.safetensors.index.json")
        << R"({"metadata":{},"weight_map":{"x.a":"model-00001-of-00002.safetensors","x.b":"model-00002-of-00002.safetensors"}})";
    auto dict = load_state_dict(dir);
    ASSERT_EQ(dict.size(), 2u);
    EXPECT_TRUE(torch::equal(dict.at("x.a"), a));
    EXPECT_TRUE(torch::equal(dict.at("x.b"), b));
    auto half = load_state_dict(dir, torch::kFloat16);
    EXPECT_EQ(half.at("x.a").scalar_type(), torch::kFloat16);

    std::filesystem::remove(dir + "/model-00002-of-00002.safetensors");
    EXPECT_THROW(load_state_dict(dir), Error);
}

TEST(StateDict, IndexCannotPointOutsideTheCheckpointFolder) {
    const std::string dir = test::make_temp_dir("escape");
    std::ofstream(dir + "/model.safetensors.index.json") << R"({"weight_map":{"x":"../../etc/passwd"}})";
    try {
        load_state_dict(dir);
        FAIL() << "expected refusal";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("outside the checkpoint folder"), std::string::npos);
    }
}

TEST(StateDict, LoadsTorchZipArchives) {
    const std::string dir = test::make_temp_dir("bin");
    c10::Dict<std::string, torch::Tensor> dict;
    auto w = torch::randn({4, 2});
    dict.insert("layer.weight", w);
    const std::vector<char> bytes = torch::pickle_save(torch::IValue(dict));
    {
        std::ofstream out(dir + "/pytorch_model.bin", std::ios::binary);
        out.write(bytes.data(), std::streamsize(bytes.size()));
    }
    auto loaded = load_state_dict(dir);
    ASSERT_EQ(loaded.size(), 1u);
    EXPECT_TRUE(torch::equal(loaded.at("layer.weight"), w));

    std::ofstream(dir + "/garbage.bin") << "definitely not a zip archive";
    EXPECT_THROW(load_state_dict(dir + "/garbage.bin"), Error);
}

TEST(StateDict, StrictLoadingListsEveryProblemAtOnce) {
    torch::nn::Sequential net(torch::nn::Linear(4, 3), torch::nn::Linear(3, 2));
    StateDict dict;
    dict["0.weight"] = torch::ones({3, 4});
    dict["0.bias"] = torch::ones({5});        // wrong shape
    dict["1.weight"] = torch::ones({2, 3});
    dict["extra.weight"] = torch::ones({1});  // unexpected; 1.bias is missing
    try {
        load_into_module(*net, dict, "ckpt.safetensors");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        EXPECT_EQ(e.path(), "ckpt.safetensors");
        EXPECT_NE(what.find("1.bias"), std::string::npos) << what;
        EXPECT_NE(what.find("extra.weight"), std::string::npos) << what;
        EXPECT_NE(what.find("0.bias"), std::string::npos) << what;
    }
    dict["0.bias"] = torch::full({3}, 2.0);
    auto report = load_into_module(*net, dict, "ckpt", /*strict=*/false, /*ignore=*/{"extra.weight"});
    EXPECT_EQ(report.missing, std::vector<std::string>{"1.bias"});
    EXPECT_TRUE(report.unexpected.empty());
    EXPECT_TRUE(torch::equal(net[0]->named_parameters()["bias"], torch::full({3}, 2.0)));
}

TEST(StateDict, PrefixStripping) {
    StateDict dict{{"vision_model.a", torch::ones({1})}, {"model.b", torch::ones({1})}};
    auto stripped = with_prefix_stripped(dict, "vision_model.");
    ASSERT_EQ(stripped.size(), 1u);
    EXPECT_TRUE(stripped.count("a"));
}

}  // namespace
}  // namespace facellava::io
