// Expression, action-unit, attribute and deepfake answer parsers (the age
// parser is in age_parser.cpp). Rules: docs/ANSWER_PARSERS.md.
#include "facellava/model/answer_parsers.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>

#include "text/answer_parsing.h"
#include "text/answer_text.h"

namespace facellava::model {

using answer_parsing::ActionUnitMention;
using answer_text::negated_before;
using answer_text::Phrase;
using answer_text::Token;
using answer_text::tokenize;
using answer_text::word_is;
using answer_text::word_is_any;

// ---- Expression -----------------------------------------------------------

namespace {

enum class Emotion { Surprise, Fear, Disgust, Happiness, Sadness, Anger, Neutral };

struct EmotionPhrase {
    Emotion emotion;
    const char* phrase;         // answer_text::Phrase pattern
    bool when_negated = false;  // names the emotion only when negated
};

// Earlier rows win when two phrases start at the same word.
const EmotionPhrase kEmotionPhrases[] = {
    {Emotion::Happiness,
     "happy|happiness|joy|joyful|joyous|smiling|smile|cheerful|delighted|pleased|glad|elated|"
     "grinning|laughing"},
    {Emotion::Sadness,
     "sad|sadness|sorrow|sorrowful|unhappy|upset|gloomy|downcast|melancholy|melancholic|"
     "depressed|dejected|crying|tearful|grief|miserable"},
    {Emotion::Anger,
     "angry|anger|furious|fury|rage|enraged|irritated|annoyed|mad|irate|hostile|frustrated"},
    {Emotion::Fear,
     "fear|fearful|afraid|scared|frightened|terrified|terror|anxious|anxiety|panic|panicked|"
     "nervous|worried|horrified"},
    {Emotion::Disgust, "disgust|disgusted|disgusting|repulsed|revulsion|revolted|repelled"},
    {Emotion::Disgust, "grossed out"},
    {Emotion::Surprise,
     "surprise|surprised|astonished|astonishment|shocked|shock|amazed|amazement|startled"},
    {Emotion::Neutral,
     "neutral|calm|expressionless|emotionless|impassive|blank|stoic|deadpan|relaxed"},
    {Emotion::Neutral,
     "no|without particular|specific|strong|clear|obvious|visible|apparent|discernible|"
     "distinct? emotion"},
    {Emotion::Neutral, "straight|poker face"},
    // "does not show any emotion": emotion itself negated.
    {Emotion::Neutral, "emotion|emotional", true},
};

// Phrases that use an emotion word for something else.
const char* const kNotEmotionPhrases[] = {"i'm|im afraid", "i am afraid"};

// Where each Emotion sits in a label set.
int emotion_index(Emotion emotion, ExpressionLabelSet set) {
    // Indexed by Emotion: Surprise, Fear, Disgust, Happiness, Sadness, Anger, Neutral.
    constexpr int kRafDb[] = {0, 1, 2, 3, 4, 5, 6};
    constexpr int kDfew[] = {4, 6, 5, 0, 1, 3, 2};
    const int e = static_cast<int>(emotion);
    return set == ExpressionLabelSet::RafDb7 ? kRafDb[e] : kDfew[e];
}

struct CompiledEmotionPhrase {
    Emotion emotion;
    Phrase phrase;
    bool when_negated;
};

struct CompiledEmotionTable {
    std::vector<CompiledEmotionPhrase> phrases;
    answer_text::WordSet start_words;  // where any phrase can start
};

const CompiledEmotionTable& emotion_table() {
    static const CompiledEmotionTable table = [] {
        CompiledEmotionTable out;
        std::string starts;
        for (const EmotionPhrase& row : kEmotionPhrases) {
            out.phrases.push_back({row.emotion, Phrase(row.phrase), row.when_negated});
            starts += out.phrases.back().phrase.start_words() + '|';
        }
        out.start_words = answer_text::WordSet(starts);
        return out;
    }();
    return table;
}

const std::vector<Phrase>& not_emotion_phrases() {
    static const std::vector<Phrase> compiled(std::begin(kNotEmotionPhrases),
                                              std::end(kNotEmotionPhrases));
    return compiled;
}

// Index past a phrase at tokens[i] that only looks like an emotion, else i.
std::size_t skip_not_emotion(const std::vector<Token>& tokens, std::size_t i) {
    for (const Phrase& phrase : not_emotion_phrases())
        if (const auto end = phrase.match(tokens, i))
            return *end;
    return i;
}

}  // namespace

const std::vector<std::string>& expression_labels(ExpressionLabelSet set) {
    static const std::vector<std::string> raf_db = {"surprise", "fear",  "disgust", "happiness",
                                                    "sadness",  "anger", "neutral"};
    static const std::vector<std::string> dfew = {"happy",    "sad",     "neutral", "angry",
                                                  "surprise", "disgust", "fear"};
    return set == ExpressionLabelSet::RafDb7 ? raf_db : dfew;
}

std::optional<ParsedLabel> parse_expression(std::string_view answer, ExpressionLabelSet set) {
    const CompiledEmotionTable& table = emotion_table();
    const std::vector<Token> tokens = tokenize(answer);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (const std::size_t past = skip_not_emotion(tokens, i); past > i) {
            i = past - 1;
            continue;
        }
        if (!table.start_words.contains(tokens[i].word))
            continue;
        for (const CompiledEmotionPhrase& row : table.phrases) {
            const auto end = row.phrase.match(tokens, i);
            if (!end)
                continue;
            if (negated_before(tokens, i) != row.when_negated)
                break;
            ParsedLabel parsed;
            parsed.index = emotion_index(row.emotion, set);
            parsed.label = expression_labels(set)[static_cast<std::size_t>(parsed.index)];
            parsed.evidence = answer_text::span_text(answer, tokens, i, *end);
            return parsed;
        }
    }
    return std::nullopt;
}

// ---- Action units ---------------------------------------------------------

namespace {

constexpr int kMaxActionUnit = 99;  // FACS codes run to the 70s (head and eye positions)

// The number an "AU12" / "au04" token carries.
std::optional<int> glued_action_unit(const std::string& word) {
    if (word.size() < 3 || word.size() > 4 || word.compare(0, 2, "au") != 0)
        return std::nullopt;
    const std::string digits = word.substr(2);
    if (digits.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int value = std::stoi(digits);
    if (value < 1 || value > kMaxActionUnit)
        return std::nullopt;
    return value;
}

std::optional<int> action_unit_number(const std::string& word) {
    if (word.empty() || word.size() > 2 ||
        word.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    const int value = std::stoi(word);
    if (value < 1 || value > kMaxActionUnit)
        return std::nullopt;
    return value;
}

bool gap_only(std::string_view gap, std::string_view allowed) {
    return gap.find_first_not_of(allowed) == std::string_view::npos;
}

bool starts_action_unit(const Token& token) {
    return glued_action_unit(token.word).has_value() || word_is(token.word, "au") ||
           token.word == "action";
}

// Reads "12", "1, 2 and 4", "6+12" from tokens[at]; appends the numbers and
// returns the index past the last one read (`at` when none).
std::size_t read_action_unit_list(const std::vector<Token>& tokens, std::size_t at, bool after_code,
                                  std::vector<int>& numbers) {
    constexpr std::string_view kFirstGap = " \t-:#";  // "AU 12", "AU-12", "AUs: 1", "AU #12"
    constexpr std::string_view kListGap = " \t,+/&";  // "1, 2", "1+2", "1/2", "1 & 2"
    std::size_t end = at;
    bool first = !after_code;
    std::size_t j = at;
    while (j < tokens.size()) {
        std::size_t number_at = j;
        if (!first && word_is_any(tokens[j].word, "and|or") && gap_only(tokens[j].gap, kListGap))
            number_at = j + 1;
        if (number_at >= tokens.size())
            break;
        const auto number = action_unit_number(tokens[number_at].word);
        const bool joined = gap_only(tokens[number_at].gap, first ? kFirstGap : kListGap);
        if (!number || !joined)
            break;
        numbers.push_back(*number);
        first = false;
        end = j = number_at + 1;
    }
    return end;
}

// "AU12 is not present", "AUs 1 and 2 are absent": negation after the mention.
// "AU12, not AU4" and "AU12 not AU4" negate AU4 only.
bool negated_after(const std::vector<Token>& tokens, std::size_t end) {
    std::size_t j = end;
    for (int verbs = 0; j < tokens.size() && verbs < 3; ++j, ++verbs) {
        const bool verb = answer_text::is_one_of(
            tokens[j].word, "is|are|was|were|appears|appear|seems|seem|also|to|be|been|remains");
        if (!verb || tokens[j].new_sentence || tokens[j].after_comma)
            break;
    }
    if (j >= tokens.size() || tokens[j].new_sentence || tokens[j].after_comma)
        return false;
    const bool negation =
        answer_text::is_negator(tokens, j) || word_is_any(tokens[j].word, "absent|inactive");
    if (!negation)
        return false;
    const bool names_another = j + 1 < tokens.size() && !tokens[j + 1].new_sentence &&
                               !tokens[j + 1].after_comma && starts_action_unit(tokens[j + 1]);
    return !names_another;
}

struct CompiledFacsNames {
    std::vector<std::pair<int, Phrase>> phrases;
    answer_text::WordSet start_words;  // where any name can start
};

const CompiledFacsNames& compiled_facs_names() {
    static const CompiledFacsNames compiled = [] {
        CompiledFacsNames out;
        std::string starts;
        for (const auto& name : answer_parsing::facs_names()) {
            out.phrases.emplace_back(name.action_unit, Phrase(name.phrase));
            starts += out.phrases.back().second.start_words() + '|';
        }
        out.start_words = answer_text::WordSet(starts);
        return out;
    }();
    return compiled;
}

}  // namespace

namespace answer_parsing {

std::vector<ActionUnitMention> find_action_unit_mentions(const std::vector<Token>& tokens) {
    static const Phrase kActionUnitWords("action unit");
    std::vector<ActionUnitMention> mentions;
    std::size_t previous_end = 0;  // the previous mention, for "no AU1, AU2 or AU4"
    bool previous_negated = false;
    const auto add = [&](const std::vector<int>& numbers, std::size_t first, std::size_t end) {
        const bool negated =
            negated_before(tokens, first) || negated_after(tokens, end) ||
            (previous_negated && answer_text::continues_negated_list(tokens, previous_end, first));
        for (int number : numbers)
            mentions.push_back({number, first, end, negated});
        previous_end = end;
        previous_negated = negated;
    };
    std::size_t i = 0;
    while (i < tokens.size()) {
        std::vector<int> numbers;
        if (const auto code = glued_action_unit(tokens[i].word)) {
            numbers.push_back(*code);
            const std::size_t end = read_action_unit_list(tokens, i + 1, true, numbers);
            add(numbers, i, end);
            i = end;
            continue;
        }
        std::size_t trigger_end = 0;
        if (word_is(tokens[i].word, "au")) {
            trigger_end = i + 1;
        } else if (const auto end = kActionUnitWords.match(tokens, i)) {
            trigger_end = *end;
        }
        if (trigger_end > 0) {
            const std::size_t end = read_action_unit_list(tokens, trigger_end, false, numbers);
            if (!numbers.empty())
                add(numbers, i, end);
            i = std::max(end, trigger_end);
            continue;
        }
        const CompiledFacsNames& names = compiled_facs_names();
        if (!names.start_words.contains(tokens[i].word)) {
            ++i;
            continue;
        }
        std::size_t next = i + 1;
        for (const auto& [action_unit, phrase] : names.phrases) {
            if (const auto end = phrase.match(tokens, i)) {
                add({action_unit}, i, *end);
                next = std::max(next, *end);
            }
        }
        i = next;
    }
    return mentions;
}

}  // namespace answer_parsing

std::vector<int> parse_action_units(std::string_view answer) {
    std::vector<int> units;
    for (const ActionUnitMention& mention :
         answer_parsing::find_action_unit_mentions(tokenize(answer)))
        if (!mention.negated)
            units.push_back(mention.action_unit);
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    return units;
}

// ---- Attributes -----------------------------------------------------------

namespace {

struct CompiledAttributePhrase {
    int attribute;
    bool means_present;
    std::optional<Phrase> phrase;     // plain phrases
    answer_text::WordSet adjectives;  // described phrases: adjectives and nouns
    answer_text::WordSet nouns;
};

struct AttributeMatch {
    std::size_t end;
    bool negated_inside;  // "hair is not black"
};

bool joins_description(const Token& token) {
    return !token.new_sentence && !token.after_comma;
}

// "black hair", "long black wavy hair", "her hair is black", "eyes are not narrow".
std::optional<AttributeMatch> match_described(const std::vector<Token>& tokens, std::size_t i,
                                              const CompiledAttributePhrase& rule,
                                              const answer_text::WordSet& modifiers) {
    constexpr std::size_t kMaxBetween = 3;
    if (rule.adjectives.contains(tokens[i].word)) {
        for (std::size_t j = i + 1; j < tokens.size() && j <= i + 1 + kMaxBetween; ++j) {
            if (!joins_description(tokens[j]))
                break;
            if (rule.nouns.contains(tokens[j].word))
                return AttributeMatch{j + 1, false};
            if (!modifiers.contains(tokens[j].word))
                break;
        }
        return std::nullopt;
    }
    if (!rule.nouns.contains(tokens[i].word))
        return std::nullopt;
    bool verb_seen = false;
    bool negated = false;
    for (std::size_t j = i + 1; j < tokens.size() && j <= i + 1 + kMaxBetween + 1; ++j) {
        if (!joins_description(tokens[j]))
            break;
        const std::string& word = tokens[j].word;
        if (verb_seen && rule.adjectives.contains(word))
            return AttributeMatch{j + 1, negated};
        if (answer_text::is_one_of(word,
                                   "is|are|was|were|appears|appear|looks|look|seems|seem|to|be")) {
            verb_seen = true;
        } else if (answer_text::is_negator(tokens, j)) {
            negated = true;
        } else if (!modifiers.contains(word)) {
            break;
        }
    }
    return std::nullopt;
}

struct CompiledAttributeTable {
    std::vector<CompiledAttributePhrase> phrases;
    answer_text::WordSet modifiers;    // attribute_modifiers() plus every described adjective
    answer_text::WordSet start_words;  // where any phrase can start
};

const CompiledAttributeTable& attribute_table() {
    static const CompiledAttributeTable table = [] {
        CompiledAttributeTable out;
        std::string modifiers = answer_parsing::attribute_modifiers();
        std::string starts;
        const auto& names = celeba_attribute_names();
        for (const auto& row : answer_parsing::celeba_attribute_phrases()) {
            const auto name = std::find(names.begin(), names.end(), row.attribute);
            if (name == names.end())
                throw std::logic_error(std::string("celeba_attribute_phrases: unknown attribute ") +
                                       row.attribute);
            CompiledAttributePhrase compiled;
            compiled.attribute = static_cast<int>(name - names.begin());
            compiled.means_present = row.means_present;
            if (row.nouns == nullptr) {
                compiled.phrase.emplace(row.words);
                starts += compiled.phrase->start_words() + '|';
            } else {
                starts += std::string(row.words) + '|' + row.nouns + '|';
                compiled.adjectives = answer_text::WordSet(row.words);
                compiled.nouns = answer_text::WordSet(row.nouns);
                modifiers += '|';
                modifiers += row.words;
            }
            out.phrases.push_back(std::move(compiled));
        }
        out.modifiers = answer_text::WordSet(modifiers);
        out.start_words = answer_text::WordSet(starts);
        return out;
    }();
    return table;
}

}  // namespace

std::vector<int> parse_attributes(std::string_view answer) {
    const CompiledAttributeTable& table = attribute_table();
    const std::vector<Token> tokens = tokenize(answer);
    std::vector<int> values(kNumCelebaAttributes, 0);
    std::vector<bool> decided(kNumCelebaAttributes, false);
    // The previous mention, for lists under one negation: "no glasses, hat or earrings".
    std::size_t previous_end = 0;
    bool previous_negated = false;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (!table.start_words.contains(tokens[i].word))
            continue;
        std::size_t latest_end = previous_end;
        bool latest_negated = previous_negated;
        for (const CompiledAttributePhrase& rule : table.phrases) {
            std::optional<AttributeMatch> match;
            if (rule.phrase) {
                if (const auto end = rule.phrase->match(tokens, i))
                    match = AttributeMatch{*end, false};
            } else {
                match = match_described(tokens, i, rule, table.modifiers);
            }
            if (!match)
                continue;
            const bool negated =
                match->negated_inside || negated_before(tokens, i) ||
                (previous_negated && answer_text::continues_negated_list(tokens, previous_end, i));
            if (match->end >= latest_end) {
                latest_end = match->end;
                latest_negated = negated;
            }
            const auto attribute = static_cast<std::size_t>(rule.attribute);
            if (decided[attribute])
                continue;
            values[attribute] = (rule.means_present != negated) ? 1 : 0;
            decided[attribute] = true;
        }
        previous_end = latest_end;
        previous_negated = latest_negated;
    }
    return values;
}

// ---- Deepfake -------------------------------------------------------------

namespace {

const char* const kFakeWordList =
    "fake|faked|deepfake|manipulated|manipulation|forged|forgery|synthetic|synthesized|"
    "synthesised|altered|alteration|tampered|tampering|generated|swapped|swap|doctored|"
    "fabricated|counterfeit|spoofed|edited";
const char* const kRealWordList =
    "real|authentic|genuine|original|unaltered|pristine|unmanipulated|untampered|unedited|"
    "unmodified|legitimate";

}  // namespace

std::optional<Authenticity> parse_deepfake(std::string_view answer) {
    static const answer_text::WordSet kFakeWords(kFakeWordList);
    static const answer_text::WordSet kRealWords(kRealWordList);
    const std::vector<Token> tokens = tokenize(answer);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const bool fake = kFakeWords.contains(tokens[i].word);
        if (!fake && !kRealWords.contains(tokens[i].word))
            continue;
        const bool says_fake = fake != negated_before(tokens, i);
        return says_fake ? Authenticity::Fake : Authenticity::Real;
    }
    return std::nullopt;
}

}  // namespace facellava::model
