// Pieces the answer parsers share across files: the phrase tables (data, one
// file each) and the action-unit mention finder, which the age parser also uses
// to pass over AU codes. docs/ANSWER_PARSERS.md prints the tables.
#pragma once

#include <cstddef>
#include <vector>

#include "text/answer_text.h"

namespace facellava::model::answer_parsing {

// ---- facs_names.cpp -------------------------------------------------------

// A FACS action-unit name, as an answer_text::Phrase pattern.
struct FacsName {
    int action_unit;
    const char* phrase;  // e.g. "lip corner puller", "lip part|parted"
};

const std::vector<FacsName>& facs_names();

// ---- celeba_attributes.cpp ------------------------------------------------

// One way an answer can speak of a CelebA attribute. With `nouns` null,
// `words` is a Phrase pattern ("clean shaven", "glasses|eyeglasses"). With
// `nouns` set, `words` are adjectives that must describe one of the nouns,
// before it ("long black wavy hair") or after a verb ("her hair is black").
struct AttributePhrase {
    const char* attribute;  // a name from celeba_attribute_names()
    bool means_present;     // what a plain mention says; a negated one says the opposite
    const char* words;      // '|'-separated alternatives
    const char* nouns = nullptr;
};

const std::vector<AttributePhrase>& celeba_attribute_phrases();

// Words that may stand between a described adjective and its noun ("slightly",
// "long", "dark"...). The adjectives of every described phrase are allowed
// too, so "thick arched eyebrows" is both bushy and arched.
const char* attribute_modifiers();

// ---- answer_parsers.cpp ---------------------------------------------------

// One action unit named in an answer: its tokens and whether it is negated.
struct ActionUnitMention {
    int action_unit = 0;
    std::size_t first_token = 0;  // [first_token, end_token) in the tokenised answer
    std::size_t end_token = 0;
    bool negated = false;
};

std::vector<ActionUnitMention> find_action_unit_mentions(
    const std::vector<answer_text::Token>& tokens);

}  // namespace facellava::model::answer_parsing
