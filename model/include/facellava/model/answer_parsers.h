// Turns Face-LLaVA's free-text answers into benchmark labels (FACELLAVA_SPEC
// §9: "free-text answers are turned into labels by matching label words"; the
// authors' parser is not released, so this is ours). One parser per task;
// the rules, phrase tables and examples are in docs/ANSWER_PARSERS.md.
//
// All parsers read words case-insensitively and whole (so "surprisingly" is
// not "surprise"), skip or flip mentions negated by one of the three words
// before them ("not happy", "no AU12", "isn't genuine"), and accept any bytes:
// non-ASCII bytes only separate words. Time is linear in the answer's length.
// Thread-safety: every function is pure; the phrase tables are built once,
// on first use, and then only read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace facellava::model {

// ---- Facial expression (RAF-DB, DFEW, Crema-D, ...) ----------------------

// The two label orders the benchmarks use; a label's index is its class id.
enum class ExpressionLabelSet {
    RafDb7,  // surprise, fear, disgust, happiness, sadness, anger, neutral
    Dfew7,   // happy, sad, neutral, angry, surprise, disgust, fear
};

const std::vector<std::string>& expression_labels(ExpressionLabelSet set);

struct ParsedLabel {
    std::string label;     // the set's own spelling, e.g. "happiness" or "happy"
    int index = -1;        // position in expression_labels(set)
    std::string evidence;  // the answer's words that decided, as written
};

// The earliest emotion mentioned without negation, by synonym ("joyful" →
// happiness, "no particular emotion" → neutral). Earliest, because the models
// state the label first and then a rationale that may name other emotions
// ("Happy: the raised cheeks rule out sadness"). nullopt when no emotion is
// named, or every mention is negated.
std::optional<ParsedLabel> parse_expression(std::string_view answer, ExpressionLabelSet set);

// ---- Action units (DISFA, BP4D) -------------------------------------------

// Sorted, unique FACS action-unit numbers named without negation: codes
// ("AU12", "AU 12", "AU-12", "AUs 1, 2 and 4", "action units 6 and 12") and
// FACS names ("lip corner puller" → 12). "no action units" → empty.
std::vector<int> parse_action_units(std::string_view answer);

// ---- CelebA attributes ----------------------------------------------------

inline constexpr int kNumCelebaAttributes = 40;

// The 40 CelebA attribute names, in the dataset's column order.
const std::vector<std::string>& celeba_attribute_names();

// kNumCelebaAttributes values in celeba_attribute_names() order: 1 when the
// answer says the face has the attribute, 0 when it says it has not or does
// not say. Each attribute is decided by its earliest mention, which may be a
// negative one ("a woman" → Male = 0, "bearded" → No_Beard = 0).
std::vector<int> parse_attributes(std::string_view answer);

// ---- Age (MORPH II, UTKFace) ----------------------------------------------

// The first age-like expression, in years: "32 years old" → 32, "25-30" →
// 27.5, "late twenties" → 28, "forty" → 40. Numbers that are not ages are
// passed over: AU codes, percentages, counts ("68 landmarks"), years (2019).
std::optional<double> parse_age(std::string_view answer);

// ---- Deepfake detection (FF++) --------------------------------------------

enum class Authenticity { Real, Fake };

// The earliest decisive word: "manipulated" → Fake, "authentic" → Real; a
// negated one counts as its opposite ("not fake" → Real, "isn't genuine" →
// Fake, "no signs of tampering" → Real).
std::optional<Authenticity> parse_deepfake(std::string_view answer);

// ---- Gender (binary, as face-api's net and the demo data label it) --------

enum class Gender { Male, Female };

// The earliest decisive word ("male", "man", "boy" → Male; "female", "woman",
// "girl" → Female); a negated one counts as its opposite ("not male" →
// Female). Pronouns are not read: "he or she" says nothing.
std::optional<Gender> parse_gender(std::string_view answer);

}  // namespace facellava::model
