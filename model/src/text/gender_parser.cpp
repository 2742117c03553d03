// The gender parser: the earliest decisive word of an answer. Rules and
// examples: docs/ANSWER_PARSERS.md ("Gender").
#include "facellava/model/answer_parsers.h"
#include "text/answer_text.h"

namespace facellava::model {
namespace {

// Nouns and adjectives only: pronouns are too often generic ("he or she",
// "the person ... their") to decide a label on their own.
const char* const kMaleWordList = "male|man|men|boy|gentleman|gentlemen|guy|masculine";
const char* const kFemaleWordList = "female|woman|women|girl|lady|ladies|feminine";

}  // namespace

std::optional<Gender> parse_gender(std::string_view answer) {
    static const answer_text::WordSet kMaleWords(kMaleWordList);
    static const answer_text::WordSet kFemaleWords(kFemaleWordList);
    const std::vector<answer_text::Token> tokens = answer_text::tokenize(answer);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const bool male = kMaleWords.contains(tokens[i].word);
        if (!male && !kFemaleWords.contains(tokens[i].word))
            continue;
        // Binary labels: "not male" says female.
        const bool says_male = male != answer_text::negated_before(tokens, i);
        return says_male ? Gender::Male : Gender::Female;
    }
    return std::nullopt;
}

}  // namespace facellava::model
