// Task metrics against values computed by hand, and the answer scorer that
// feeds them through the answer parsers.
#include <gtest/gtest.h>

#include "metrics/answer_scoring.h"
#include "metrics/task_metrics.h"

namespace facellava::training {
namespace {

TEST(TaskMetrics, UarAndWarByHand) {
    // Class 0: 1 of 2 right; class 1: 2 of 3 (one unreadable = wrong); class 2: 1 of 1.
    // UAR = (1/2 + 2/3 + 1) / 3 = 0.72222…; WAR = 4 / 6.
    const auto s = classification_scores({0, 0, 1, 1, 1, 2}, {0, 1, 1, 1, -1, 2});
    EXPECT_NEAR(s.uar, (0.5 + 2.0 / 3.0 + 1.0) / 3.0, 1e-12);
    EXPECT_NEAR(s.war, 4.0 / 6.0, 1e-12);
    EXPECT_EQ(s.count, 6);
    // A predicted class absent from the references does not enter UAR.
    const auto t = classification_scores({0, 0}, {3, 0});
    EXPECT_NEAR(t.uar, 0.5, 1e-12);
    EXPECT_NEAR(t.war, 0.5, 1e-12);
}

TEST(TaskMetrics, MeanAuF1ByHand) {
    // AU1: tp 1 → F1 1. AU2: tp 1, fn 1 → 2/3. AU4: fp 2, fn 1, tp 0 → 0. Mean 5/9.
    const std::vector<std::vector<int>> refs = {{1, 2}, {2}, {4}, {}};
    const std::vector<std::vector<int>> preds = {{1}, {2, 4}, {}, {4}};
    EXPECT_NEAR(mean_f1(refs, preds), (1.0 + 2.0 / 3.0 + 0.0) / 3.0, 1e-12);
    // With an explicit AU list (AU12 never occurs: F1 0).
    EXPECT_NEAR(mean_f1(refs, preds, {1, 2, 12}), (1.0 + 2.0 / 3.0 + 0.0) / 3.0, 1e-12);
    EXPECT_NEAR(mean_f1(refs, preds, {1}), 1.0, 1e-12);
}

TEST(TaskMetrics, AttributeMeanAccuracyAndAgeMaeByHand) {
    // Per attribute: 2/2, 1/2, 1/2 → mean 2/3.
    EXPECT_NEAR(mean_attribute_accuracy({{1, 0, 1}, {0, 0, 1}}, {{1, 1, 1}, {0, 0, 0}}), 2.0 / 3.0,
                1e-12);
    // |32 − 30| and |20 − 25| over the two readable answers: 3.5.
    const auto age = age_scores({30, 40, 25}, {32.0, std::nullopt, 20.0});
    EXPECT_NEAR(age.mae, 3.5, 1e-12);
    EXPECT_EQ(age.count, 2);
    EXPECT_EQ(age.unreadable, 1);
}

TEST(TaskMetrics, MismatchedLengthsAreErrors) {
    EXPECT_THROW(classification_scores({1}, {}), std::exception);
    EXPECT_THROW(mean_f1({{1}}, {}), std::exception);
}

TEST(AnswerScoring, TaskNamesMapToMetricFamilies) {
    const std::map<std::string, std::string> none;
    EXPECT_EQ(metric_family_for("dfew", none), MetricFamily::Expression);
    EXPECT_EQ(metric_family_for("affectnet_emotion", none), MetricFamily::Expression);
    EXPECT_EQ(metric_family_for("ferv39k", none), MetricFamily::Expression);
    EXPECT_EQ(metric_family_for("bp4d", none), MetricFamily::ActionUnits);
    EXPECT_EQ(metric_family_for("disfa", none), MetricFamily::ActionUnits);
    EXPECT_EQ(metric_family_for("CelebA", none), MetricFamily::Attributes);
    EXPECT_EQ(metric_family_for("utkface_age", none), MetricFamily::Age);
    EXPECT_EQ(metric_family_for("ff++", none), MetricFamily::Deepfake);
    EXPECT_EQ(metric_family_for("celeb-df", none), MetricFamily::Deepfake);
    EXPECT_EQ(metric_family_for("mystery", none), MetricFamily::None);
    EXPECT_EQ(metric_family_for("mystery", {{"mystery", "age"}}), MetricFamily::Age);
}

TEST(AnswerScoring, GeneratedAnswersAreScoredThroughTheParsers) {
    AnswerScorer scorer;
    // Expression: references happy, happy, sad; predictions happy, sad, sad.
    // Recall happy 1/2, sad 1/1 → UAR 0.75; WAR 2/3.
    scorer.add("rafdb", "Happy. The cheeks are raised.", "The person is happy.");
    scorer.add("rafdb", "Happiness, with a broad smile.", "They look sad.");
    scorer.add("rafdb", "Sad: the lip corners are pulled down.", "Sadness.");
    // Age: |30 − 28| and |50 − 45| → 3.5; one unreadable answer.
    scorer.add("utkface", "The person is about 30 years old.", "Around 28 years old.");
    scorer.add("utkface", "This person is 50 years old.", "They are 45 years old.");
    scorer.add("utkface", "Roughly 40 years old.", "I cannot tell.");
    // Deepfake: both right.
    scorer.add("ffpp", "This video is fake.", "The video is manipulated.");
    scorer.add("ffpp", "The video is real.", "It looks authentic.");
    // AUs: AU12 right; AU4 missed, AU6 predicted wrongly → per AU F1: 12 → 1, 4 → 0.
    scorer.add("disfa", "Active action units: AU12.", "AU12 is active.");
    scorer.add("disfa", "AU4 is active.", "AU6 is active.");
    const auto r = scorer.results();
    EXPECT_NEAR(r.at("rafdb/uar"), 0.75, 1e-12);
    EXPECT_NEAR(r.at("rafdb/war"), 2.0 / 3.0, 1e-12);
    EXPECT_EQ(r.at("rafdb/answered"), 3);
    EXPECT_NEAR(r.at("utkface/age_mae"), 3.5, 1e-12);
    EXPECT_EQ(r.at("utkface/unreadable"), 1);
    EXPECT_NEAR(r.at("ffpp/deepfake_accuracy"), 1.0, 1e-12);
    EXPECT_NEAR(r.at("disfa/au_f1"), 0.5, 1e-12);
}

}  // namespace
}  // namespace facellava::training
