#include "text/answer_text.h"

#include <algorithm>

namespace facellava::model::answer_text {
namespace {

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
char to_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Bytes taken by an apostrophe at s[i]: 1 for ', 3 for U+2019, else 0.
std::size_t apostrophe_length(std::string_view s, std::size_t i) {
    if (s[i] == '\'')
        return 1;
    if (s.compare(i, 3, "\xE2\x80\x99") == 0)
        return 3;
    return 0;
}

bool gap_ends_sentence(std::string_view gap) {
    // Not ':' — "not activated: AU 4", "Age: 45" read on across it.
    return gap.find_first_of(".!?;\n\r") != std::string_view::npos;
}

// Calls visit(alternative) for each '|'-separated part; stops at the first true.
template <typename Visit>
bool any_alternative(std::string_view alternatives, Visit visit) {
    std::size_t from = 0;
    while (from <= alternatives.size()) {
        const std::size_t bar = std::min(alternatives.find('|', from), alternatives.size());
        if (visit(alternatives.substr(from, bar - from)))
            return true;
        from = bar + 1;
    }
    return false;
}

// Between a phrase's words: "bags under [the] eyes", "wearing [a] hat".
bool is_phrase_filler(std::string_view word) {
    return is_one_of(word, "a|an|the|his|her|their|its|any");
}

// Words that do not use up the negation window: "not [at all] happy",
// "does not appear [to be] fake", "isn't wearing glasses [or a] hat".
bool is_negation_filler(std::string_view word) {
    return is_one_of(word,
                     "a|an|the|to|be|been|being|any|at|all|very|really|so|too|quite|"
                     "particularly|or|clearly|obviously");
}

bool is_contrast(std::string_view word) {
    return is_one_of(word, "but|however|although|though|yet|whereas|instead");
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

}  // namespace

std::vector<Token> tokenize(std::string_view answer) {
    std::vector<Token> tokens;
    std::size_t previous_end = 0;
    std::size_t i = 0;
    while (i < answer.size()) {
        if (!is_alnum(answer[i])) {
            ++i;
            continue;
        }
        Token token;
        token.begin = i;
        bool has_point = false;
        while (i < answer.size()) {
            const char c = answer[i];
            if (is_alnum(c)) {
                token.word += to_lower(c);
                ++i;
                continue;
            }
            const bool next_is_digit = i + 1 < answer.size() && is_digit(answer[i + 1]);
            if (c == '.' && next_is_digit && !has_point && is_number(token.word)) {
                token.word += '.';
                has_point = true;
                ++i;
                continue;
            }
            const std::size_t apostrophe = apostrophe_length(answer, i);
            if (apostrophe > 0 && i + apostrophe < answer.size() &&
                is_alnum(answer[i + apostrophe])) {
                token.word += '\'';
                i += apostrophe;
                continue;
            }
            break;
        }
        token.end = i;
        token.gap = answer.substr(previous_end, token.begin - previous_end);
        token.new_sentence = tokens.empty() || gap_ends_sentence(token.gap);
        token.after_comma = token.gap.find(',') != std::string_view::npos;
        previous_end = i;
        tokens.push_back(std::move(token));
    }
    return tokens;
}

bool is_number(std::string_view word) {
    if (word.empty() || !is_digit(word.front()) || !is_digit(word.back()))
        return false;
    int points = 0;
    for (char c : word) {
        if (c == '.') {
            ++points;
        } else if (!is_digit(c)) {
            return false;
        }
    }
    return points <= 1;
}

bool word_is(std::string_view token, std::string_view word) {
    if (token.size() < word.size() || token.compare(0, word.size(), word) != 0)
        return false;
    const std::string_view rest = token.substr(word.size());
    return rest.empty() || rest == "s" || rest == "'s";
}

bool is_one_of(std::string_view token, std::string_view words) {
    return any_alternative(words, [&](std::string_view word) { return token == word; });
}

bool word_is_any(std::string_view token, std::string_view alternatives) {
    return any_alternative(alternatives,
                           [&](std::string_view word) { return word_is(token, word); });
}

WordSet::WordSet(std::string_view alternatives) {
    any_alternative(alternatives, [&](std::string_view word) {
        words_.emplace_back(word);
        return false;
    });
    std::sort(words_.begin(), words_.end());
}

bool WordSet::contains_exactly(std::string_view word) const {
    const auto at =
        std::lower_bound(words_.begin(), words_.end(), word,
                         [](const std::string& a, std::string_view b) { return a < b; });
    return at != words_.end() && *at == word;
}

bool WordSet::contains(std::string_view token) const {
    if (contains_exactly(token))
        return true;
    if (ends_with(token, "'s") && contains_exactly(token.substr(0, token.size() - 2)))
        return true;
    return ends_with(token, "s") && contains_exactly(token.substr(0, token.size() - 1));
}

Phrase::Phrase(std::string_view pattern) {
    std::size_t from = 0;
    while (from < pattern.size()) {
        const std::size_t space = std::min(pattern.find(' ', from), pattern.size());
        std::string_view element = pattern.substr(from, space - from);
        from = space + 1;
        if (element.empty())
            continue;
        Element parsed;
        if (element.back() == '?') {
            parsed.optional = true;
            element.remove_suffix(1);
        }
        parsed.alternatives = std::string(element);
        parsed.words = WordSet(element);
        elements_.push_back(std::move(parsed));
    }
}

std::optional<std::size_t> Phrase::match(const std::vector<Token>& tokens,
                                         std::size_t start) const {
    std::size_t at = start;
    bool started =
        false;  // a word matched already: from here on, skip fillers, stay in the sentence
    for (const Element& element : elements_) {
        std::size_t word = at;
        if (started) {
            while (word < tokens.size() && !tokens[word].new_sentence &&
                   is_phrase_filler(tokens[word].word) &&
                   !element.words.contains(tokens[word].word)) {
                ++word;
            }
        }
        const bool found = word < tokens.size() && !(started && tokens[word].new_sentence) &&
                           element.words.contains(tokens[word].word);
        if (found) {
            at = word + 1;
            started = true;
        } else if (!element.optional) {
            return std::nullopt;
        }
    }
    if (!started)
        return std::nullopt;
    return at;
}

std::string Phrase::start_words() const {
    std::string words;
    for (const Element& element : elements_) {
        if (!words.empty())
            words += '|';
        words += element.alternatives;
        if (!element.optional)
            break;
    }
    return words;
}

bool is_negator(const std::vector<Token>& tokens, std::size_t i) {
    const std::string& word = tokens[i].word;
    if (is_one_of(word,
                  "not|no|never|without|neither|nor|none|nothing|cannot|lack|lacks|lacking")) {
        return true;
    }
    if (ends_with(word, "n't"))
        return true;
    // Contractions typed without the apostrophe.
    if (is_one_of(word,
                  "isnt|arent|wasnt|werent|doesnt|dont|didnt|hasnt|havent|hadnt|cant|couldnt|"
                  "wouldnt|shouldnt|wont|aint")) {
        return true;
    }
    const bool pair_second = i > 0 && !tokens[i].new_sentence;
    if (pair_second && word == "than" && tokens[i - 1].word == "rather")
        return true;
    if (pair_second && word == "of" && tokens[i - 1].word == "instead")
        return true;
    return false;
}

bool negated_before(const std::vector<Token>& tokens, std::size_t start) {
    constexpr int kWindow = 3;
    int counted = 0;
    std::size_t j = start;
    while (j > 0 && counted < kWindow) {
        if (tokens[j].new_sentence)
            return false;
        if (tokens[j].after_comma)
            return false;
        const std::size_t before = j - 1;
        if (is_negator(tokens, before))
            return true;
        if (is_contrast(tokens[before].word))
            return false;
        if (!is_negation_filler(tokens[before].word))
            ++counted;
        j = before;
    }
    return false;
}

bool continues_negated_list(const std::vector<Token>& tokens, std::size_t previous_end,
                            std::size_t start) {
    if (previous_end == 0 || previous_end > start || start >= tokens.size())
        return false;
    bool separated = false;
    bool by_or = false;
    for (std::size_t k = previous_end; k <= start; ++k) {
        if (tokens[k].new_sentence)
            return false;
        separated = separated || tokens[k].after_comma;
        if (k == start)
            break;
        if (is_one_of(tokens[k].word, "or|nor")) {
            separated = by_or = true;
        } else if (!is_one_of(tokens[k].word, "a|an|the|any|some")) {
            return false;
        }
    }
    if (!separated)
        return false;
    if (by_or)
        return true;
    for (std::size_t k = start + 1; k < tokens.size() && !tokens[k].new_sentence; ++k) {
        if (is_one_of(tokens[k].word, "or|nor"))
            return true;
        if (tokens[k].word == "and")
            return false;
    }
    return false;
}

std::string span_text(std::string_view answer, const std::vector<Token>& tokens, std::size_t first,
                      std::size_t last_exclusive) {
    if (first >= last_exclusive || last_exclusive > tokens.size())
        return {};
    const std::size_t begin = tokens[first].begin;
    return std::string(answer.substr(begin, tokens[last_exclusive - 1].end - begin));
}

}  // namespace facellava::model::answer_text
