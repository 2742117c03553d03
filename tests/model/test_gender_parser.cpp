// parse_gender (docs/ANSWER_PARSERS.md "Gender"): answers as the demo model
// and FaceInstruct-style references phrase them.
#include <gtest/gtest.h>

#include "facellava/model/answer_parsers.h"

namespace facellava::model {
namespace {

struct GenderCase {
    const char* answer;
    int expected;  // 1 male, 0 female, -1 nullopt
};

void PrintTo(const GenderCase& c, std::ostream* os) {
    *os << '"' << c.answer << '"';
}

class AnswerParserGender : public ::testing::TestWithParam<GenderCase> {};

TEST_P(AnswerParserGender, ParsesGender) {
    const auto parsed = parse_gender(GetParam().answer);
    if (GetParam().expected < 0) {
        EXPECT_FALSE(parsed.has_value()) << GetParam().answer;
        return;
    }
    ASSERT_TRUE(parsed.has_value()) << GetParam().answer;
    EXPECT_EQ(*parsed, GetParam().expected == 1 ? Gender::Male : Gender::Female)
        << GetParam().answer;
}

INSTANTIATE_TEST_SUITE_P(
    Phrasings, AnswerParserGender,
    ::testing::Values(GenderCase{"male", 1}, GenderCase{"Female", 0}, GenderCase{"MALE.", 1},
                      GenderCase{"Male. The jawline and brow ridge are pronounced.", 1},
                      GenderCase{"female, with long hair and a soft jawline", 0},
                      GenderCase{"A young woman smiling at the camera.", 0},
                      GenderCase{"The person appears to be a middle-aged man.", 1},
                      GenderCase{"Female. Unlike most men in the set, she has no beard.", 0},
                      GenderCase{"This is not a man.", 0}, GenderCase{"Not female.", 1},
                      GenderCase{"A girl of about ten.", 0}, GenderCase{"Two boys.", 1},
                      GenderCase{"The person looks about 30.", -1},
                      GenderCase{"He or she is smiling.", -1}, GenderCase{"", -1},
                      GenderCase{"Humanlike, mannered, maleficent.", -1}));

}  // namespace
}  // namespace facellava::model
