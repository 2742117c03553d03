// Scoring of the FaceLLaVA-Nano demo tasks: their names map to metric
// families without overrides, and gender answers are scored as a binary label.
#include <gtest/gtest.h>

#include "metrics/answer_scoring.h"

namespace facellava::training {
namespace {

TEST(AnswerScoringNano, DemoTaskNamesMapToFamilies) {
    const std::map<std::string, std::string> none;
    EXPECT_EQ(metric_family_for("nano_expression", none), MetricFamily::Expression);
    EXPECT_EQ(metric_family_for("nano_age", none), MetricFamily::Age);
    EXPECT_EQ(metric_family_for("nano_gender", none), MetricFamily::Gender);
    EXPECT_EQ(metric_family_for("celeba_gender", none), MetricFamily::Gender);
    // Free descriptions carry no label: not scored unless overridden.
    EXPECT_EQ(metric_family_for("nano_describe", none), MetricFamily::None);
    EXPECT_EQ(metric_family_for("nano_describe", {{"nano_describe", "expression"}}),
              MetricFamily::Expression);
    EXPECT_EQ(parse_metric_family("gender"), MetricFamily::Gender);
}

TEST(AnswerScoringNano, GenderAnswersAreScored) {
    AnswerScorer scorer;
    // References male, female, female, male; predictions male, male, female, unreadable.
    scorer.add("nano_gender", "male", "Male. The jaw is square.");
    scorer.add("nano_gender", "female", "male");
    scorer.add("nano_gender", "Female. Long hair frames a soft face.", "female, smiling");
    scorer.add("nano_gender", "male", "The person is smiling.");
    // A reference without a gender word is not a sample (nothing to compare with).
    scorer.add("nano_gender", "Cannot tell from this crop.", "male");
    scorer.add("nano_describe", "A young woman smiling warmly.", "A man with a beard.");
    const auto r = scorer.results();
    EXPECT_NEAR(r.at("nano_gender/gender_accuracy"), 0.5, 1e-12);
    EXPECT_EQ(r.at("nano_gender/answered"), 4);
    EXPECT_EQ(r.at("nano_gender/unreadable"), 1);
    for (const auto& [key, value] : r)
        EXPECT_EQ(key.rfind("nano_describe/", 0), std::string::npos) << key;
}

TEST(AnswerScoringNano, ExpressionAndAgeDemoAnswers) {
    AnswerScorer scorer;
    scorer.add("nano_expression", "happy", "Happy.");
    scorer.add("nano_expression", "neutral", "surprised");
    scorer.add("nano_age", "34", "About 30 years old.");
    scorer.add("nano_age", "The person is about 52 years old.", "55");
    const auto r = scorer.results();
    EXPECT_NEAR(r.at("nano_expression/war"), 0.5, 1e-12);
    EXPECT_NEAR(r.at("nano_expression/uar"), 0.5, 1e-12);
    EXPECT_NEAR(r.at("nano_age/age_mae"), 3.5, 1e-12);
}

}  // namespace
}  // namespace facellava::training
