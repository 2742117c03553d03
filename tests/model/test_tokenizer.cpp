// The tokenizer runs SentencePiece in its own link namespace; these tests run
// in the model test executable, i.e. in the same process as LibTorch, which is
// the configuration that crashes without the shim.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/tokenizer.h"
#include "test_support.h"
#include "tiny_fixture_sizes.h"
#include "torch_pch.h"

namespace facellava::model {
namespace {

#ifdef FACELLAVA_HAVE_SPM  // builds without SentencePiece (the GPU machine) have no shim to test

nlohmann::json expected() {
    return nlohmann::json::parse(read_file(test::fixture("tokenizer.expected.json")));
}

Tokenizer fixture_tokenizer() { return Tokenizer::load(test::fixture("tiny_llama_spm.model")); }

TEST(Tokenizer, LibTorchIsLoadedInThisProcess) {
    // Guards the point of the suite: if torch were not linked, the clash the
    // shim avoids could not happen here.
    auto t = torch::ones({2, 2});
    EXPECT_EQ(t.sum().item<float>(), 4.0f);
    // The tokenizer fixture belongs to the tiny model: same vocabulary size.
    EXPECT_EQ(fixture_tokenizer().vocab_size(), tiny::fixture_sizes().vocab_size);
}

TEST(Tokenizer, PlainIdsMatchPythonSentencePiece) {
    const auto tokenizer = fixture_tokenizer();
    const auto cases = expected().at("plain");
    ASSERT_FALSE(cases.empty());
    for (const auto& item : cases) {
        const std::string text = item.at("text");
        std::vector<int32_t> want = item.at("ids").get<std::vector<int32_t>>();
        EXPECT_EQ(tokenizer.encode(text), want) << "text: " << text;
    }
}

TEST(Tokenizer, DecodeRoundTripsPlainText) {
    const auto tokenizer = fixture_tokenizer();
    const auto cases = expected().at("plain");  // a range-for would not keep expected() alive
    for (const auto& item : cases) {
        const std::string text = item.at("text");
        const std::string decoded = tokenizer.decode(tokenizer.encode(text));
        // SentencePiece's identity normaliser keeps text except for collapsing
        // of leading whitespace into the dummy prefix.
        auto strip = [](std::string s) {
            s.erase(0, s.find_first_not_of(' '));
            return s;
        };
        EXPECT_EQ(strip(decoded), strip(text));
    }
}

TEST(Tokenizer, LlavaPromptsFollowTheLegacyRule) {
    const auto tokenizer = fixture_tokenizer();
    const auto prompts = expected().at("llava_prompts");
    ASSERT_FALSE(prompts.empty());
    for (const auto& item : prompts) {
        const std::string prompt = item.at("prompt");
        std::vector<int64_t> want = item.at("ids").get<std::vector<int64_t>>();
        EXPECT_EQ(tokenizer.encode_prompt(prompt), want) << "prompt: " << prompt;
    }
}

TEST(Tokenizer, SpecialIdsAndPieces) {
    const auto tokenizer = fixture_tokenizer();
    EXPECT_EQ(tokenizer.bos_id(), 1);
    EXPECT_EQ(tokenizer.eos_id(), 2);
    EXPECT_EQ(tokenizer.unk_id(), 0);
    EXPECT_EQ(tokenizer.id_to_piece(13), "<0x0A>");
    EXPECT_EQ(tokenizer.piece_to_id("<0x0A>"), 13);
    EXPECT_EQ(tokenizer.piece_to_id("no-such-piece-anywhere"), tokenizer.unk_id());
    EXPECT_THROW(tokenizer.id_to_piece(100000), Error);
    EXPECT_THROW(tokenizer.decode({1, 100000}), Error);
}

TEST(Tokenizer, MissingOrCorruptModelNamesTheFile) {
    try {
        Tokenizer::load("/nonexistent/tokenizer.model");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), "/nonexistent/tokenizer.model");
    }
    const std::string bad = test::make_temp_dir("tok") + "/tokenizer.model";
    {
        FILE* f = std::fopen(bad.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        std::fputs("this is not a sentencepiece model", f);
        std::fclose(f);
    }
    EXPECT_THROW(Tokenizer::load(bad), Error);
}

TEST(Tokenizer, IsSafeToUseFromSeveralThreads) {
    const auto tokenizer = fixture_tokenizer();
    const auto want = tokenizer.encode("What emotion is shown in the video?");
    std::vector<std::thread> threads;
    std::atomic<int> mismatches{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 200; ++i) {
                if (tokenizer.encode("What emotion is shown in the video?") != want) ++mismatches;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(mismatches.load(), 0);
}

#endif

}  // namespace
}  // namespace facellava::model
