// The sentences a tokenizer is trained on: FaceInstruct conversations as the
// model sees them, cut at the places the legacy encoding cuts (spec §4).
#pragma once

#include <string>
#include <vector>

#include "facellava/model/conversation.h"
#include "facellava/training/sample_record.h"

namespace facellava::training {

// The chunks of one conversation's prompt text that SentencePiece encodes:
// split on "<image>" and "</s>", empty chunks dropped.
std::vector<std::string> prompt_chunks(const std::vector<SampleTurn>& turns,
                                       const model::ConversationTemplate& conv);

}  // namespace facellava::training
