// What a checkpoint says it was trained for (config.json "facellava_tasks",
// facellava/model/trained_tasks.h) and how the batch tasks follow it
// (pipeline/model_tasks.h): the committed FaceLLaVA-Nano lists the four tasks
// of its demo data, the released layouts (no key) the paper's five, and a
// malformed key or an unsupported task is refused naming config.json.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "facellava/core/error.h"
#include "facellava/model/checkpoint_report.h"
#include "facellava/model/engine.h"
#include "facellava/model/trained_tasks.h"
#include "scoped_env.h"
#include "test_support.h"
#ifdef FACELLAVA_HAVE_MEDIA
#include "facellava/pipeline/model_tasks.h"
#endif

namespace facellava::model {
namespace fs = std::filesystem;
namespace {

using Names = std::vector<std::string>;

std::string nano_dir() {
    return test::source_dir() + "/resources/models/facellava-nano";
}

// The four question types of Nano's demo data (training/demo_data.h:
// nano_expression, nano_age, nano_gender, nano_describe; MODEL_CARD.md).
const Names kNanoTasks = {"expression", "age", "gender", "description"};
// FACELLAVA_SPEC §9's evaluation table: expression, age, attributes,
// deepfake, action units — in the config key's order.
const Names kPaperTasks = {"expression", "action_units", "attributes", "age", "deepfake"};

// The checkpoint folders of the released layouts (those with a config.json).
std::vector<std::string> layout_folders() {
    std::vector<std::string> folders;
    for (const auto& entry : fs::directory_iterator(test::fixture("checkpoint_layouts")))
        if (fs::exists(entry.path() / "config.json"))
            folders.push_back(entry.path().string());
    return folders;
}

// A folder holding only a config.json with `tasks_value` under the key.
std::string config_with(const std::string& tag, const nlohmann::json& tasks_value) {
    const std::string dir = test::make_temp_dir(tag);
    nlohmann::json config = {{"model_type", "llava"}};
    config[kTrainedTasksKey] = tasks_value;
    std::ofstream(dir + "/config.json") << config.dump(1);
    return dir;
}

// The Error a call throws (fails the test when it throws none).
template <typename F>
Error error_of(F&& call) {
    try {
        call();
    } catch (const Error& e) {
        return e;
    }
    ADD_FAILURE() << "no facellava::Error thrown";
    return Error("none");
}

TEST(TrainedTasks, NanoConfigListsExactlyItsFourDemoTasks) {
    const TrainedTasks tasks = read_trained_tasks(nano_dir());
    EXPECT_TRUE(tasks.listed);
    EXPECT_EQ(tasks.names, kNanoTasks);
    EXPECT_EQ(tasks.config_path, nano_dir() + "/config.json");
    EXPECT_TRUE(tasks.knows("age"));
    EXPECT_FALSE(tasks.knows("action_units"));
    EXPECT_FALSE(tasks.knows("attributes"));
    EXPECT_FALSE(tasks.knows("deepfake"));
    // The raw file, read independently: the key is a plain JSON list.
    std::ifstream in(nano_dir() + "/config.json");
    const auto raw = nlohmann::json::parse(in);
    EXPECT_EQ(raw.at("facellava_tasks").get<Names>(), kNanoTasks);
    // `checkpoint inspect` (and the GUI's Settings page) say so too.
    const CheckpointReport report = inspect_checkpoint_folder(nano_dir());
    EXPECT_TRUE(report.tasks_listed);
    EXPECT_EQ(report.tasks, kNanoTasks);
    EXPECT_NE(report.describe().find("trained for: expression, age, gender, description"),
              std::string::npos)
        << report.describe();
    EXPECT_EQ(nlohmann::json::parse(report.to_json()).at("tasks").get<Names>(), kNanoTasks);
}

TEST(TrainedTasks, ReleasedLayoutsWithoutTheKeyKnowThePapersTasks) {
    const auto folders = layout_folders();
    ASSERT_FALSE(folders.empty());
    for (const auto& dir : folders) {
        SCOPED_TRACE(dir);
        std::ifstream in(dir + "/config.json");
        ASSERT_FALSE(nlohmann::json::parse(in).contains("facellava_tasks"));
        const TrainedTasks tasks = read_trained_tasks(dir);
        EXPECT_FALSE(tasks.listed);
        EXPECT_EQ(tasks.names, kPaperTasks);
        const CheckpointReport report = inspect_checkpoint_folder(dir);
        EXPECT_FALSE(report.tasks_listed);
        EXPECT_EQ(report.tasks, kPaperTasks);
    }
    EXPECT_EQ(paper_task_names(), kPaperTasks);
}

TEST(TrainedTasks, KeyIsOrderedDeduplicatedAndMayBeEmpty) {
    const auto tasks =
        read_trained_tasks(config_with("tasks-order", {"description", "age", "expression", "age"}));
    EXPECT_EQ(tasks.names, (Names{"expression", "age", "description"}));
    EXPECT_EQ(tasks.joined(), "expression, age, description");
    const auto none = read_trained_tasks(config_with("tasks-empty", nlohmann::json::array()));
    EXPECT_TRUE(none.listed);
    EXPECT_TRUE(none.names.empty());
    // null is the same as absent (transformers writes unset keys as null).
    EXPECT_EQ(read_trained_tasks(config_with("tasks-null", nullptr)).names, kPaperTasks);
}

TEST(TrainedTasks, MalformedKeyIsRefusedNamingConfigJsonAndTheNames) {
    for (const nlohmann::json& bad :
         {nlohmann::json("expression"), nlohmann::json({"expression", 3}), nlohmann::json({"AU"}),
          nlohmann::json({{"expression", true}})}) {
        SCOPED_TRACE(bad.dump());
        const std::string dir = config_with("tasks-bad", bad);
        const Error e = error_of([&] { read_trained_tasks(dir); });
        EXPECT_EQ(e.path(), dir + "/config.json");
        EXPECT_NE(e.brief().find("facellava_tasks"), std::string::npos) << e.what();
        for (const char* name : {"expression", "action_units", "attributes", "age", "gender",
                                 "deepfake", "description"})
            EXPECT_NE(e.hint().find(name), std::string::npos) << e.what();
    }
    const Error missing = error_of([] { read_trained_tasks("/no/such/checkpoint"); });
    EXPECT_EQ(missing.path(), "/no/such/checkpoint/config.json");
}

#ifdef FACELLAVA_HAVE_SPM  // the engine needs the tokenizer shim

TEST(TrainedTasks, EngineInfoOfNanoListsExactlyItsFourTasks) {
    const auto engine = FaceLlavaEngine::load(nano_dir(), {"cpu", "float32", 1, {}});
    EXPECT_TRUE(engine->info().is_demo);
    EXPECT_TRUE(engine->info().tasks.listed);
    EXPECT_EQ(engine->info().tasks.names, kNanoTasks);
}

TEST(TrainedTasks, EngineInfoOfAReleasedLayoutListsThePapersTasks) {
    // The embedded layout needs only the tower configs from a hub cache.
    const std::string dir = test::fixture("checkpoint_layouts/released_embedded");
    test::ScopedEnv env;
    env.set("HF_HOME", test::fixture("checkpoint_layouts/hf_home_configs_only"))
        .set("HF_HUB_CACHE", std::nullopt)
        .set("XDG_CACHE_HOME", std::nullopt)
        .set("HOME", test::make_temp_dir("tasks-home"));
    const auto engine = FaceLlavaEngine::load(dir, {"cpu", "float32", 1, {}});
    EXPECT_FALSE(engine->info().tasks.listed);
    EXPECT_EQ(engine->info().tasks.names, kPaperTasks);
}

TEST(TrainedTasks, EngineRefusesAMalformedKeyAndInspectReportsIt) {
    // Nano's own folder with a bad key: refused before the weights load.
    const std::string dir = test::make_temp_dir("tasks-bad-nano");
    for (const char* file : {"model.safetensors", "tokenizer.model"})
        fs::copy_file(nano_dir() + "/" + file, dir + "/" + file);
    std::ifstream in(nano_dir() + "/config.json");
    auto config = nlohmann::json::parse(in);
    config["facellava_tasks"] = {"expression", "smile"};
    std::ofstream(dir + "/config.json") << config.dump(1);
    const Error e = error_of([&] { FaceLlavaEngine::load(dir, {"cpu", "float32", 1, {}}); });
    EXPECT_EQ(e.path(), dir + "/config.json");
    EXPECT_NE(e.brief().find("'smile'"), std::string::npos) << e.what();
    const auto report = inspect_checkpoint_folder(dir);
    EXPECT_FALSE(report.loadable());
    ASSERT_EQ(report.problems.size(), 1u) << report.describe();
    EXPECT_NE(report.problems[0].find("facellava_tasks"), std::string::npos);
    // The key is read, so inspect does not list it among the ignored ones.
    for (const auto& key : report.unknown_config_keys)
        EXPECT_NE(key, "facellava_tasks");
}

#endif  // FACELLAVA_HAVE_SPM

#ifdef FACELLAVA_HAVE_MEDIA

TEST(TrainedTasks, BatchTasksFollowTheCheckpoint) {
    const TrainedTasks nano = read_trained_tasks(nano_dir());
    // Gender and description have no batch question: Nano's batch tasks are two.
    EXPECT_EQ(pipeline::supported_model_task_names(nano), (Names{"expression", "age"}));
    EXPECT_NO_THROW(pipeline::check_model_tasks_supported({"age", "expression"}, nano));
    for (const std::string asked : {"action_units", "attributes", "deepfake", "au"}) {
        SCOPED_TRACE(asked);
        const Error e = error_of([&] {
            pipeline::check_model_tasks_supported({"expression", asked}, nano);
        });
        EXPECT_EQ(e.path(), nano_dir() + "/config.json");
        EXPECT_NE(e.brief().find("'" + asked + "'"), std::string::npos) << e.what();
        EXPECT_NE(e.brief().find("expression, age, gender, description"), std::string::npos)
            << e.what();
        EXPECT_NE(e.hint().find("expression,age"), std::string::npos) << e.what();
    }
    const TrainedTasks released = read_trained_tasks(layout_folders().front());
    EXPECT_EQ(pipeline::supported_model_task_names(released), kPaperTasks);
    EXPECT_NO_THROW(pipeline::check_model_tasks_supported(kPaperTasks, released));
    EXPECT_THROW(pipeline::check_model_tasks_supported({"au"}, released), Error);
}

#endif  // FACELLAVA_HAVE_MEDIA

}  // namespace
}  // namespace facellava::model
