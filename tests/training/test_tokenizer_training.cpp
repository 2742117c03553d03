// train_tokenizer(): LLaMA's special ids, byte fallback, and byte-identical
// output for the same data (the determinism FaceLLaVA-Nano's recipe needs).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "facellava/core/error.h"
#include "facellava/model/tokenizer.h"
#include "facellava/training/tokenizer_training.h"
#include "test_support.h"
#include "tokenizer/tokenizer_corpus.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

namespace fs = std::filesystem;
using testdata::Json;
using testdata::turn;

#ifdef FACELLAVA_HAVE_SPM  // the helpers of the SentencePiece tests below
// Conversations in the demo's shape; media paths need not exist (only text is read).
std::string write_conversations(const std::string& dir) {
    const char* emotions[] = {"happy", "sad", "angry", "surprised", "neutral", "fearful"};
    Json list = Json::array();
    for (int i = 0; i < 60; ++i) {
        const std::string e = emotions[i % 6];
        list.push_back(
            {{"image", "img_" + std::to_string(i) + ".png"},
             {"conversations", Json::array({turn(true, "<image>\nWhat is the facial expression?"),
                                            turn(false, e + ". The face looks " + e + ", with " +
                                                            std::to_string(20 + i) +
                                                            " years of age and a calm gaze."),
                                            turn(true, "Is the person male or female?"),
                                            turn(false, i % 2 ? "male" : "female")})}});
    }
    const std::string path = dir + "/nano_expression.json";
    testdata::write_text(path, list.dump(1));
    return path;
}

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}
#endif

TEST(TokenizerCorpus, ChunksFollowTheLegacySplit) {
    const std::vector<SampleTurn> turns = {{true, "<image>\nWhat is it?"}, {false, "Happy."}};
    const auto chunks = prompt_chunks(turns, model::vicuna_v1_template());
    ASSERT_EQ(chunks.size(), 2u);
    EXPECT_NE(chunks[0].find("USER: "), std::string::npos);
    EXPECT_EQ(chunks[1], "\nWhat is it? ASSISTANT: Happy.");
    for (const auto& c : chunks) {
        EXPECT_EQ(c.find("<image>"), std::string::npos);
        EXPECT_EQ(c.find("</s>"), std::string::npos);
    }
}

#ifdef FACELLAVA_HAVE_SPM
TEST(TokenizerTraining, SameDataGivesIdenticalBytesAndLlamaIds) {
    const std::string dir = test::make_temp_dir("tok_train");
    TokenizerTrainingOptions o;
    o.data_files = {write_conversations(dir)};
    o.vocab_size = 400;
    o.output = dir + "/a/tokenizer.model";
    const auto first = train_tokenizer(o);
    EXPECT_EQ(first.samples, 60);
    EXPECT_EQ(first.vocab_size, 400);
    o.output = dir + "/b/tokenizer.model";
    train_tokenizer(o);
    EXPECT_EQ(read_all(dir + "/a/tokenizer.model"), read_all(dir + "/b/tokenizer.model"));

    const auto tok = model::Tokenizer::load(dir + "/a/tokenizer.model");
    EXPECT_EQ(tok.vocab_size(), 400);
    EXPECT_EQ(tok.unk_id(), 0);
    EXPECT_EQ(tok.bos_id(), 1);
    EXPECT_EQ(tok.eos_id(), 2);
    EXPECT_EQ(tok.pad_id(), -1);
    EXPECT_EQ(tok.id_to_piece(0), "<unk>");
    EXPECT_EQ(tok.id_to_piece(1), "<s>");
    EXPECT_EQ(tok.id_to_piece(2), "</s>");
    // Byte fallback: text never seen still round-trips.
    const std::string unseen = "Zebra ü 7";
    EXPECT_EQ(tok.decode(tok.encode(unseen)), unseen);
    // The legacy rule still cuts the sentinels out before SentencePiece.
    const auto ids = tok.encode_prompt("USER: <image>\nhappy ASSISTANT: sad</s>");
    EXPECT_EQ(ids.front(), 1);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), model::kImageTokenId), 1);
    EXPECT_EQ(ids.back(), 2);
}

TEST(TokenizerTraining, TooLargeVocabularyNamesTheDataAndTheLimit) {
    const std::string dir = test::make_temp_dir("tok_train_big");
    TokenizerTrainingOptions o;
    o.data_files = {write_conversations(dir)};
    o.vocab_size = 20000;
    o.output = dir + "/tokenizer.model";
    try {
        train_tokenizer(o);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.path(), o.data_files.front());
        EXPECT_NE(std::string(e.what()).find("Vocabulary size"), std::string::npos) << e.what();
    }
    EXPECT_FALSE(fs::exists(o.output));
}

TEST(TokenizerTraining, MissingDataFileIsAnError) {
    TokenizerTrainingOptions o;
    o.data_files = {"/nonexistent/data.json"};
    o.output = test::make_temp_dir("tok_missing") + "/tokenizer.model";
    EXPECT_THROW(train_tokenizer(o), Error);
}
#endif

}  // namespace
}  // namespace facellava::training
