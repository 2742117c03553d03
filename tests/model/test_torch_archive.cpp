// The lazy torch.save reader (io::TorchArchive): the released .bin layouts of
// the fixtures read back bit for bit, views and shared storages come out
// right, and hostile archives (built here with LibTorch's own zip writer and
// hand-written pickles) are refused naming the file, with nothing executed.
#include <gtest/gtest.h>

#include <caffe2/serialize/inline_container.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "io/safetensors.h"
#include "io/state_dict.h"
#include "io/torch_archive.h"
#include "io/torch_pickle.h"
#include "io/zip_directory.h"
#include "test_support.h"

namespace facellava::io {
namespace {

namespace fs = std::filesystem;

// ---- archives and pickles written by hand -----------------------------------

// A torch.save-style archive: data.pkl plus data/<key> records, named after
// the file stem like PyTorch 1.x does ("<stem>/data.pkl").
void write_archive(const std::string& path, const std::string& pickle,
                   const std::map<std::string, std::string>& storages = {}) {
    caffe2::serialize::PyTorchStreamWriter writer(path);
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    for (const auto& [key, bytes] : storages)
        writer.writeRecord("data/" + key, bytes.data(), bytes.size());
    writer.writeEndOfFile();
}

template <typename T>
std::string raw_bytes(const std::vector<T>& values) {
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Protocol-2 pickle text, opcode by opcode, as Python's pickler writes it.
struct Pickle {
    std::string bytes = "\x80\x02";

    Pickle& op(const std::string& text) {
        bytes += text;
        return *this;
    }
    Pickle& global(const std::string& module, const std::string& name) {
        return op("c" + module + "\n" + name + "\n");
    }
    Pickle& str(const std::string& text) {
        bytes += 'X';
        for (int i = 0; i < 4; ++i)
            bytes += char((text.size() >> (8 * i)) & 0xff);
        return op(text);
    }
    Pickle& integer(int64_t value) {  // LONG1 with 8 bytes: any int64
        bytes += "\x8a\x08";
        for (int i = 0; i < 8; ++i)
            bytes += char((uint64_t(value) >> (8 * i)) & 0xff);
        return *this;
    }
    Pickle& ints(const std::vector<int64_t>& values) {
        op("(");
        for (int64_t v : values)
            integer(v);
        return op("t");
    }
    Pickle& ordered_dict() { return global("collections", "OrderedDict").op(")R"); }
    // torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)
    Pickle& tensor(const std::string& storage_type, const std::string& key, int64_t numel,
                   int64_t offset, const std::vector<int64_t>& size,
                   const std::vector<int64_t>& stride, bool requires_grad = false) {
        global("torch._utils", "_rebuild_tensor_v2").op("((").str("storage");
        global("torch", storage_type).str(key).str("cpu").integer(numel).op("tQ");
        integer(offset).ints(size).ints(stride).op(requires_grad ? "\x88" : "\x89");
        return ordered_dict().op("tR");
    }
    Pickle& stop() { return op("."); }
};

// The error `fn` throws: a facellava::Error naming `path` whose message
// contains `needle`.
template <typename Fn>
void expect_refused(const std::string& path, const std::string& needle, Fn fn) {
    try {
        fn();
        ADD_FAILURE() << "accepted: " << path;
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), path) << e.what();
        EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a facellava::Error: " << e.what();
    }
}

void expect_open_refused(const std::string& path, const std::string& needle) {
    SCOPED_TRACE(path);
    expect_refused(path, needle, [&] { TorchArchive archive(path); });
}

// ---- the fixture layouts ----------------------------------------------------

std::string layouts() {
    return test::fixture("checkpoint_layouts");
}

std::vector<std::string> bins_under(const std::string& dir) {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(dir))
        if (entry.path().extension() == ".bin")
            files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

std::map<std::string, torch::Tensor> read_safetensors(const std::string& path) {
    SafetensorsFile file(path);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : file.entries())
        tensors.emplace(entry.name, file.tensor(entry.name));
    return tensors;
}

std::map<std::string, torch::Tensor> read_archive(const std::string& path) {
    TorchArchive archive(path);
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : archive.entries())
        EXPECT_TRUE(tensors.emplace(entry.name, archive.tensor(entry.name)).second) << entry.name;
    return tensors;
}

// Bit equality (NaN payloads and signed zeros included).
bool bit_equal(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes())
        return false;
    const auto ac = a.contiguous(), bc = b.contiguous();
    return std::memcmp(ac.data_ptr(), bc.data_ptr(), size_t(ac.nbytes())) == 0;
}

std::set<std::string> keys_of(const std::map<std::string, torch::Tensor>& tensors) {
    std::set<std::string> keys;
    for (const auto& item : tensors)
        keys.insert(item.first);
    return keys;
}

TEST(TorchArchive, EveryFixtureBinOpensAndEveryTensorReads) {
    const auto files = bins_under(layouts());
    ASSERT_FALSE(files.empty());
    for (const auto& path : files) {
        SCOPED_TRACE(path);
        TorchArchive archive(path);
        EXPECT_EQ(archive.path(), path);
        ASSERT_FALSE(archive.entries().empty());
        for (const auto& entry : archive.entries()) {
            EXPECT_TRUE(archive.contains(entry.name));
            const torch::Tensor t = archive.tensor(entry.name);
            EXPECT_EQ(t.scalar_type(), entry.dtype) << entry.name;
            EXPECT_EQ(t.sizes().vec(), entry.shape) << entry.name;
            EXPECT_TRUE(t.is_contiguous()) << entry.name;
            EXPECT_TRUE(t.device().is_cpu());
        }
        EXPECT_FALSE(archive.contains("no.such.tensor"));
        expect_refused(path, "no.such.tensor", [&] { archive.tensor("no.such.tensor"); });
    }
}

TEST(TorchArchive, ReleasedShardsHoldExactlyTheFixtureWeights) {
    const auto expected = read_safetensors(test::fixture("facellava_tiny.weights.safetensors"));
    const auto shards = bins_under(layouts() + "/released_bin");
    ASSERT_FALSE(shards.empty());
    std::map<std::string, torch::Tensor> actual;
    for (const auto& shard : shards)
        for (auto& [name, tensor] : read_archive(shard))
            EXPECT_TRUE(actual.emplace(name, tensor).second) << name << " in two shards";
    EXPECT_EQ(keys_of(actual), keys_of(expected));
    for (const auto& [name, tensor] : actual) {
        if (!expected.count(name))
            continue;
        EXPECT_EQ(tensor.scalar_type(), torch::kFloat32) << name;
        EXPECT_TRUE(bit_equal(tensor, expected.at(name))) << name;
    }
    // The same through the loader and the index (the path load_state_dict takes).
    const StateDict loaded = load_state_dict(layouts() + "/released_bin");
    ASSERT_EQ(loaded.size(), expected.size());
    for (const auto& [name, tensor] : loaded)
        EXPECT_TRUE(bit_equal(tensor, expected.at(name))) << name;
}

TEST(TorchArchive, Bfloat16BinIsTheFixtureWeightsRounded) {
    const auto expected = read_safetensors(test::fixture("facellava_tiny.weights.safetensors"));
    const auto files = bins_under(layouts() + "/released_bf16_bin");
    ASSERT_FALSE(files.empty());
    for (const auto& path : files) {
        const auto actual = read_archive(path);
        EXPECT_EQ(keys_of(actual), keys_of(expected)) << path;
        for (const auto& [name, tensor] : actual) {
            if (!expected.count(name))
                continue;
            EXPECT_EQ(tensor.scalar_type(), torch::kBFloat16) << name;
            EXPECT_TRUE(bit_equal(tensor, expected.at(name).to(torch::kBFloat16))) << name;
        }
        // Asked for float32, the loader widens exactly.
        const StateDict as_float = load_state_dict(path, torch::kFloat32);
        for (const auto& [name, tensor] : as_float)
            EXPECT_TRUE(
                bit_equal(tensor, expected.at(name).to(torch::kBFloat16).to(torch::kFloat32)))
                << name;
    }
}

TEST(TorchArchive, HubCacheTowerBinsHoldTheTowerWeightsAndTheTextModel) {
    const auto files = bins_under(layouts() + "/hf_home");
    ASSERT_FALSE(files.empty());
    for (const auto& path : files) {
        SCOPED_TRACE(path);
        const bool video = path.find("Video") != std::string::npos;
        const auto tower =
            read_safetensors(test::fixture(video ? "facellava_tiny.video_tower.safetensors"
                                                 : "clip_image_tower.weights.safetensors"));
        const auto actual = read_archive(path);
        std::set<std::string> vision;
        for (const auto& [name, tensor] : actual) {
            if (name.rfind("vision_model.", 0) != 0)
                continue;
            vision.insert(name);
            ASSERT_TRUE(tower.count(name)) << name;
            EXPECT_TRUE(bit_equal(tensor, tower.at(name))) << name;
        }
        EXPECT_EQ(vision, keys_of(tower));
        const bool has_text_model = std::any_of(actual.begin(), actual.end(), [](const auto& item) {
            return item.first.rfind("text_model.", 0) == 0;
        });
        EXPECT_TRUE(has_text_model);
        for (const char* extra :
             {"visual_projection.weight", "text_projection.weight", "logit_scale"})
            EXPECT_TRUE(actual.count(extra)) << extra;
    }
}

// PyTorch 1.x names the zip's top folder after the file stem; the records are
// found under it whatever it is.
TEST(TorchArchive, ReadsRecordsUnderTheArchiveFolderOfThe1xFormat) {
    for (const auto& path : bins_under(layouts())) {
        const ZipDirectory dir = read_zip_directory(path);
        ASSERT_FALSE(dir.records.empty());
        const std::string folder =
            dir.records.front().name.substr(0, dir.records.front().name.find('/'));
        EXPECT_EQ(folder, fs::path(path).stem().string()) << path;
    }
}

// ---- views, shared storages, dtypes -------------------------------------------

TEST(TorchArchive, ViewsOfOneStorageComeOutAsTheirOwnContiguousTensors) {
    const std::string path = test::make_temp_dir("torch_archive_views") + "/views.bin";
    std::vector<float> values(12);
    for (size_t i = 0; i < values.size(); ++i)
        values[i] = float(i);
    Pickle p;
    p.ordered_dict().op("(");
    p.str("matrix").tensor("FloatStorage", "0", 12, 0, {3, 4}, {4, 1});
    // matrix[:, 1:].t(): offset 1, transposed strides
    p.str("transposed").tensor("FloatStorage", "0", 12, 1, {3, 3}, {1, 4});
    p.str("tail").tensor("FloatStorage", "0", 12, 4, {8}, {1}, /*requires_grad=*/true);
    // a Parameter: _rebuild_parameter(tensor, requires_grad, hooks)
    p.str("param").global("torch._utils", "_rebuild_parameter").op("(");
    p.tensor("FloatStorage", "0", 12, 11, {1}, {1}).op("\x88").ordered_dict().op("tR");
    p.str("empty").tensor("FloatStorage", "0", 12, 12, {0, 5}, {5, 1});
    p.op("u").stop();
    write_archive(path, p.bytes, {{"0", raw_bytes(values)}});

    TorchArchive archive(path);
    ASSERT_EQ(archive.entries().size(), 5u);
    EXPECT_EQ(archive.entries()[1].name, "transposed");  // file order
    EXPECT_EQ(archive.entry("transposed").storage_offset, 1);
    EXPECT_EQ(archive.entry("transposed").stride, (std::vector<int64_t>{1, 4}));
    const auto reference = torch::arange(12, torch::kFloat32).view({3, 4});
    const auto matrix = archive.tensor("matrix");
    const auto transposed = archive.tensor("transposed");
    const auto tail = archive.tensor("tail");
    EXPECT_TRUE(torch::equal(matrix, reference));
    EXPECT_TRUE(torch::equal(transposed, reference.slice(1, 1).t()));
    EXPECT_TRUE(transposed.is_contiguous());
    EXPECT_TRUE(torch::equal(tail, torch::arange(4, 12, torch::kFloat32)));
    // A part of a larger storage owns only its own elements.
    EXPECT_EQ(tail.storage().nbytes(), 8 * sizeof(float));
    EXPECT_FALSE(tail.requires_grad());
    EXPECT_EQ(archive.tensor("param").item<float>(), 11.0f);
    EXPECT_EQ(archive.tensor("empty").sizes(), (std::vector<int64_t>{0, 5}));
    // Each call reads again: the tensors do not share memory.
    EXPECT_NE(archive.tensor("matrix").data_ptr(), matrix.data_ptr());
}

TEST(TorchArchive, ReadsEveryStorageType) {
    const std::string path = test::make_temp_dir("torch_archive_dtypes") + "/dtypes.pt";
    const std::vector<std::pair<std::string, torch::Tensor>> cases = {
        {"FloatStorage", torch::tensor({1.5f, -2.0f})},
        {"DoubleStorage", torch::tensor({1.25, -3.0}, torch::kFloat64)},
        {"HalfStorage", torch::tensor({0.5f, 4.0f}).to(torch::kHalf)},
        {"BFloat16Storage", torch::tensor({0.5f, -8.0f}).to(torch::kBFloat16)},
        {"LongStorage", torch::tensor({int64_t(1) << 40, int64_t(-7)})},
        {"IntStorage", torch::tensor({7, -9}, torch::kInt32)},
        {"ShortStorage", torch::tensor({300, -2}, torch::kInt16)},
        {"CharStorage", torch::tensor({-5, 6}, torch::kInt8)},
        {"ByteStorage", torch::tensor({250, 6}, torch::kUInt8)},
        {"BoolStorage", torch::tensor({true, false})},
    };
    Pickle p;
    p.ordered_dict().op("(");
    std::map<std::string, std::string> records;
    for (size_t i = 0; i < cases.size(); ++i) {
        const auto& t = cases[i].second;
        p.str(cases[i].first).tensor(cases[i].first, std::to_string(i), 2, 0, {2}, {1});
        records[std::to_string(i)] =
            std::string(static_cast<const char*>(t.data_ptr()), size_t(t.nbytes()));
    }
    records["9"][0] = '\x02';  // a bool byte that is not 0/1 reads as true
    p.op("u").stop();
    write_archive(path, p.bytes, records);
    TorchArchive archive(path);
    for (const auto& [name, expected] : cases)
        EXPECT_TRUE(bit_equal(archive.tensor(name), expected)) << name;
}

// LibTorch's own torch::pickle_save (type-tagged dicts, memoised storages,
// views of one storage) reads the same as LibTorch's unpickler.
TEST(TorchArchive, ReadsLibTorchPickleSaveArchives) {
    const std::string path = test::make_temp_dir("torch_archive_libtorch") + "/model.pt";
    const auto w = torch::randn({4, 6});
    c10::Dict<std::string, torch::Tensor> dict;
    dict.insert("w", w);
    dict.insert("w_t", w.t());
    dict.insert("w_rows", w.slice(0, 1, 3));
    dict.insert("ids", torch::arange(5, torch::kInt64));
    const std::vector<char> bytes = torch::pickle_save(torch::IValue(dict));
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    const auto expected = torch::pickle_load(bytes).toGenericDict();
    TorchArchive archive(path);
    ASSERT_EQ(archive.entries().size(), expected.size());
    for (const auto& item : expected)
        EXPECT_TRUE(bit_equal(archive.tensor(item.key().toStringRef()), item.value().toTensor()))
            << item.key().toStringRef();
}

// Records are read when their tensor is asked for, not when the archive is
// opened: bytes rewritten in place after opening are what tensor() returns.
TEST(TorchArchive, ReadsARecordOnlyWhenItsTensorIsAskedFor) {
    const std::string path = test::make_temp_dir("torch_archive_lazy") + "/lazy.bin";
    Pickle p;
    p.ordered_dict().op("(");
    p.str("a").tensor("FloatStorage", "0", 4, 0, {4}, {1});
    p.str("b").tensor("FloatStorage", "1", 4, 0, {4}, {1});
    p.op("u").stop();
    write_archive(path, p.bytes,
                  {{"0", raw_bytes(std::vector<float>{1, 2, 3, 4})},
                   {"1", raw_bytes(std::vector<float>{5, 6, 7, 8})}});
    TorchArchive archive(path);
    EXPECT_TRUE(torch::equal(archive.tensor("a"), torch::tensor({1.0f, 2.0f, 3.0f, 4.0f})));
    for (const auto& record : read_zip_directory(path).records) {
        if (record.name.size() < 7 ||
            record.name.compare(record.name.size() - 7, 7, "/data/1") != 0)
            continue;
        std::fstream file(path, std::ios::binary | std::ios::in | std::ios::out);
        file.seekp(std::streamoff(record.data_offset));
        const std::string nines = raw_bytes(std::vector<float>{9, 9, 9, 9});
        file.write(nines.data(), std::streamsize(nines.size()));
    }
    EXPECT_TRUE(torch::equal(archive.tensor("b"), torch::full({4}, 9.0f)));
}

// ---- hostile archives ------------------------------------------------------------

std::string one_tensor_pickle(int64_t numel, int64_t offset, std::vector<int64_t> size,
                              std::vector<int64_t> stride) {
    Pickle p;
    p.ordered_dict().op("(").str("w").tensor("FloatStorage", "0", numel, offset, size, stride);
    return p.op("u").stop().bytes;
}

const std::string kFourFloats = raw_bytes(std::vector<float>{1, 2, 3, 4});

TEST(TorchArchiveHostile, ForbiddenGlobalsAreRefusedAndNothingRuns) {
    const std::string dir = test::make_temp_dir("torch_archive_hostile_globals");
    const std::string marker = dir + "/pwned";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"posix.system",
         Pickle().global("posix", "system").str("touch " + marker).op("\x85R").stop().bytes},
        {"os.system",
         Pickle().global("os", "system").str("touch " + marker).op("\x85R").stop().bytes},
        {"builtins.getattr", Pickle()
                                 .ordered_dict()
                                 .str("w")
                                 .global("builtins", "getattr")
                                 .op(")R")
                                 .op("s")
                                 .stop()
                                 .bytes},
        // a storage type that is allowed as a tag but called as a function
        {"torch.FloatStorage", Pickle()
                                   .ordered_dict()
                                   .str("w")
                                   .global("torch", "FloatStorage")
                                   .op(")R")
                                   .op("s")
                                   .stop()
                                   .bytes},
    };
    for (const auto& [needle, pickle] : cases) {
        const std::string path = dir + "/" + needle + ".bin";
        write_archive(path, pickle);
        expect_open_refused(path, needle);
        expect_refused(path, needle, [&] { load_state_dict(path); });
        // The interpreter refuses them on its own too, without the opcode gate.
        EXPECT_THROW(read_state_dict_pickle(pickle.data(), pickle.size()), Error) << needle;
    }
    EXPECT_FALSE(fs::exists(marker)) << "a pickle's command ran";
}

TEST(TorchArchiveHostile, DamagedArchivesAreRefusedNamingTheFile) {
    const std::string dir = test::make_temp_dir("torch_archive_hostile");
    const std::string good = dir + "/good.bin";
    write_archive(good, one_tensor_pickle(4, 0, {2, 2}, {2, 1}), {{"0", kFourFloats}});
    ASSERT_TRUE(
        torch::equal(TorchArchive(good).tensor("w"), torch::tensor({{1.f, 2.f}, {3.f, 4.f}})));
    const std::string bytes = read_file(good);

    const auto write = [&](const std::string& name, const std::string& content) {
        std::ofstream(dir + "/" + name, std::ios::binary) << content;
        return dir + "/" + name;
    };
    expect_open_refused(write("half.bin", bytes.substr(0, bytes.size() / 2)), "truncated");
    expect_open_refused(write("empty.bin", ""), "zip archive");
    expect_open_refused(write("text.bin", "definitely not a zip archive"), "zip");

    const auto archive = [&](const std::string& name, const std::string& pickle,
                             const std::map<std::string, std::string>& records) {
        write_archive(dir + "/" + name, pickle, records);
        return dir + "/" + name;
    };
    // storage size lies: the persistent id claims 100 floats, the record holds 4
    expect_open_refused(
        archive("size_lies.bin", one_tensor_pickle(100, 0, {2, 2}, {2, 1}), {{"0", kFourFloats}}),
        "should hold 100 elements");
    // a view past the end of its storage
    expect_open_refused(
        archive("view_past_end.bin", one_tensor_pickle(4, 1, {2, 2}, {2, 1}), {{"0", kFourFloats}}),
        "past the end of its storage");
    expect_open_refused(
        archive("view_huge_stride.bin", one_tensor_pickle(4, 0, {2, 2}, {int64_t(1) << 62, 1}),
                {{"0", kFourFloats}}),
        "storage");
    expect_open_refused(
        archive("negative_stride.bin", one_tensor_pickle(4, 3, {4}, {-1}), {{"0", kFourFloats}}),
        "negative size or stride");
    expect_open_refused(archive("negative_size.bin", one_tensor_pickle(4, 0, {-2, -2}, {2, 1}),
                                {{"0", kFourFloats}}),
                        "negative size or stride");
    expect_open_refused(
        archive("overflow.bin",
                one_tensor_pickle(4, 0, {int64_t(1) << 40, int64_t(1) << 40}, {0, 0}),
                {{"0", kFourFloats}}),
        "64 bits");
    expect_open_refused(
        archive("numel_overflow.bin", one_tensor_pickle(int64_t(1) << 62, 0, {4}, {1}),
                {{"0", kFourFloats}}),
        "should hold");
    expect_open_refused(archive("missing_record.bin", one_tensor_pickle(4, 0, {4}, {1}), {}),
                        "has no record");
    // not a dict: a bare tensor, a list
    expect_open_refused(archive("bare_tensor.bin",
                                Pickle().tensor("FloatStorage", "0", 4, 0, {4}, {1}).stop().bytes,
                                {{"0", kFourFloats}}),
                        "not a state dict");
    expect_open_refused(archive("list.bin", Pickle().op("]").stop().bytes, {}), "not a state dict");
    // a training checkpoint: {"state_dict": {...}}
    {
        Pickle p;
        p.op("}").str("state_dict").ordered_dict().op("(").str("w");
        p.tensor("FloatStorage", "0", 4, 0, {4}, {1}).op("us").stop();
        expect_open_refused(archive("nested.bin", p.bytes, {{"0", kFourFloats}}),
                            "model.state_dict()");
    }
    expect_open_refused(archive("no_stop.bin", std::string("\x80\x02}q\x00(", 6), {}), "truncated");
    // a persistent id that is not a storage
    expect_open_refused(
        archive("bad_pid.bin", Pickle().op("}").str("w").str("x").op("Qs").stop().bytes, {}),
        "persistent id");
}

}  // namespace
}  // namespace facellava::io
