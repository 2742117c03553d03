// The "facellava_tasks" the trainer writes into a final model's config.json
// (trainer/data_tasks.h), from the FaceInstruct task names of its data: the
// demo data's four tasks, FaceInstruct-1M's source files (FACELLAVA_SPEC §7),
// overrides and weights.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "trainer/data_tasks.h"

namespace facellava::training {
namespace {

using Names = std::vector<std::string>;

TEST(DataTasks, NanoDemoDataGivesItsFourTasks) {
    // training/demo_data.h's task names, each many times, in sample order.
    const Names samples = {"nano_expression", "nano_age",        "nano_gender", "nano_describe",
                           "nano_describe",   "nano_expression", "nano_age"};
    EXPECT_EQ(model_tasks_in_data(samples, {}, {}),
              (Names{"expression", "age", "gender", "description"}));
}

TEST(DataTasks, FaceInstructSourceFilesMapToThePapersTasks) {
    // The per-source file names of FaceInstruct-1M (spec §7).
    const Names samples = {"cremad", "dfew",  "mafw", "ferv39k", "affectnet_emotion",
                           "rafdb",  "disfa", "bp4d", "CelebA",  "utkface",
                           "morph",  "ffpp"};
    EXPECT_EQ(model_tasks_in_data(samples, {}, {}),
              (Names{"expression", "action_units", "attributes", "age", "deepfake"}));
    EXPECT_EQ(model_tasks_in_data({"rafdb"}, {}, {}), (Names{"expression"}));
}

TEST(DataTasks, OverridesWeightsAndFreeInstructions) {
    // eval.task_kinds names what a task's name does not say.
    EXPECT_EQ(model_tasks_in_data({"mydata"}, {}, {{"mydata", "action_units"}}),
              (Names{"action_units"}));
    // Free instructions with no label family add no task; captions are descriptions.
    EXPECT_EQ(model_tasks_in_data({"chitchat"}, {}, {}), Names{});
    EXPECT_EQ(model_tasks_in_data({"face_captions"}, {}, {}), (Names{"description"}));
    // A task of weight 0 is left out of every epoch: the model is not trained for it.
    EXPECT_EQ(model_tasks_in_data({"rafdb", "disfa"}, {{"disfa", 0.0}}, {}), (Names{"expression"}));
    EXPECT_EQ(model_tasks_in_data({"rafdb", "disfa"}, {{"disfa", 0.5}}, {}),
              (Names{"expression", "action_units"}));
}

}  // namespace
}  // namespace facellava::training
