// A FaceInstruct conversation → input ids and labels, the way Face-LLaVA was
// trained (FACELLAVA_SPEC §4, LLaVA's preprocess_v1):
//   ids:    BOS, then the vicuna-v1 prompt "SYSTEM USER: <image>\nq ASSISTANT: a</s>USER: …"
//           under the legacy rule (split on "<image>" → −200 and "</s>" → EOS,
//           each other chunk encoded on its own);
//   labels: −100 everywhere except each answer's tokens (from the token after
//           "ASSISTANT:") and the EOS closing it.
// Built piece by piece instead of LLaVA's re-tokenise-and-count, so the
// labels are exact by construction; the ids equal
// Tokenizer::encode_prompt(build_prompt(...)) (tested).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "facellava/model/conversation.h"
#include "facellava/training/sample_record.h"

namespace facellava::training {

constexpr int64_t kIgnoreLabel = -100;  // HF IGNORE_INDEX

// The tokenizer as the batching code needs it (a fake one in unit tests).
struct PromptEncoder {
    std::function<std::vector<int32_t>(std::string_view)> encode;  // one chunk, no BOS/EOS
    int64_t bos_id = 1;
    int64_t eos_id = 2;
};

struct TokenizedConversation {
    std::vector<int64_t> ids;     // BOS first; kImageTokenId (−200) per visual segment
    std::vector<int64_t> labels;  // same length
    int64_t label_count() const;
    int64_t sentinel_count() const;
};

// A sample that cannot be turned into a training sequence (reported with its
// file + index by the caller).
struct SampleError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Turns ending with a human turn give a generation prompt ending in
// "ASSISTANT:" (no labels), as model::build_prompt does.
// Throws SampleError when the tokenizer merges a token across the boundary
// between "ASSISTANT:" and the answer (LLaVA's "tokenization mismatch").
TokenizedConversation tokenize_conversation(const std::vector<SampleTurn>& turns,
                                            const model::ConversationTemplate& conv,
                                            const PromptEncoder& encoder);

// Text of the prompt the ids encode (for tests and debugging).
std::string conversation_text(const std::vector<SampleTurn>& turns,
                              const model::ConversationTemplate& conv);

// Cuts the sequence to the spec's limits (§4): at most max_text ids, and at
// most max_sequence positions once each sentinel is replaced by
// `tokens_per_sentinel` visual tokens. Only text after the last sentinel may
// be cut; throws SampleError when the visual tokens alone do not fit or no
// answer token is left. Returns the spliced length.
int64_t truncate_to_limits(TokenizedConversation& tc, int64_t tokens_per_sentinel, int64_t max_text,
                           int64_t max_sequence);

}  // namespace facellava::training
