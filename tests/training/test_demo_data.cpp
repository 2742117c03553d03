// FaceInstruct-Nano (`facellava make-demo-data`): generated from two face-api
// demo photos with two variants per face. The written files follow the
// FaceInstruct rules (images, (68, 2) landmarks, alternating turns starting
// with "<image>\n"); every answer, read by the repo's answer parsers, gives
// what face-api says about the PNG as written; photos never straddle the
// split; the same seed gives the same bytes and another seed other bytes.
#include <gtest/gtest.h>

#ifdef FACELLAVA_HAVE_MEDIA

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "facellava/core/assets.h"
#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/core/npy.h"
#include "facellava/core/sha256.h"
#include "facellava/model/answer_parsers.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/training/demo_data.h"
#include "test_support.h"

namespace facellava::training {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
using pipeline::AnalysisModels;
using pipeline::AnalysisOptions;
using pipeline::LandmarkKind;
using pipeline::load_analysis_models;

const AnalysisModels& teacher_models() {
    static const AnalysisModels models = [] {
        AnalysisOptions options;
        options.landmarks = LandmarkKind::Dlib68;  // as `facellava make-demo-data` by default
        return load_analysis_models(options, AssetLocator::from_environment());
    }();
    return models;
}

std::string demo_photo(int i) {
    return AssetLocator::from_environment().demo_photos().at(size_t(i - 1));
}

// sample1.jpg (three faces) for train, sample2.jpg for eval.
DemoDataOptions small_options(const std::string& dir, uint64_t seed) {
    DemoDataOptions options;
    options.sources = {demo_source_from_path(demo_photo(1)), demo_source_from_path(demo_photo(2))};
    options.eval_photos = {"sample2.jpg"};
    options.variants = 2;
    options.seed = seed;
    options.output_dir = dir;
    return options;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

struct DemoRun {
    std::string dir;
    DemoDataResult result;
    json train, eval, manifest;
};

DemoRun generate(const std::string& tag, uint64_t seed) {
    DemoRun run;
    run.dir = test::make_temp_dir(tag);
    run.result = make_demo_data(small_options(run.dir, seed), teacher_models());
    run.train = json::parse(read_file(run.dir + "/train.json"));
    run.eval = json::parse(read_file(run.dir + "/eval.json"));
    run.manifest = json::parse(read_file(run.dir + "/manifest.json"));
    return run;
}

const DemoRun& reference() {
    static const DemoRun run = generate("demo-data-a", 1234);
    return run;
}

std::vector<json> all_samples(const DemoRun& run) {
    std::vector<json> samples(run.train.begin(), run.train.end());
    samples.insert(samples.end(), run.eval.begin(), run.eval.end());
    return samples;
}

// "images/sample1_f0_v1.png" → "sample1".
std::string photo_of(const std::string& image) {
    const std::string stem = fs::path(image).stem().string();
    return stem.substr(0, stem.rfind("_f"));
}

// face-api's label as the DFEW label set spells it.
std::string dfew_label(const std::string& faceapi_label) {
    static const std::map<std::string, std::string> names = {
        {"neutral", "neutral"},   {"happy", "happy"},  {"sad", "sad"},
        {"angry", "angry"},       {"fearful", "fear"}, {"disgusted", "disgust"},
        {"surprised", "surprise"}};
    return names.at(faceapi_label);
}

TEST(DemoData, WritesFaceInstructSamplesWithImagesAndLandmarks) {
    const DemoRun& run = reference();
    ASSERT_FALSE(run.result.cancelled);
    ASSERT_TRUE(run.train.is_array());
    ASSERT_TRUE(run.eval.is_array());
    EXPECT_GE(run.train.size(), 12u);  // sample1: three faces × up to two crops × four tasks
    EXPECT_GE(run.eval.size(), 4u);
    EXPECT_EQ(run.train.size(), run.result.train.samples);
    EXPECT_EQ(run.eval.size(), run.result.eval.samples);

    const std::set<std::string> tasks = {"nano_expression", "nano_age", "nano_gender",
                                         "nano_describe"};
    std::map<std::string, std::set<std::string>> tasks_of_image;
    for (const auto& sample : all_samples(run)) {
        ASSERT_TRUE(sample["image"].is_string());
        ASSERT_TRUE(sample["landmarks_2d"].is_string());
        const std::string task = sample["task"].get<std::string>();
        EXPECT_TRUE(tasks.count(task)) << task;
        tasks_of_image[sample["image"]].insert(task);

        const ImageRGB image = load_image(run.dir + "/" + sample["image"].get<std::string>());
        EXPECT_EQ(image.width, 256);
        EXPECT_EQ(image.height, 256);
        const NpyArray lm = read_npy(run.dir + "/" + sample["landmarks_2d"].get<std::string>());
        EXPECT_EQ(lm.shape, (std::vector<int64_t>{68, 2}));
        EXPECT_EQ(lm.dtype, "<f4");
        for (const float v : lm.values) {
            EXPECT_TRUE(std::isfinite(v));
            EXPECT_GT(v, -64.0f);  // crop pixels (a chin may leave the crop a little)
            EXPECT_LT(v, 320.0f);
        }

        const json& turns = sample["conversations"];
        ASSERT_TRUE(turns.is_array());
        ASSERT_EQ(turns.size() % 2, 0u);
        ASSERT_FALSE(turns.empty());
        for (size_t i = 0; i < turns.size(); ++i) {
            EXPECT_EQ(turns[i]["from"], i % 2 == 0 ? "human" : "gpt");
            const std::string value = turns[i]["value"].get<std::string>();
            EXPECT_FALSE(value.empty());
            EXPECT_EQ(value.find("</s>"), std::string::npos);
            if (i > 0) {
                EXPECT_EQ(value.find("<image>"), std::string::npos);
            }
        }
        const std::string question = turns[0]["value"].get<std::string>();
        EXPECT_EQ(question.rfind("<image>\n", 0), 0u) << question;
        EXPECT_EQ(question.find("<image>", 1), std::string::npos);
    }
    for (const auto& [image, image_tasks] : tasks_of_image)
        EXPECT_EQ(image_tasks, tasks) << image;
}

TEST(DemoData, AnswersGiveTheTeachersLabelsOfTheWrittenPng) {
    const DemoRun& run = reference();
    const perception::FaceAnalyzer& analyzer = *teacher_models().faceapi;
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    std::map<std::string, perception::FacePerception> seen;  // per image
    size_t checked = 0;
    for (const auto& sample : all_samples(run)) {
        const std::string image_path = run.dir + "/" + sample["image"].get<std::string>();
        if (!seen.count(image_path)) {
            // The teacher's view: the crop on its padded canvas, one face.
            const ImageRGB canvas = demo_teacher_canvas(load_image(image_path));
            const auto faces = analyzer.detect(canvas, DemoDataOptions{}.crop_min_score);
            ASSERT_EQ(faces.size(), 1u) << image_path;
            seen[image_path] = analyzer.analyze_face(canvas, faces[0].box);
        }
        const perception::FacePerception& p = seen[image_path];
        int argmax = 0;
        for (int i = 1; i < 7; ++i) {
            if (p.expression[size_t(i)] > p.expression[size_t(argmax)])
                argmax = i;
        }
        const std::string task = sample["task"];
        const std::string answer = sample["conversations"][1]["value"];
        if (task == "nano_expression" || task == "nano_describe") {
            const auto parsed = model::parse_expression(answer, model::ExpressionLabelSet::Dfew7);
            ASSERT_TRUE(parsed) << answer;
            EXPECT_EQ(parsed->label, dfew_label(labels[size_t(argmax)]))
                << image_path << ": " << answer;
            EXPECT_EQ(answer.find("weak") != std::string::npos, p.expression[size_t(argmax)] < 0.5f)
                << answer;
            ++checked;
        }
        if (task == "nano_age" || task == "nano_describe") {
            const auto age = model::parse_age(answer);
            ASSERT_TRUE(age) << answer;
            EXPECT_NEAR(*age, p.age, 0.5) << answer;
        }
        if (task == "nano_gender" || task == "nano_describe") {
            const auto gender = model::parse_gender(answer);
            ASSERT_TRUE(gender) << answer;
            EXPECT_EQ(*gender == model::Gender::Male ? "male" : "female", p.gender) << answer;
        }
    }
    EXPECT_GE(checked, 8u);
}

TEST(DemoData, PhotosNeverStraddleTheSplitAndEvalKeepsV0Only) {
    const DemoRun& run = reference();
    std::set<std::string> train_photos, eval_photos;
    for (const auto& sample : run.train)
        train_photos.insert(photo_of(sample["image"]));
    for (const auto& sample : run.eval) {
        eval_photos.insert(photo_of(sample["image"]));
        EXPECT_NE(sample["image"].get<std::string>().find("_v0.png"), std::string::npos);
    }
    EXPECT_EQ(train_photos, std::set<std::string>{"sample1"});
    EXPECT_EQ(eval_photos, std::set<std::string>{"sample2"});
    bool augmented = false;
    for (const auto& sample : run.train)
        augmented |= sample["image"].get<std::string>().find("_v1.png") != std::string::npos;
    EXPECT_TRUE(augmented);
}

TEST(DemoData, ManifestPinsSourcesAndCounts) {
    const DemoRun& run = reference();
    const json& m = run.manifest;
    EXPECT_EQ(m["generator"], "facellava make-demo-data");
    EXPECT_EQ(m["seed"], 1234);
    EXPECT_EQ(m["variants"], 2);
    EXPECT_EQ(m["program_version"], FACELLAVA_VERSION);
    ASSERT_EQ(m["sources"].size(), 2u);
    for (int i = 0; i < 2; ++i) {
        const json& photo = m["sources"][size_t(i)]["photos"][0];
        EXPECT_EQ(photo["sha256"], sha256_file(demo_photo(i + 1)));
        EXPECT_EQ(photo["split"], i == 0 ? "train" : "eval");
    }
    EXPECT_EQ(m["counts"]["train"]["samples"], run.train.size());
    EXPECT_EQ(m["counts"]["eval"]["samples"], run.eval.size());
    EXPECT_EQ(m["counts"]["train"]["by_task"]["nano_age"], run.train.size() / 4);
}

TEST(DemoData, SameSeedSameBytesOtherSeedOtherData) {
    const DemoRun& a = reference();
    const DemoRun b = generate("demo-data-b", 1234);
    const DemoRun c = generate("demo-data-c", 99);
    EXPECT_EQ(read_file(a.dir + "/train.json"), read_file(b.dir + "/train.json"));
    EXPECT_EQ(read_file(a.dir + "/eval.json"), read_file(b.dir + "/eval.json"));
    EXPECT_EQ(read_file(a.dir + "/manifest.json"), read_file(b.dir + "/manifest.json"));
    for (const auto& entry : fs::directory_iterator(a.dir + "/images")) {
        const std::string name = entry.path().filename().string();
        EXPECT_EQ(read_file(entry.path().string()), read_file(b.dir + "/images/" + name)) << name;
    }
    EXPECT_NE(read_file(a.dir + "/train.json"), read_file(c.dir + "/train.json"));
    // v0 is the un-augmented crop whatever the seed; augmented crops differ.
    EXPECT_EQ(read_file(a.dir + "/images/sample1_f0_v0.png"),
              read_file(c.dir + "/images/sample1_f0_v0.png"));
    if (fs::exists(a.dir + "/images/sample1_f0_v1.png") &&
        fs::exists(c.dir + "/images/sample1_f0_v1.png")) {
        EXPECT_NE(read_file(a.dir + "/images/sample1_f0_v1.png"),
                  read_file(c.dir + "/images/sample1_f0_v1.png"));
    }
}

TEST(DemoData, EveryTaskHasAtLeastEightParaphrasesInUse) {
    for (const DemoTask task : kDemoTasks) {
        const auto& questions = demo_questions(task);
        EXPECT_GE(std::set<std::string>(questions.begin(), questions.end()).size(), 8u);
        std::set<std::string> picked;
        for (int i = 0; i < 500; ++i)
            picked.insert(pick_demo_question(task, 1234, "photo_f0_v" + std::to_string(i)));
        EXPECT_GE(picked.size(), 8u) << demo_task_name(task);
        EXPECT_EQ(pick_demo_question(task, 1234, "x_f0_v0"),
                  pick_demo_question(task, 1234, "x_f0_v0"));
    }
}

TEST(DemoData, AnswersStateTheLabelFirstInParserWords) {
    const auto& labels = perception::FaceAnalyzer::expression_labels();
    FaceCues smile;
    smile.lip_corner_raise = 0.12;
    smile.mouth_openness = 0.2;
    smile.brow_raise = 0.25;
    smile.eye_openness = 0.3;
    smile.yaw = 30;
    smile.pose_reliable = true;
    for (int e = 0; e < 7; ++e) {
        for (const float top : {0.9f, 0.3f}) {
            for (const std::string gender : {"male", "female"}) {
                TeacherLabels t;
                t.expression.fill((1 - top) / 6);
                t.expression[size_t(e)] = top;
                t.expression_index = e;
                t.age = 41.4f;
                t.gender = gender;
                t.gender_probability = 0.9f;
                for (const FaceCues& cues : {smile, FaceCues{}}) {
                    const std::string expression = demo_answer(DemoTask::Expression, t, cues);
                    const auto parsed =
                        model::parse_expression(expression, model::ExpressionLabelSet::Dfew7);
                    ASSERT_TRUE(parsed) << expression;
                    EXPECT_EQ(parsed->label, dfew_label(labels[size_t(e)])) << expression;
                    EXPECT_EQ(expression.find("weak") != std::string::npos, top < 0.5f)
                        << expression;
                    const std::string describe = demo_answer(DemoTask::Describe, t, cues);
                    EXPECT_EQ(
                        model::parse_expression(describe, model::ExpressionLabelSet::Dfew7)->label,
                        dfew_label(labels[size_t(e)]))
                        << describe;
                    EXPECT_EQ(model::parse_age(describe), 41.0) << describe;
                    EXPECT_EQ(model::parse_gender(describe),
                              gender == "male" ? model::Gender::Male : model::Gender::Female)
                        << describe;
                    EXPECT_EQ(model::parse_age(demo_answer(DemoTask::Age, t, cues)), 41.0);
                    EXPECT_EQ(model::parse_gender(demo_answer(DemoTask::Gender, t, cues)),
                              gender == "male" ? model::Gender::Male : model::Gender::Female);
                }
            }
        }
    }
    TeacherLabels happy;
    happy.expression = {0, 0.95f, 0, 0, 0, 0, 0.05f};
    happy.expression_index = 1;
    happy.age = 30;
    happy.gender = "female";
    happy.gender_probability = 0.99f;
    EXPECT_EQ(demo_answer(DemoTask::Expression, happy, smile),
              "Happy. The lip corners are raised, the mouth is slightly open and the brows are "
              "raised.");
    EXPECT_EQ(demo_answer(DemoTask::Age, happy, smile),
              "About 30 years old. The estimate comes from a view in which the head is turned "
              "to their left.");
}

TEST(DemoData, TeacherCanvasCentresTheCropOnTheMeanColour) {
    ImageRGB crop;
    crop.width = crop.height = 4;
    crop.pixels.assign(4 * 4 * 3, 7);
    const ImageRGB canvas = demo_teacher_canvas(crop);
    ASSERT_EQ(canvas.width, 8);
    ASSERT_EQ(canvas.height, 8);
    EXPECT_EQ(canvas.row(0)[0], 122);
    EXPECT_EQ(canvas.row(0)[1], 116);
    EXPECT_EQ(canvas.row(0)[2], 104);
    EXPECT_EQ(canvas.row(2)[2 * 3], 7);
    EXPECT_EQ(canvas.row(5)[5 * 3 + 2], 7);
    EXPECT_EQ(canvas.row(6)[6 * 3], 122);
}

TEST(DemoData, DiscoveryNotesMissingDefaultsAndHoldsOutEveryFourthFolderPhoto) {
    const std::string dir = test::make_temp_dir("demo-data-discovery");
    for (const char* name : {"a.jpg", "b.JPG", "c.png", "d.jpeg", "dogs.jpg", "e.jpg", "f.jpg",
                             "g.jpg", "h.jpg", "notes.txt"})
        std::ofstream(dir + "/" + name) << "x";
    DemoDataOptions options;
    options.output_dir = dir + "/out";
    std::vector<std::string> notes;
    const std::vector<DemoSource> sources = {{dir + "/missing", DemoSourceKind::Folder, true},
                                             {dir, DemoSourceKind::Folder, true}};
    const auto photos = discover_demo_photos(options, sources, &notes);
    ASSERT_EQ(notes.size(), 1u);
    EXPECT_NE(notes[0].find("missing"), std::string::npos);
    std::vector<std::string> names, held_out;
    for (const auto& photo : photos) {
        names.push_back(photo.name);
        if (photo.eval)
            held_out.push_back(photo.name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{"a.jpg", "b.JPG", "c.png", "d.jpeg", "e.jpg",
                                               "f.jpg", "g.jpg", "h.jpg"}));
    EXPECT_EQ(held_out, (std::vector<std::string>{"d.jpeg", "h.jpg"}));

    options.eval_photos = {"a", "f.jpg"};
    held_out.clear();
    for (const auto& photo : discover_demo_photos(options, sources, nullptr)) {
        if (photo.eval)
            held_out.push_back(photo.name);
    }
    EXPECT_EQ(held_out, (std::vector<std::string>{"a.jpg", "f.jpg"}));
    options.eval_photos = {"zzz.jpg"};
    EXPECT_THROW(discover_demo_photos(options, sources, nullptr), Error);
}

TEST(DemoData, BadPhotoFailsNamingItOrIsSkipped) {
    const std::string dir = test::make_temp_dir("demo-data-bad");
    const std::string broken = dir + "/broken.jpg";
    std::ofstream(broken) << "not a jpeg";
    DemoDataOptions options;
    options.sources = {demo_source_from_path(broken)};
    options.variants = 1;
    options.output_dir = dir + "/out";
    try {
        make_demo_data(options, teacher_models());
        ADD_FAILURE() << "a broken photo must fail the run";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("broken.jpg"), std::string::npos) << e.what();
    }
    options.skip_bad = true;
    const DemoDataResult result = make_demo_data(options, teacher_models());
    ASSERT_EQ(result.skipped.size(), 1u);
    EXPECT_NE(result.skipped[0].find("broken.jpg"), std::string::npos);
    EXPECT_EQ(result.train.samples, 0u);
    EXPECT_TRUE(fs::exists(dir + "/out/train.json"));
}

TEST(DemoData, RejectsMissingSourceForeignOutputAndStopsWhenCancelled) {
    const std::string dir = test::make_temp_dir("demo-data-errors");
    DemoDataOptions options;
    options.sources = {demo_source_from_path(dir + "/no-such-folder")};
    options.output_dir = dir + "/out";
    try {
        make_demo_data(options, teacher_models());
        ADD_FAILURE() << "a missing --source must fail";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-folder"), std::string::npos) << e.what();
    }

    fs::create_directories(dir + "/foreign");
    std::ofstream(dir + "/foreign/notes.txt") << "mine";
    options = small_options(dir + "/foreign", 1);
    EXPECT_THROW(make_demo_data(options, teacher_models()), Error);
    EXPECT_TRUE(fs::exists(dir + "/foreign/notes.txt"));

    std::atomic<bool> cancel{true};
    options = small_options(dir + "/cancelled", 1);
    DemoDataCallbacks callbacks;
    callbacks.cancel = &cancel;
    const DemoDataResult result = make_demo_data(options, teacher_models(), callbacks);
    EXPECT_TRUE(result.cancelled);
    EXPECT_FALSE(fs::exists(dir + "/cancelled/train.json"));
}

}  // namespace
}  // namespace facellava::training

#endif  // FACELLAVA_HAVE_MEDIA
