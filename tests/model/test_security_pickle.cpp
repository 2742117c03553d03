// Security rule: loading a torch.save checkpoint never unpickles anything but
// tensors and containers. Hostile archives are built here, at test time, with
// LibTorch's own zip writer (stored entries, correct CRCs) so that the only
// thing wrong with them is their data.pkl.
#include <gtest/gtest.h>

#include <caffe2/serialize/inline_container.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>
#include "facellava/core/error.h"
#include "io/state_dict.h"
#include "test_support.h"

namespace facellava::io {
namespace {

namespace fs = std::filesystem;

// A torch.save-style archive ("<name>/data.pkl", "<name>/version") holding
// `pickle` as its data.pkl, written to `path`.
void write_archive(const std::string& path, const std::string& pickle) {
    std::ofstream out(path, std::ios::binary);
    caffe2::serialize::PyTorchStreamWriter writer([&](const void* data, size_t size) {
        out.write(static_cast<const char*>(data), std::streamsize(size));
        return size;
    });
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    writer.writeRecord("version", "3\n", 2);
    writer.writeEndOfFile();
}

// BINUNICODE: opcode 'X', 4-byte little-endian length, UTF-8 bytes.
std::string binunicode(const std::string& text) {
    std::string op = "X";
    for (int i = 0; i < 4; ++i)
        op += char((text.size() >> (8 * i)) & 0xff);
    return op + text;
}

struct Hostile {
    const char* label;
    std::string pickle;
};

// Each would create `marker` if an unpickler ran it.
std::vector<Hostile> hostile_pickles(const std::string& marker) {
    const std::string cmd = binunicode("touch " + marker);
    const std::string proto2 = "\x80\x02";
    return {
        // posix.system("touch …")
        {"posix.system", proto2 + "cposix\nsystem\n" + cmd + "\x85R."},
        // os.system, the name Python pickles write on some platforms
        {"os.system", proto2 + "cos\nsystem\n" + cmd + "\x85R."},
        // builtins.eval("__import__('os').system('touch …')")
        {"builtins.eval", proto2 + "cbuiltins\neval\n" +
                              binunicode("__import__('os').system('touch " + marker + "')") +
                              "\x85R."},
        // an arbitrary class, built with NEWOBJ and given state with BUILD
        {"__main__.Payload",
         proto2 + "c__main__\nPayload\n)\x81}" + binunicode("cmd") + cmd + "sb."},
        // INST: the protocol-0 way of instantiating a class
        {"INST", "(" + cmd + "iposix\nsystem\n."},
        // protocol 4: the global's name comes from two strings on the stack
        {"STACK_GLOBAL",
         std::string("\x80\x04\x8c\x05posix\x94\x8c\x06system\x94\x93", 16) + cmd + "\x85R."},
        // a state-dict-looking OrderedDict whose value is a call to eval
        {"nested eval", proto2 + "ccollections\nOrderedDict\n)R" + binunicode("w") +
                            "cbuiltins\neval\n" + binunicode("1+1") + "\x85Rs."},
        // the copyreg extension registry names callables by number
        {"EXT1", proto2 + "\x82\x01)R."},
    };
}

TEST(SecurityPickle, HostileCheckpointsAreRefusedAndNothingRuns) {
    const std::string dir = test::make_temp_dir("hostile_pickle");
    const std::string marker = dir + "/pwned";
    for (const auto& hostile : hostile_pickles(marker)) {
        SCOPED_TRACE(hostile.label);
        const std::string path = dir + "/pytorch_model.bin";
        write_archive(path, hostile.pickle);
        try {
            load_state_dict(path);
            FAIL() << "a hostile pickle was accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), path);
            EXPECT_NE(std::string(e.what()).find("torch checkpoint"), std::string::npos)
                << e.what();
        }
        EXPECT_FALSE(fs::exists(marker)) << "the pickle's command ran";
    }
}

TEST(SecurityPickle, ErrorNamesTheForbiddenGlobal) {
    const std::string dir = test::make_temp_dir("hostile_pickle_name");
    const std::string path = dir + "/evil.pt";
    write_archive(path, hostile_pickles(dir + "/pwned").front().pickle);
    try {
        load_state_dict(path);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("posix.system"), std::string::npos) << e.what();
    }
}

TEST(SecurityPickle, HostileShardInAnIndexedCheckpointIsRefused) {
    const std::string dir = test::make_temp_dir("hostile_pickle_shard");
    std::ofstream(dir + "/pytorch_model.bin.index.json")
        << R"({"weight_map":{"w":"pytorch_model-00001-of-00001.bin"}})";
    write_archive(dir + "/pytorch_model-00001-of-00001.bin",
                  hostile_pickles(dir + "/pwned").front().pickle);
    try {
        load_state_dict(dir);
        FAIL() << "accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), dir + "/pytorch_model-00001-of-00001.bin");
    }
    EXPECT_FALSE(fs::exists(dir + "/pwned"));
}

TEST(SecurityPickle, TruncatedPickleIsRefused) {
    const std::string dir = test::make_temp_dir("truncated_pickle");
    const std::string path = dir + "/pytorch_model.bin";
    write_archive(path, std::string("\x80\x02}q\x00(", 6));  // no STOP
    EXPECT_THROW(load_state_dict(path), Error);
}

TEST(SecurityPickle, ValidStateDictsStillLoad) {
    const std::string dir = test::make_temp_dir("valid_pickle");
    c10::Dict<std::string, torch::Tensor> dict;
    const auto w = torch::randn({3, 5});
    const auto b = torch::arange(7, torch::kInt64);
    const auto h = torch::ones({2, 2}, torch::kHalf);
    dict.insert("layer.weight", w);
    dict.insert("layer.index", b);
    dict.insert("layer.half", h);
    const std::vector<char> bytes = torch::pickle_save(torch::IValue(dict));
    const std::string path = dir + "/model.pt";
    std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size()));
    const auto loaded = load_state_dict(path);
    ASSERT_EQ(loaded.size(), 3u);
    EXPECT_TRUE(torch::equal(loaded.at("layer.weight"), w));
    EXPECT_TRUE(torch::equal(loaded.at("layer.index"), b));
    EXPECT_TRUE(torch::equal(loaded.at("layer.half"), h));
}

// Shard names in a checkpoint index are plain file names of the folder.
TEST(SecurityPaths, CheckpointIndexShardNamesCannotLeaveTheFolder) {
    const std::string dir = test::make_temp_dir("index_escape");
    for (const std::string shard :
         {"../outside.safetensors", "/etc/passwd", "sub/../../x.safetensors", "..", ""}) {
        SCOPED_TRACE(shard);
        std::ofstream(dir + "/model.safetensors.index.json")
            << nlohmann::json{{"weight_map", {{"x", shard}}}}.dump();
        try {
            load_state_dict(dir);
            FAIL() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.path(), dir + "/model.safetensors.index.json");
            EXPECT_NE(std::string(e.what()).find("outside the checkpoint folder"),
                      std::string::npos)
                << e.what();
        }
    }
}

}  // namespace
}  // namespace facellava::io
