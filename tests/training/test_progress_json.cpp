// `facellava train --progress jsonl` from the trainer's side: a short real run
// on the tiny fixture model with the writer the CLI uses, every line checked
// against the schema docs/TRAINING.md documents ("Progress as JSON lines",
// encoded once below as a table of required fields and types), steps strictly
// increasing, one terminal event last, its checkpoint and model on disk; an
// aborted run ends "cancelled" with its abort checkpoint; a failing one with
// the facellava::Error's message, path and hint. Also the checkpoint layout
// the GUI lists through checkpoint_layout.h, against the folders on disk.
#include <gtest/gtest.h>

#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "facellava/core/error.h"
#include "facellava/training/checkpoint_layout.h"
#include "facellava/training/progress_json.h"
#include "facellava/training/training.h"
#include "test_support.h"
#include "training_test_data.h"

namespace facellava::training {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// ---- the documented schema ----------------------------------------------------

enum class Type { Int, Number, NumberOrNull, String, StringOrNull, Object };

bool has_type(const Json& v, Type t) {
    switch (t) {
        case Type::Int:
            return v.is_number_integer();
        case Type::Number:
            return v.is_number();
        case Type::NumberOrNull:
            return v.is_number() || v.is_null();
        case Type::String:
            return v.is_string();
        case Type::StringOrNull:
            return v.is_string() || v.is_null();
        case Type::Object:
            return v.is_object();
    }
    return false;
}

// docs/TRAINING.md, "Progress as JSON lines": the fields every event carries.
const std::map<std::string, std::map<std::string, Type>>& schema() {
    static const std::map<std::string, std::map<std::string, Type>> events = {
        {"start",
         {{"world_size", Type::Int},
          {"pid", Type::Int},
          {"output_dir", Type::String},
          {"stage", Type::String},
          {"device", Type::String},
          {"resume_from", Type::String}}},
        {"status", {{"phase", Type::String}, {"step", Type::Int}, {"message", Type::String}}},
        {"epoch", {{"epoch", Type::Int}, {"step", Type::Int}}},
        {"step",
         {{"step", Type::Int},
          {"total_steps", Type::Int},
          {"epoch", Type::Int},
          {"loss", Type::NumberOrNull},
          {"lr", Type::Number},
          {"grad_norm", Type::NumberOrNull},
          {"tokens_per_s", Type::Number},
          {"memory_bytes", Type::Int},
          {"elapsed_s", Type::Number},
          {"eta_s", Type::Number}}},
        {"eval",
         {{"step", Type::Int}, {"eval_loss", Type::NumberOrNull}, {"metrics", Type::Object}}},
        {"checkpoint", {{"step", Type::Int}, {"path", Type::String}, {"reason", Type::String}}},
        {"done",
         {{"outcome", Type::String},
          {"steps_done", Type::Int},
          {"total_steps", Type::Int},
          {"final_loss", Type::NumberOrNull},
          {"checkpoint", Type::StringOrNull},
          {"model_dir", Type::StringOrNull},
          {"eval", Type::Object}}},
        {"error", {{"outcome", Type::String}, {"step", Type::Int}, {"error", Type::Object}}},
    };
    return events;
}

// Parses and checks one line; returns it, or fails the test.
Json checked_line(const std::string& line) {
    Json j;
    try {
        j = Json::parse(line);
    } catch (const Json::exception& e) {
        ADD_FAILURE() << "not JSON: " << line << " (" << e.what() << ")";
        return Json::object();
    }
    EXPECT_TRUE(j.is_object()) << line;
    EXPECT_EQ(j.value("schema", ""), "facellava.train/1") << line;
    EXPECT_TRUE(j.contains("rank") && j["rank"].is_number_integer()) << line;
    const std::string event = j.value("event", "");
    const auto fields = schema().find(event);
    if (fields == schema().end()) {
        ADD_FAILURE() << "undocumented event: " << line;
        return j;
    }
    for (const auto& [name, type] : fields->second) {
        EXPECT_TRUE(j.contains(name) && has_type(j[name], type))
            << event << " lacks " << name << " of the documented type: " << line;
    }
    if (event == "status") {
        static const std::set<std::string> phases = {"preparing", "training", "evaluating",
                                                     "saving"};
        EXPECT_TRUE(phases.count(j.value("phase", ""))) << line;
    }
    if (event == "checkpoint") {
        static const std::set<std::string> reasons = {"periodic", "abort", "error", "final"};
        EXPECT_TRUE(reasons.count(j.value("reason", ""))) << line;
    }
    if (event == "eval") {
        for (const auto& [name, value] : j["metrics"].items())
            EXPECT_TRUE(value.is_number() || value.is_null()) << name << ": " << line;
    }
    if (event == "done") {
        EXPECT_TRUE(j["outcome"] == "finished" || j["outcome"] == "cancelled") << line;
    }
    if (event == "error") {
        EXPECT_EQ(j["outcome"], "failed") << line;
        for (const char* k : {"message", "path", "hint"})
            EXPECT_TRUE(j["error"].contains(k) && j["error"][k].is_string()) << k << ": " << line;
        EXPECT_FALSE(j["error"].value("message", "").empty()) << line;
    }
    return j;
}

std::vector<Json> checked_stream(const std::string& text) {
    std::vector<Json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(checked_line(line));
    return lines;
}

// What the CLI does with --progress jsonl (cmd_train.cpp): the writer on the
// run's callbacks, done or error at the end.
std::vector<Json> run_with_json(const TrainConfig& c, const std::atomic<bool>* cancel = nullptr,
                                std::atomic<bool>* cancel_after_step_2 = nullptr) {
    std::ostringstream out;
    ProgressJsonWriter writer(out, 0, 1);
    writer.start(c);
    TrainCallbacks callbacks;
    callbacks.cancel = cancel;
    callbacks.on_progress = [&](const TrainProgress& p) {
        writer.progress(p);
        if (cancel_after_step_2 && p.phase == TrainProgress::Phase::Training && p.step == 2)
            cancel_after_step_2->store(true);
    };
    callbacks.on_checkpoint = [&](const CheckpointSaved& s) { writer.checkpoint(s); };
    try {
        writer.done(run_training(c, callbacks));
    } catch (const std::exception& e) {
        writer.error(e);
    }
    return checked_stream(out.str());
}

#if defined(FACELLAVA_HAVE_MEDIA) && defined(FACELLAVA_HAVE_SPM)

struct TinyRun {
    std::string root;
    TrainConfig config;
};

TinyRun tiny_run(const std::string& tag) {
    TinyRun r;
    r.root = test::make_temp_dir(tag);
    const std::string data = testdata::make_dataset(r.root + "/data", "mixed_emotion", 8);
    TrainConfig& c = r.config;
    c.model.checkpoint = testdata::make_tiny_checkpoint(r.root);
    c.model.device = "cpu";
    c.stage = TrainStage::Lora;
    c.lora.rank = 4;
    c.data.train_files = {data};
    c.data.eval_files = {data};
    c.data.image_root = r.root + "/data/images";
    c.data.video_root = r.root + "/data/videos";
    c.data.num_workers = 1;
    c.optim.batch_size = 4;  // 8 samples: 2 steps per epoch
    c.optim.epochs = 2;
    c.optim.learning_rate = 1e-3;
    c.checkpoint.output_dir = r.root + "/run";
    c.checkpoint.save_every = 1;
    c.checkpoint.keep_last = 2;
    c.checkpoint.save_final_model = true;
    c.eval.every = 2;
    c.eval.max_samples = 2;
    c.eval.max_new_tokens = 4;
    c.cpu_threads = 1;
    c.seed = 5;
    return r;
}

class ProgressJson : public ::testing::Test {
  protected:
    void SetUp() override { at::set_num_threads(1); }
};

TEST_F(ProgressJson, AFinishedRunFollowsTheDocumentedSchema) {
    const TinyRun r = tiny_run("progress_json");
    const auto lines = run_with_json(r.config);
    ASSERT_GE(lines.size(), 6u);
    EXPECT_EQ(lines.front()["event"], "start");
    EXPECT_EQ(lines.front()["output_dir"], r.config.checkpoint.output_dir);
    EXPECT_EQ(lines.front()["stage"], "lora");

    std::vector<int64_t> steps, epochs, checkpoint_steps;
    int terminal = 0, evals = 0;
    for (size_t i = 0; i < lines.size(); ++i) {
        const Json& j = lines[i];
        const std::string event = j.value("event", "");
        EXPECT_EQ(j["rank"], 0);
        if (event == "step") {
            if (!steps.empty()) {
                EXPECT_GT(j["step"].get<int64_t>(), steps.back()) << "steps strictly increase";
            }
            steps.push_back(j["step"].get<int64_t>());
            EXPECT_EQ(j["total_steps"], 4);
            EXPECT_GE(j["loss"].get<double>(), 0.0);
            EXPECT_GE(j["eta_s"].get<double>(), 0.0);
        } else if (event == "epoch") {
            epochs.push_back(j["epoch"].get<int64_t>());
        } else if (event == "eval") {
            ++evals;
            EXPECT_GE(j["eval_loss"].get<double>(), 0.0);
        } else if (event == "checkpoint") {
            checkpoint_steps.push_back(j["step"].get<int64_t>());
            EXPECT_TRUE(fs::is_directory(j["path"].get<std::string>())
                        // keep_last 2 removes the older periodic ones as the run goes on
                        || j["step"].get<int64_t>() < 3)
                << j.dump();
        } else if (event == "done" || event == "error") {
            ++terminal;
            EXPECT_EQ(i, lines.size() - 1) << "the outcome is the last line";
        }
    }
    EXPECT_EQ(steps, (std::vector<int64_t>{1, 2, 3, 4}));
    EXPECT_EQ(epochs, (std::vector<int64_t>{0, 1}));
    EXPECT_GE(evals, 2);  // step 2 and the end
    EXPECT_EQ(checkpoint_steps, (std::vector<int64_t>{1, 2, 3, 4}));
    ASSERT_EQ(terminal, 1);

    const Json& done = lines.back();
    ASSERT_EQ(done["event"], "done");
    EXPECT_EQ(done["outcome"], "finished");
    EXPECT_EQ(done["steps_done"], 4);
    EXPECT_EQ(done["total_steps"], 4);
    ASSERT_TRUE(done["checkpoint"].is_string());
    const fs::path checkpoint = done["checkpoint"].get<std::string>();
    EXPECT_TRUE(fs::exists(checkpoint / "trainer_state.json"));
    EXPECT_EQ(checkpoint.filename(), "step-00000004");
    ASSERT_TRUE(done["model_dir"].is_string());
    EXPECT_TRUE(fs::exists(fs::path(done["model_dir"].get<std::string>()) / "config.json"));
    EXPECT_TRUE(done["eval"].contains("eval_loss"));

    // The layout the GUI lists: what is on disk, newest first.
    const auto listed = list_checkpoints(r.config.checkpoint.output_dir);
    std::vector<std::string> on_disk;
    for (const auto& e :
         fs::directory_iterator(fs::path(r.config.checkpoint.output_dir) / "checkpoints"))
        if (e.is_directory())
            on_disk.push_back(e.path().filename().string());
    ASSERT_EQ(listed.size(), on_disk.size());
    ASSERT_EQ(listed.size(), 2u);  // keep_last
    EXPECT_EQ(listed[0].dir, checkpoint.string());
    EXPECT_TRUE(listed[0].latest);
    EXPECT_TRUE(listed[0].complete);
    EXPECT_EQ(listed[0].reason, "final");
    EXPECT_EQ(listed[0].total_steps, 4);
    EXPECT_TRUE(listed[0].last_loss.has_value());
    EXPECT_EQ(listed[1].step, 3);
    EXPECT_FALSE(listed[1].latest);
    EXPECT_EQ(written_final_model(r.config.checkpoint.output_dir),
              done["model_dir"].get<std::string>());
}

TEST_F(ProgressJson, AnAbortedRunEndsCancelledWithItsAbortCheckpoint) {
    TinyRun r = tiny_run("progress_json_abort");
    r.config.checkpoint.save_every = 0;
    r.config.eval.every = 0;
    std::atomic<bool> cancel{false};
    const auto lines = run_with_json(r.config, &cancel, &cancel);
    ASSERT_FALSE(lines.empty());
    const Json& done = lines.back();
    ASSERT_EQ(done["event"], "done") << done.dump();
    EXPECT_EQ(done["outcome"], "cancelled");
    EXPECT_EQ(done["steps_done"], 2);
    EXPECT_TRUE(done["model_dir"].is_null());
    const Json& saved = lines[lines.size() - 2];
    ASSERT_EQ(saved["event"], "checkpoint");
    EXPECT_EQ(saved["reason"], "abort");
    EXPECT_EQ(saved["path"], done["checkpoint"]);
    EXPECT_TRUE(fs::exists(fs::path(saved["path"].get<std::string>()) / "trainer_state.json"));
}

#endif  // FACELLAVA_HAVE_MEDIA && FACELLAVA_HAVE_SPM

TEST(ProgressJsonErrors, AFailedRunEndsWithTheErrorsMessagePathAndHint) {
    const std::string root = test::make_temp_dir("progress_json_error");
    TrainConfig c;
    c.model.checkpoint = root + "/no_such_checkpoint";
    c.model.device = "cpu";
    c.data.train_files = {root + "/missing.json"};
    c.checkpoint.output_dir = root + "/run";
    const auto lines = run_with_json(c);
    ASSERT_GE(lines.size(), 2u);
    EXPECT_EQ(lines.front()["event"], "start");
    const Json& error = lines.back();
    ASSERT_EQ(error["event"], "error") << error.dump();
    EXPECT_EQ(error["step"], 0);
    // The same parts facellava::Error carries, not its composed text.
    try {
        run_training(c);
        FAIL() << "the run started without its data";
    } catch (const Error& e) {
        EXPECT_EQ(error["error"]["message"], e.brief());
        EXPECT_EQ(error["error"]["path"], e.path());
        EXPECT_EQ(error["error"]["hint"], e.hint());
    }
}

TEST(ProgressJsonErrors, InvalidUtf8StillGivesAReadableLine) {
    std::ostringstream out;
    ProgressJsonWriter writer(out, kLauncherRank, 2);
    writer.error("cannot read", std::string("/data/caf\xe9.json"), "rename it");
    const auto lines = checked_stream(out.str());
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0]["rank"], -1);
    EXPECT_EQ(lines[0]["error"]["message"], "cannot read");
}

TEST(CheckpointLayout, FolderNamesRoundTripAndTemporaryFoldersAreNotCheckpoints) {
    EXPECT_EQ(checkpoint_folder_name(120), "step-00000120");
    EXPECT_EQ(checkpoint_step_from_name("step-00000120"), 120);
    EXPECT_EQ(checkpoint_step_from_name(checkpoint_folder_name(123456789)), 123456789);
    EXPECT_FALSE(checkpoint_step_from_name("step-00000120.tmp-1234"));
    EXPECT_FALSE(checkpoint_step_from_name("latest"));
    EXPECT_FALSE(checkpoint_step_from_name("step-"));
    EXPECT_TRUE(list_checkpoints("").empty());
    EXPECT_TRUE(list_checkpoints(test::make_temp_dir("no_checkpoints")).empty());
}

}  // namespace
}  // namespace facellava::training
