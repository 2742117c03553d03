// Word-level reading of a model answer, shared by the answer parsers
// (facellava/model/answer_parsers.h): lower-cased word tokens that remember the
// bytes between them, word and phrase matching driven by plain-string tables,
// and where a negation reaches. docs/ANSWER_PARSERS.md states the rules.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facellava::model::answer_text {

// One word of the answer. ASCII letters and digits form words; an apostrophe
// (ASCII or U+2019) between two of them and a '.' between two digits stay
// inside ("isn't", "o'clock", "30's", "32.5"). Every other byte, any non-ASCII
// one included, separates words, so malformed UTF-8 is harmless.
struct Token {
    std::string word;       // lower-case ASCII; U+2019 stored as '\''
    std::size_t begin = 0;  // byte range in the answer
    std::size_t end = 0;
    std::string_view gap;       // the raw bytes between the previous word and this one
    bool new_sentence = false;  // first word, or the gap holds . ! ? ; or a line break
    bool after_comma = false;   // the gap holds a comma
};

std::vector<Token> tokenize(std::string_view answer);

// Digits with at most one inner '.': "32", "32.5".
bool is_number(std::string_view word);

// `word` itself, or with a plural "s" or a possessive "'s": the tables list
// singular forms ("lip" matches "lips", "au" matches "AUs").
bool word_is(std::string_view token, std::string_view word);
// Any of the '|'-separated alternatives: word_is_any(t, "hat|cap|beanie").
bool word_is_any(std::string_view token, std::string_view alternatives);

// Exactly one of the '|'-separated words, for function words where a plural
// reading would be wrong ("as" is not "a").
bool is_one_of(std::string_view token, std::string_view words);

// A '|'-separated word list for the hot loops: contains() answers as
// word_is_any() does, by a binary search instead of a scan of the string.
class WordSet {
  public:
    WordSet() = default;
    explicit WordSet(std::string_view alternatives);
    bool contains(std::string_view token) const;

  private:
    bool contains_exactly(std::string_view word) const;
    std::vector<std::string> words_;  // sorted
};

// A phrase written as a table string: words separated by spaces, alternatives
// by '|', an optional word marked with a trailing '?'. Examples:
// "lip corner puller", "clean shaven|shaved", "no particular|specific? emotion".
class Phrase {
  public:
    explicit Phrase(std::string_view pattern);

    // When the phrase starts at tokens[start]: the index one past its last
    // word. Articles and possessives between its words are skipped ("bags
    // under the eyes" matches "bag under eye"); it never spans sentences.
    std::optional<std::size_t> match(const std::vector<Token>& tokens, std::size_t start) const;

    // The words a match can start with, '|'-separated: parsers gather them in
    // a WordSet and try their phrases only at words in it.
    std::string start_words() const;

  private:
    struct Element {
        std::string alternatives;  // as written
        WordSet words;
        bool optional = false;
    };
    std::vector<Element> elements_;
};

// tokens[i] negates what follows: not, no, never, without, neither, nor,
// none, nothing, lack(s/ing), any "...n't" (or its apostrophe-less spelling),
// and the pairs "rather than" / "instead of" (true at their second word).
bool is_negator(const std::vector<Token>& tokens, std::size_t i);

// A negator stands within the three words before tokens[start], in the same
// clause: a sentence end, a comma or a contrast word ("but", "however",
// "although", "though", "yet", "whereas", "instead") stops it, so "not happy,
// sad" is sad. Words that carry no content ("a", "the", "to", "be", "any",
// "at", "all", "very", "or"...) do not count, so "does not appear to be fake"
// is negated.
bool negated_before(const std::vector<Token>& tokens, std::size_t start);

// tokens[start] is the next item of a list whose previous item ended just
// before tokens[previous_end]: only commas, "or", "nor" and articles lie
// between. A list joined by commas alone must go on to "or" / "nor", the mark
// of a negated list ("no glasses, a hat or earrings"), since "no beard, black
// hair and glasses" lists positive items after the first. Parsers use it to
// carry one negation through a list.
bool continues_negated_list(const std::vector<Token>& tokens, std::size_t previous_end,
                            std::size_t start);

// The answer's bytes from tokens[first] to the end of tokens[last_exclusive - 1].
std::string span_text(std::string_view answer, const std::vector<Token>& tokens, std::size_t first,
                      std::size_t last_exclusive);

}  // namespace facellava::model::answer_text
