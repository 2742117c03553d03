// The age parser: the first age-like expression in an answer. Rules and
// examples: docs/ANSWER_PARSERS.md ("Age").
#include <cmath>
#include <cstdlib>

#include "facellava/model/answer_parsers.h"
#include "text/answer_parsing.h"
#include "text/answer_text.h"

namespace facellava::model {
namespace {

using answer_text::is_number;
using answer_text::is_one_of;
using answer_text::Token;
using answer_text::word_is_any;

constexpr double kMaxAge = 120.0;
// Below this, a bare number is more often a count ("2 faces") than an age, so
// it needs an age cue: "aged 5", "5 years old", "about 6".
constexpr double kNeedsCueBelow = 10.0;

struct NumberWord {
    const char* word;
    int value;
};

constexpr NumberWord kUnitWords[] = {
    {"zero", 0}, {"one", 1}, {"two", 2},   {"three", 3}, {"four", 4},
    {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9},
};
constexpr NumberWord kTeenWords[] = {
    {"ten", 10},     {"eleven", 11},  {"twelve", 12},    {"thirteen", 13}, {"fourteen", 14},
    {"fifteen", 15}, {"sixteen", 16}, {"seventeen", 17}, {"eighteen", 18}, {"nineteen", 19},
};
constexpr NumberWord kTensWords[] = {
    {"twenty", 20}, {"thirty", 30},  {"forty", 40},  {"fifty", 50},
    {"sixty", 60},  {"seventy", 70}, {"eighty", 80}, {"ninety", 90},
};
constexpr NumberWord kDecadeWords[] = {
    {"teens", 10},   {"twenties", 20},  {"thirties", 30}, {"forties", 40},  {"fifties", 50},
    {"sixties", 60}, {"seventies", 70}, {"eighties", 80}, {"nineties", 90},
};

// Before a number: it is an age ("aged 5", "about 6").
constexpr const char* kAgeCuesBefore =
    "age|aged|about|around|approximately|approx|roughly|maybe|perhaps|probably|likely|"
    "estimated|nearly|almost|circa|over|under|between";
// After a number: it is an age ("5 years old", "32-year-old", "5 yo").
constexpr const char* kAgeCuesAfter = "year|yr|yo";
// Before a number: it is something else ("AU 12", "frame 30", "top 5").
constexpr const char* kNotAgeBefore =
    "au|unit|frame|image|figure|fig|page|step|version|id|landmark|point|top|chapter|section|"
    "table|rank|level|intensity|score|number|no|region|index";
// After a number: it is a count or a measure ("68 landmarks", "30 fps").
constexpr const char* kNotAgeAfter =
    "landmark|point|frame|pixel|px|fps|percent|percentage|degree|deg|image|photo|picture|face|"
    "person|people|time|second|sec|minute|min|hour|day|week|month|kg|lb|pound|cm|mm|m|inch|"
    "foot|feet|ft|x|by|dimension|dimensional|channel|bit|fold|out|of|region|au|action|"
    "individual|subject|video|clip";

std::optional<int> lookup(const std::string& word, const NumberWord* table, std::size_t size) {
    for (std::size_t k = 0; k < size; ++k)
        if (word == table[k].word)
            return table[k].value;
    return std::nullopt;
}
template <std::size_t N>
std::optional<int> lookup(const std::string& word, const NumberWord (&table)[N]) {
    return lookup(word, table, N);
}

// A number at tokens[i]: digits, "twenty-five", "forty", "seven".
struct NumberAt {
    double value = 0;
    std::size_t end = 0;  // index past its last token
};

std::optional<NumberAt> read_number(const std::vector<Token>& tokens, std::size_t i) {
    const std::string& word = tokens[i].word;
    if (is_number(word))
        return NumberAt{std::strtod(word.c_str(), nullptr), i + 1};
    if (const auto tens = lookup(word, kTensWords)) {
        // "twenty-five", "twenty five"
        if (i + 1 < tokens.size()) {
            const std::string_view gap = tokens[i + 1].gap;
            const bool joined = gap == "-" || gap == " ";
            if (const auto unit = lookup(tokens[i + 1].word, kUnitWords);
                unit && joined && *unit > 0)
                return NumberAt{static_cast<double>(*tens + *unit), i + 2};
        }
        return NumberAt{static_cast<double>(*tens), i + 1};
    }
    if (const auto teen = lookup(word, kTeenWords))
        return NumberAt{static_cast<double>(*teen), i + 1};
    if (const auto unit = lookup(word, kUnitWords))
        return NumberAt{static_cast<double>(*unit), i + 1};
    return std::nullopt;
}

// "30s", "30's", "thirties", "teens": the decade's first year.
std::optional<int> read_decade(const std::string& word) {
    if (const auto decade = lookup(word, kDecadeWords))
        return decade;
    std::string digits = word;
    if (digits.size() > 2 && digits.compare(digits.size() - 2, 2, "'s") == 0) {
        digits.resize(digits.size() - 2);
    } else if (digits.size() > 1 && digits.back() == 's') {
        digits.pop_back();
    } else {
        return std::nullopt;
    }
    if (digits.size() != 2 || !is_number(digits))
        return std::nullopt;
    const int value = std::atoi(digits.c_str());
    if (value < 10 || value % 10 != 0)
        return std::nullopt;
    return value;
}

// "early thirties" → 32, "mid-40s" → 45, "late twenties" → 28, "in their 30s"
// → 35. Teens start at 13, not 10, so they get their own points.
double decade_age(int decade, const std::string& modifier) {
    const bool teens = decade == 10;
    if (modifier == "early")
        return teens ? 14 : decade + 2;
    if (modifier == "late")
        return teens ? 18 : decade + 8;
    return teens ? 16 : decade + 5;  // "mid", "middle" or none
}

bool gap_has(std::string_view gap, char c) {
    return gap.find(c) != std::string_view::npos;
}

// The dash of a range "25-30", "25 – 30", "25~30".
bool is_range_dash(std::string_view gap) {
    while (!gap.empty() && gap.front() == ' ')
        gap.remove_prefix(1);
    while (!gap.empty() && gap.back() == ' ')
        gap.remove_suffix(1);
    return gap == "-" || gap == "~" || gap == "\xE2\x80\x93" || gap == "\xE2\x80\x94";
}

class AgeReader {
  public:
    AgeReader(std::string_view answer, const std::vector<Token>& tokens)
        : answer_(answer), tokens_(tokens), in_action_unit_(tokens.size(), false) {
        for (const auto& mention : answer_parsing::find_action_unit_mentions(tokens))
            for (std::size_t k = mention.first_token; k < mention.end_token; ++k)
                in_action_unit_[k] = true;
    }

    std::optional<double> first_age() const {
        for (std::size_t i = 0; i < tokens_.size(); ++i) {
            if (in_action_unit_[i])
                continue;
            if (const auto age = decade_at(i))
                return age;
            if (const auto age = number_at(i))
                return age;
        }
        return std::nullopt;
    }

  private:
    std::optional<double> decade_at(std::size_t i) const {
        const auto decade = read_decade(tokens_[i].word);
        if (!decade)
            return std::nullopt;
        const std::string modifier = i > 0 && !tokens_[i].new_sentence ? tokens_[i - 1].word : "";
        return decade_age(*decade, modifier);
    }

    // A number, or a range "25-30" / "25 to 30" / "between 25 and 30" (→ its
    // midpoint), that passes the not-an-age checks.
    std::optional<double> number_at(std::size_t i) const {
        const auto first = read_number(tokens_, i);
        if (!first)
            return std::nullopt;
        double age = first->value;
        std::size_t end = first->end;
        if (const auto second = range_end(i, end)) {
            age = (first->value + second->value) / 2.0;
            end = second->end;
        }
        if (age < 0 || age > kMaxAge || first->value > kMaxAge)
            return std::nullopt;
        if (!looks_like_age(i, end, age))
            return std::nullopt;
        return age;
    }

    std::optional<NumberAt> range_end(std::size_t i, std::size_t end) const {
        if (end >= tokens_.size() || tokens_[end].new_sentence)
            return std::nullopt;
        std::size_t second_at = end;
        if (is_one_of(tokens_[end].word, "to") ||
            (is_one_of(tokens_[end].word, "and") && i > 0 && tokens_[i - 1].word == "between")) {
            second_at = end + 1;
        } else if (!is_range_dash(tokens_[end].gap)) {
            return std::nullopt;
        }
        if (second_at >= tokens_.size() || tokens_[second_at].new_sentence)
            return std::nullopt;
        const auto second = read_number(tokens_, second_at);
        if (!second || second->value > kMaxAge)
            return std::nullopt;
        return second;
    }

    bool looks_like_age(std::size_t i, std::size_t end, double age) const {
        const Token* before = i > 0 && !tokens_[i].new_sentence ? &tokens_[i - 1] : nullptr;
        const Token* after =
            end < tokens_.size() && !tokens_[end].new_sentence ? &tokens_[end] : nullptr;
        if (before && word_is_any(before->word, kNotAgeBefore))
            return false;
        if (after && word_is_any(after->word, kNotAgeAfter))
            return false;
        if (percent_follows(end))
            return false;
        // "8/10", "10:30": fractions, scores and times.
        const bool joined_before = before && is_number(before->word) &&
                                   (gap_has(tokens_[i].gap, '/') || gap_has(tokens_[i].gap, ':'));
        const bool joined_after = after && is_number(after->word) &&
                                  (gap_has(after->gap, '/') || gap_has(after->gap, ':'));
        if (joined_before || joined_after)
            return false;
        if (age >= kNeedsCueBelow)
            return true;
        const bool cue_before =
            (before && word_is_any(before->word, kAgeCuesBefore)) || gap_has(tokens_[i].gap, '~');
        const bool cue_after = after && word_is_any(after->word, kAgeCuesAfter);
        return cue_before || cue_after;
    }

    bool percent_follows(std::size_t end) const {
        const std::size_t from = tokens_[end - 1].end;
        const std::size_t to = end < tokens_.size() ? tokens_[end].begin : answer_.size();
        return answer_.substr(from, to - from).find('%') != std::string_view::npos;
    }

    std::string_view answer_;
    const std::vector<Token>& tokens_;
    std::vector<bool> in_action_unit_;
};

}  // namespace

std::optional<double> parse_age(std::string_view answer) {
    const std::vector<Token> tokens = answer_text::tokenize(answer);
    return AgeReader(answer, tokens).first_age();
}

}  // namespace facellava::model
