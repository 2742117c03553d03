#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>

#include "facellava/core/error.h"
#include "facellava/training/train_config.h"

namespace facellava::training {
namespace {

TEST(TrainConfig, DefaultsFollowTheAuthorsRecipe) {
    const TrainConfig c;
    EXPECT_EQ(c.stage, TrainStage::Full);
    EXPECT_DOUBLE_EQ(c.optim.learning_rate, 2e-5);
    EXPECT_DOUBLE_EQ(c.optim.weight_decay, 0.0);
    EXPECT_DOUBLE_EQ(c.optim.warmup_ratio, 0.03);
    EXPECT_EQ(c.optim.schedule, "cosine");
    EXPECT_EQ(c.lora.rank, 128);
    EXPECT_DOUBLE_EQ(c.lora.alpha, 256.0);
    EXPECT_EQ(c.data.max_text_tokens, 2048);
    EXPECT_EQ(c.data.max_sequence_tokens, 3072);
}

TEST(TrainConfig, JsonRoundTripKeepsEveryField) {
    TrainConfig c;
    c.model.checkpoint = "/ckpt";
    c.stage = TrainStage::Lora;
    c.data.train_files = {"a.json", "b.jsonl"};
    c.data.task_weights = {{"dfew", 2.0}, {"celeba", 0.5}};
    c.data.on_bad_sample = BadSamplePolicy::Fail;
    c.lora.target_modules = {"q_proj", "v_proj"};
    c.optim.learning_rate = 1e-4;
    c.optim.grad_accumulation = 7;
    c.eval.task_kinds = {{"mine", "age"}};
    c.seed = 1234567890123ull;
    const std::string json = train_config_to_json(c);
    const TrainConfig back = parse_train_config(json, "test.json");
    EXPECT_EQ(train_config_to_json(back), json);
    EXPECT_EQ(back.stage, TrainStage::Lora);
    EXPECT_EQ(back.data.task_weights.at("celeba"), 0.5);
    EXPECT_EQ(back.seed, 1234567890123ull);
}

TEST(TrainConfig, NestedAndPartialJsonKeepsDefaults) {
    const auto c =
        parse_train_config(R"({"optim": {"learning_rate": 0.001}, "stage": "stage1"})", "x.json");
    EXPECT_DOUBLE_EQ(c.optim.learning_rate, 0.001);
    EXPECT_EQ(c.stage, TrainStage::Landmarks);
    EXPECT_EQ(c.optim.batch_size, TrainConfig{}.optim.batch_size);
}

TEST(TrainConfig, UnknownKeysAndWrongTypesNameTheKeyAndFile) {
    try {
        parse_train_config(R"({"optim": {"learnig_rate": 0.1}})", "run.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("optim.learnig_rate"), std::string::npos) << e.what();
        EXPECT_EQ(e.path(), "run.json");
    }
    try {
        parse_train_config(R"({"optim": {"batch_size": "four"}})", "run.json");
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("optim.batch_size"), std::string::npos) << e.what();
    }
    EXPECT_THROW(parse_train_config("{not json", "run.json"), Error);
    EXPECT_THROW(parse_train_config(R"({"stage": "everything"})", "run.json"), Error);
}

TEST(TrainConfig, EveryFieldHasAUniqueFlagAndParsesFromText) {
    std::set<std::string> flags, keys;
    for (const auto& f : train_config_fields()) {
        EXPECT_TRUE(flags.insert(f.flag).second) << f.flag;
        EXPECT_TRUE(keys.insert(f.key).second) << f.key;
        EXPECT_FALSE(f.help.empty()) << f.key;
    }
    // Every JSON leaf is in the table (nothing only settable by JSON).
    const auto json = nlohmann::json::parse(train_config_to_json(TrainConfig{}));
    size_t leaves = 0;
    std::function<void(const nlohmann::json&, const std::string&)> walk =
        [&](const nlohmann::json& j, const std::string& p) {
            for (const auto& [k, v] : j.items()) {
                const std::string key = p.empty() ? k : p + "." + k;
                if (v.is_object() && keys.count(key) == 0) {
                    walk(v, key);
                } else {
                    ++leaves;
                    EXPECT_EQ(keys.count(key), 1u) << key;
                }
            }
        };
    walk(json, "");
    EXPECT_EQ(leaves, keys.size());

    TrainConfig c;
    set_train_config_value(c, "optim.learning_rate", "3e-4");
    set_train_config_value(c, "data.train_files", "a.json, b.json");
    set_train_config_value(c, "data.task_weights", "dfew=2,rafdb=0.25");
    set_train_config_value(c, "data.check_media", "false");
    set_train_config_value(c, "stage", "lora");
    set_train_config_value(c, "seed", "7");
    EXPECT_DOUBLE_EQ(c.optim.learning_rate, 3e-4);
    EXPECT_EQ(c.data.train_files, (std::vector<std::string>{"a.json", "b.json"}));
    EXPECT_DOUBLE_EQ(c.data.task_weights.at("rafdb"), 0.25);
    EXPECT_FALSE(c.data.check_media);
    EXPECT_EQ(c.stage, TrainStage::Lora);
    EXPECT_EQ(c.seed, 7u);
    EXPECT_THROW(set_train_config_value(c, "optim.batch_size", "2.5"), Error);
    EXPECT_THROW(set_train_config_value(c, "data.check_media", "maybe"), Error);
    EXPECT_THROW(set_train_config_value(c, "no.such.key", "1"), Error);
}

TEST(TrainConfig, ValidationListsEveryProblem) {
    TrainConfig c;  // no checkpoint, no data, no output folder
    c.optim.learning_rate = -1;
    c.stage = TrainStage::Lora;
    c.lora.target_modules = {"q_proj", "w_proj"};
    try {
        validate_train_config(c);
        FAIL() << "expected an error";
    } catch (const Error& e) {
        const std::string what = e.what();
        for (const char* key : {"model.checkpoint", "data.train_files", "checkpoint.output_dir",
                                "optim.learning_rate", "w_proj"}) {
            EXPECT_NE(what.find(key), std::string::npos) << key << " in " << what;
        }
    }
    c.model.checkpoint = "ckpt";
    c.data.train_files = {"x.json"};
    c.checkpoint.output_dir = "out";
    c.optim.learning_rate = 1e-4;
    c.lora.target_modules = {"q_proj"};
    EXPECT_NO_THROW(validate_train_config(c));
}

}  // namespace
}  // namespace facellava::training
