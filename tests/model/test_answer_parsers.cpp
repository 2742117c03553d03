// Answer parsers: many phrasings per task, negations, punctuation, case,
// rationales naming other labels, garbage, huge and non-UTF-8 input.
// Torch-free: builds on its own with the parser sources (docs/ANSWER_PARSERS.md).
#include <gtest/gtest.h>

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "facellava/model/answer_parsers.h"

namespace facellava::model {
namespace {

// ---- Expression -----------------------------------------------------------

struct ExpressionCase {
    const char* answer;
    const char* dfew_label;  // nullptr: no label expected
};

void PrintTo(const ExpressionCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserExpression : public ::testing::TestWithParam<ExpressionCase> {};

TEST_P(AnswerParserExpression, ParsesDfewLabel) {
    const ExpressionCase& c = GetParam();
    const auto parsed = parse_expression(c.answer, ExpressionLabelSet::Dfew7);
    if (c.dfew_label == nullptr) {
        EXPECT_FALSE(parsed.has_value()) << c.answer << " → " << parsed->label;
        return;
    }
    ASSERT_TRUE(parsed.has_value()) << c.answer;
    EXPECT_EQ(parsed->label, c.dfew_label) << c.answer << " (evidence: " << parsed->evidence << ")";
    EXPECT_EQ(expression_labels(ExpressionLabelSet::Dfew7)[parsed->index], parsed->label);
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserExpression,
    ::testing::Values(
        ExpressionCase{"Happy", "happy"}, ExpressionCase{"happiness.", "happy"},
        ExpressionCase{"The person in the video looks HAPPY!", "happy"},
        ExpressionCase{"The subject appears joyful, with a broad smile.", "happy"},
        ExpressionCase{"She is smiling and seems delighted.", "happy"},
        ExpressionCase{"Sadness. The drooping lip corners and lowered gaze suggest sorrow.", "sad"},
        ExpressionCase{"He looks downcast and gloomy", "sad"},
        ExpressionCase{"The expression is one of anger: furrowed brows and pressed lips.", "angry"},
        ExpressionCase{"He seems irritated, maybe even furious.", "angry"},
        ExpressionCase{"Fearful - the eyes are wide open and the brows raised.", "fear"},
        ExpressionCase{"The woman is clearly terrified.", "fear"},
        ExpressionCase{"Disgusted; the nose is wrinkled and the upper lip raised.", "disgust"},
        ExpressionCase{"A look of revulsion crosses her face.", "disgust"},
        ExpressionCase{"Surprised! Her mouth is open and her eyebrows are raised.", "surprise"},
        ExpressionCase{"The man appears astonished.", "surprise"},
        ExpressionCase{"Neutral.", "neutral"},
        ExpressionCase{"The face shows no particular emotion.", "neutral"},
        ExpressionCase{"Calm and expressionless, with relaxed facial muscles.", "neutral"},
        // Rationale names other emotions after the label.
        ExpressionCase{"Happy. Although the brows are raised as in surprise, the smile dominates.",
                       "happy"},
        ExpressionCase{"The emotion is anger rather than sadness or fear.", "angry"},
        // Negations.
        ExpressionCase{"The person is not happy; they look sad.", "sad"},
        ExpressionCase{"Not happy, sad.", "sad"},
        ExpressionCase{"She doesn't look angry at all, she looks scared.", "fear"},
        ExpressionCase{"Neither happy nor sad, just neutral.", "neutral"},
        ExpressionCase{"Surprise instead of fear.", "surprise"},
        ExpressionCase{"He isn\xE2\x80\x99t smiling; he is upset.", "sad"},
        ExpressionCase{"There is no sign of fear. The expression is disgust.", "disgust"},
        ExpressionCase{"The person does not show any emotion.", "neutral"},
        ExpressionCase{"I'm afraid the person looks happy.", "happy"},
        ExpressionCase{"The person is not happy.", nullptr},
        // Whole words only.
        ExpressionCase{"Surprisingly, the madness of sadistic calmness.", nullptr},
        ExpressionCase{"", nullptr}, ExpressionCase{"!!! ??? 12345", nullptr},
        ExpressionCase{"The image shows a face.", nullptr}));

TEST(AnswerParserExpressionSets, RafDbOrderAndSpelling) {
    const auto& labels = expression_labels(ExpressionLabelSet::RafDb7);
    ASSERT_EQ(labels.size(), 7u);
    EXPECT_EQ(labels[0], "surprise");
    EXPECT_EQ(labels[3], "happiness");
    EXPECT_EQ(labels[6], "neutral");
    const auto parsed = parse_expression("He looks happy.", ExpressionLabelSet::RafDb7);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->label, "happiness");
    EXPECT_EQ(parsed->index, 3);
    const auto angry = parse_expression("Angry", ExpressionLabelSet::RafDb7);
    ASSERT_TRUE(angry);
    EXPECT_EQ(angry->label, "anger");
    EXPECT_EQ(angry->index, 5);
}

TEST(AnswerParserExpressionSets, DfewOrder) {
    const std::vector<std::string> expected = {"happy",    "sad",     "neutral", "angry",
                                               "surprise", "disgust", "fear"};
    EXPECT_EQ(expression_labels(ExpressionLabelSet::Dfew7), expected);
    for (std::size_t k = 0; k < expected.size(); ++k) {
        const auto parsed = parse_expression(expected[k], ExpressionLabelSet::Dfew7);
        ASSERT_TRUE(parsed) << expected[k];
        EXPECT_EQ(parsed->index, static_cast<int>(k));
    }
}

TEST(AnswerParserExpressionSets, EvidenceIsTheMatchedWordsAsWritten) {
    const auto parsed =
        parse_expression("Overall: No Particular Emotion is shown.", ExpressionLabelSet::Dfew7);
    ASSERT_TRUE(parsed);
    EXPECT_EQ(parsed->label, "neutral");
    EXPECT_EQ(parsed->evidence, "No Particular Emotion");
}

// ---- Action units ---------------------------------------------------------

struct ActionUnitCase {
    const char* answer;
    std::vector<int> expected;
};

void PrintTo(const ActionUnitCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserActionUnits : public ::testing::TestWithParam<ActionUnitCase> {};

TEST_P(AnswerParserActionUnits, ParsesUnits) {
    EXPECT_EQ(parse_action_units(GetParam().answer), GetParam().expected) << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserActionUnits,
    ::testing::Values(
        ActionUnitCase{"AU12", {12}}, ActionUnitCase{"The active units are AU6 and AU12.", {6, 12}},
        ActionUnitCase{"au 4, au-7 and AU09", {4, 7, 9}},
        ActionUnitCase{"AUs 1, 2 and 4 are activated.", {1, 2, 4}},
        ActionUnitCase{"Action units 6 and 12 are present (a Duchenne smile).", {6, 12}},
        ActionUnitCase{"AU1+AU2+AU5+AU26", {1, 2, 5, 26}},
        ActionUnitCase{"AUs: 1, 2, 4", {1, 2, 4}},
        ActionUnitCase{"Cheek raiser and lip corner puller are active.", {6, 12}},
        ActionUnitCase{"The inner brow raiser (AU1), brow lowerer and lips part are visible.",
                       {1, 4, 25}},
        ActionUnitCase{"Jaw drop, nose wrinkler; upper lip raiser.", {9, 10, 26}},
        ActionUnitCase{"AU12 (lip corner puller) and AU12 again.", {12}},
        // Negations.
        ActionUnitCase{"AU6 is present but not AU12.", {6}},
        ActionUnitCase{"AU4 is absent; AU15 is active.", {15}},
        ActionUnitCase{"There is no AU1, AU2 or AU4, only AU12.", {12}},
        ActionUnitCase{"AU12, not AU6.", {12}},
        ActionUnitCase{"Activated: AU 6, AU 12; not activated: AU 4", {6, 12}},
        ActionUnitCase{"No lip corner depressor; the chin raiser is active.", {17}},
        ActionUnitCase{"No action units are activated.", {}}, ActionUnitCase{"None.", {}},
        ActionUnitCase{"", {}}, ActionUnitCase{"AU0 AU100 AUx", {}},
        ActionUnitCase{"aura, audio, 12 frames", {}}));

// ---- Attributes -----------------------------------------------------------

int attribute(const std::vector<int>& values, const std::string& name) {
    const auto& names = celeba_attribute_names();
    for (std::size_t k = 0; k < names.size(); ++k)
        if (names[k] == name)
            return values.at(k);
    ADD_FAILURE() << "no attribute " << name;
    return -1;
}

std::vector<std::string> present(const std::vector<int>& values) {
    std::vector<std::string> out;
    for (std::size_t k = 0; k < values.size(); ++k)
        if (values[k] == 1)
            out.push_back(celeba_attribute_names()[k]);
    return out;
}

struct AttributeCase {
    const char* answer;
    std::vector<std::string> present;  // every other attribute must be 0
};

void PrintTo(const AttributeCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserAttributes : public ::testing::TestWithParam<AttributeCase> {};

TEST_P(AnswerParserAttributes, ParsesExactlyThese) {
    const auto values = parse_attributes(GetParam().answer);
    ASSERT_EQ(values.size(), static_cast<std::size_t>(kNumCelebaAttributes));
    EXPECT_EQ(present(values), GetParam().present) << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserAttributes,
    ::testing::Values(
        AttributeCase{"A young man wearing glasses, with a beard.",
                      {"Eyeglasses", "Male", "Young"}},
        AttributeCase{"She has long blonde hair, bangs and is wearing lipstick and earrings.",
                      {"Bangs", "Blond_Hair", "Wearing_Earrings", "Wearing_Lipstick"}},
        AttributeCase{"The man is clean-shaven and bald, with a receding hairline.",
                      {"Bald", "Male", "No_Beard", "Receding_Hairline"}},
        AttributeCase{"Her hair is black and wavy; she is smiling with her mouth slightly open.",
                      {"Black_Hair", "Mouth_Slightly_Open", "Smiling", "Wavy_Hair"}},
        AttributeCase{"A woman with grey hair, wearing a hat and a necklace.",
                      {"Gray_Hair", "Wearing_Hat", "Wearing_Necklace"}},
        AttributeCase{"He wears spectacles and a necktie; his eyebrows are bushy.",
                      {"Bushy_Eyebrows", "Eyeglasses", "Male", "Wearing_Necktie"}},
        AttributeCase{
            "Long straight brown hair, high cheekbones, heavy makeup, arched eyebrows.",
            {"Arched_Eyebrows", "Brown_Hair", "Heavy_Makeup", "High_Cheekbones", "Straight_Hair"}},
        AttributeCase{"An attractive youthful female with pale skin, rosy cheeks and an oval face.",
                      {"Attractive", "Oval_Face", "Pale_Skin", "Rosy_Cheeks", "Young"}},
        AttributeCase{"He has a mustache, a goatee, sideburns and a 5 o'clock shadow.",
                      {"5_o_Clock_Shadow", "Goatee", "Male", "Mustache", "Sideburns"}},
        AttributeCase{"Chubby face with a double chin, a big nose and big lips; the photo is "
                      "blurry.",
                      {"Big_Lips", "Big_Nose", "Blurry", "Chubby", "Double_Chin"}},
        AttributeCase{"Narrow eyes, a pointy nose and bags under the eyes.",
                      {"Bags_Under_Eyes", "Narrow_Eyes", "Pointy_Nose"}},
        // Negations.
        AttributeCase{"She is not wearing glasses, a hat or earrings, and is not smiling.", {}},
        AttributeCase{"A man without a beard; no glasses.", {"Male", "No_Beard"}},
        AttributeCase{"His hair is not black.", {"Male"}},
        AttributeCase{"He does not have black hair but brown hair.", {"Brown_Hair", "Male"}},
        AttributeCase{"A man with no beard, black hair and glasses.",
                      {"Black_Hair", "Eyeglasses", "Male", "No_Beard"}},
        AttributeCase{"No glasses, hat, or earrings; wavy hair.", {"Wavy_Hair"}},
        AttributeCase{"An elderly woman with light makeup and no bangs.", {}},
        AttributeCase{"brown eyes, black hair", {"Black_Hair"}}, AttributeCase{"", {}},
        AttributeCase{"\x01\x02 ???", {}}));

TEST(AnswerParserAttributeNames, FortyInCelebaOrder) {
    const auto& names = celeba_attribute_names();
    ASSERT_EQ(names.size(), 40u);
    EXPECT_EQ(names.front(), "5_o_Clock_Shadow");
    EXPECT_EQ(names[20], "Male");
    EXPECT_EQ(names[24], "No_Beard");
    EXPECT_EQ(names[31], "Smiling");
    EXPECT_EQ(names.back(), "Young");
}

TEST(AnswerParserAttributeNames, EarliestMentionDecides) {
    EXPECT_EQ(attribute(parse_attributes("He has a full beard."), "No_Beard"), 0);
    EXPECT_EQ(attribute(parse_attributes("He has no beard."), "No_Beard"), 1);
    EXPECT_EQ(attribute(parse_attributes("A man. She is ..."), "Male"), 1);
    EXPECT_EQ(attribute(parse_attributes("A woman. He is ..."), "Male"), 0);
    EXPECT_EQ(attribute(parse_attributes("Not a woman: a man."), "Male"), 1);
}

// ---- Age ------------------------------------------------------------------

struct AgeCase {
    const char* answer;
    double expected;  // < 0: nullopt expected
};

void PrintTo(const AgeCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserAge : public ::testing::TestWithParam<AgeCase> {};

TEST_P(AnswerParserAge, ParsesAge) {
    const auto age = parse_age(GetParam().answer);
    if (GetParam().expected < 0) {
        EXPECT_FALSE(age.has_value()) << GetParam().answer << " → " << *age;
        return;
    }
    ASSERT_TRUE(age.has_value()) << GetParam().answer;
    EXPECT_DOUBLE_EQ(*age, GetParam().expected) << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserAge,
    ::testing::Values(
        AgeCase{"32", 32}, AgeCase{"The person is 32 years old.", 32},
        AgeCase{"A 45-year-old man.", 45}, AgeCase{"Age: around 45", 45},
        AgeCase{"about 25-30", 27.5}, AgeCase{"25 to 30 years", 27.5},
        AgeCase{"She is between 25 and 30.", 27.5},
        AgeCase{"Estimated age 25\xE2\x80\x93"
                "30.",
                27.5},
        AgeCase{"roughly 32.5", 32.5}, AgeCase{"He appears to be in his thirties.", 35},
        AgeCase{"In their 30s.", 35}, AgeCase{"early thirties", 32}, AgeCase{"late twenties", 28},
        AgeCase{"in her mid-forties", 45}, AgeCase{"a man in his late 50's", 58},
        AgeCase{"a girl in her early teens", 14}, AgeCase{"twenty-five", 25}, AgeCase{"Forty.", 40},
        AgeCase{"She looks about seven years old.", 7}, AgeCase{"a 5 year old child", 5},
        // Numbers that are not ages.
        AgeCase{"With AU12 and AU 6 active and 68 landmarks, the person looks 40.", 40},
        AgeCase{"Confidence 85%. The woman is 29.", 29},
        AgeCase{"Photo taken in 2019; the subject is about 60.", 60},
        AgeCase{"There are 2 faces; one is 33 years old.", 33},
        AgeCase{"AUs 1, 2 and 4; age 50", 50}, AgeCase{"Score 8/10, 30 fps, age 61", 61},
        AgeCase{"No age is given.", -1}, AgeCase{"", -1}, AgeCase{"one face, two eyes", -1},
        AgeCase{"The year 1990, 300 pixels", -1}));

// ---- Deepfake -------------------------------------------------------------

struct DeepfakeCase {
    const char* answer;
    int expected;  // 1 fake, 0 real, -1 nullopt
};

void PrintTo(const DeepfakeCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserDeepfake : public ::testing::TestWithParam<DeepfakeCase> {};

TEST_P(AnswerParserDeepfake, ParsesAuthenticity) {
    const auto parsed = parse_deepfake(GetParam().answer);
    if (GetParam().expected < 0) {
        EXPECT_FALSE(parsed.has_value()) << GetParam().answer;
        return;
    }
    ASSERT_TRUE(parsed.has_value()) << GetParam().answer;
    EXPECT_EQ(*parsed, GetParam().expected == 1 ? Authenticity::Fake : Authenticity::Real)
        << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserDeepfake,
    ::testing::Values(DeepfakeCase{"Fake", 1}, DeepfakeCase{"REAL.", 0},
                      DeepfakeCase{"The video has been manipulated: the face was swapped.", 1},
                      DeepfakeCase{"This is a deepfake; blending artifacts appear around the jaw.",
                                   1},
                      DeepfakeCase{"The face appears synthetic, likely generated by a GAN.", 1},
                      DeepfakeCase{"The video is authentic and unaltered.", 0},
                      DeepfakeCase{"Genuine footage with natural skin texture.", 0},
                      DeepfakeCase{"It is not fake.", 0},
                      DeepfakeCase{"This video is not real.", 1},
                      DeepfakeCase{"The face isn't genuine: it was doctored.", 1},
                      DeepfakeCase{"There are no signs of tampering, so it is original.", 0},
                      DeepfakeCase{"It does not appear to be manipulated.", 0},
                      DeepfakeCase{"Real. Unlike forged videos, it shows consistent lighting.", 0},
                      DeepfakeCase{"Not real, but fake.", 1}, DeepfakeCase{"Not fake, real.", 0},
                      DeepfakeCase{"I cannot tell.", -1}, DeepfakeCase{"", -1},
                      DeepfakeCase{"Realistic lighting, really.", -1}));

// ---- Robustness -----------------------------------------------------------

TEST(AnswerParserRobustness, NonUtf8BytesDoNotCrash) {
    std::string junk;
    for (int b = 0; b < 256; ++b)
        junk += static_cast<char>(b);
    junk += "\xC3\x28\xA0\xA1\xE2\x82\xF0\x28\x8C\xBC\xFF\xFE";
    const std::string mixed = junk + " happy " + junk + " AU12 " + junk + " 30 years " + junk +
                              " fake " + junk + " glasses " + junk;
    EXPECT_EQ(parse_expression(mixed, ExpressionLabelSet::Dfew7)->label, "happy");
    EXPECT_EQ(parse_action_units(mixed), std::vector<int>{12});
    ASSERT_TRUE(parse_age(mixed));
    EXPECT_DOUBLE_EQ(*parse_age(mixed), 30);
    EXPECT_EQ(parse_deepfake(mixed), Authenticity::Fake);
    EXPECT_EQ(attribute(parse_attributes(mixed), "Eyeglasses"), 1);
    for (std::size_t cut = 0; cut < junk.size(); cut += 7) {
        const std::string_view piece(junk.data(), cut);
        (void)parse_expression(piece, ExpressionLabelSet::RafDb7);
        (void)parse_action_units(piece);
        (void)parse_attributes(piece);
        (void)parse_age(piece);
        (void)parse_deepfake(piece);
    }
}

TEST(AnswerParserRobustness, HundredKilobytesParseQuickly) {
    const std::string sentence =
        "The person, not obviously angry nor sad, shows AUs 1, 2 and 4 with long wavy hair and "
        "no glasses; it may be 68 landmarks. ";
    std::string answer;
    while (answer.size() < 100 * 1024)
        answer += sentence;
    answer += "Finally: happy, AU12, about 30, fake, bald.";
    const auto start = std::chrono::steady_clock::now();
    const auto expression = parse_expression(answer, ExpressionLabelSet::Dfew7);
    const auto units = parse_action_units(answer);
    const auto attributes = parse_attributes(answer);
    const auto age = parse_age(answer);
    const auto authenticity = parse_deepfake(answer);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0);
    ASSERT_TRUE(expression);
    EXPECT_EQ(expression->label, "happy");
    EXPECT_EQ(units, (std::vector<int>{1, 2, 4, 12}));
    EXPECT_EQ(attribute(attributes, "Bald"), 1);
    EXPECT_EQ(attribute(attributes, "Wavy_Hair"), 1);
    EXPECT_EQ(attribute(attributes, "Eyeglasses"), 0);
    ASSERT_TRUE(age);
    EXPECT_DOUBLE_EQ(*age, 30);
    EXPECT_EQ(authenticity, Authenticity::Fake);
}

}  // namespace
}  // namespace facellava::model
