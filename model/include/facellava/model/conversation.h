// The vicuna-v1 conversation template LLaVA / Face-LLaVA were trained with
// (FACELLAVA_SPEC §4), multi-turn, with the visual placeholder in the first
// user turn. Produces the prompt text; Tokenizer::encode_prompt turns it into
// ids with the -200 sentinels.
#pragma once

#include <string>
#include <vector>

namespace facellava::model {

struct ChatTurn {
    enum class Role { User, Assistant };
    Role role = Role::User;
    std::string text;
};

struct ConversationTemplate {
    std::string system;                   // the system prompt (configurable)
    std::string user_role = "USER";
    std::string assistant_role = "ASSISTANT";
    std::string sep = " ";                // after the system prompt and each user turn
    std::string sep2 = "</s>";            // after each assistant turn
};

// The template of the released checkpoints, with its default system prompt.
ConversationTemplate vicuna_v1_template();

// What is shown to the model with the first user turn.
enum class VisualInput { None, Image, Video };

// Builds "SYSTEM USER: <image>\nq ASSISTANT: a</s>USER: q2 ASSISTANT:".
// The turns must alternate user/assistant starting with the user; when the
// last turn is a user turn the prompt ends with "ASSISTANT:" so the model
// answers. A video puts `frames` "<image>" placeholders joined by spaces (the
// expansion of FaceInstruct's "<video>"). Throws facellava::Error on a
// malformed conversation.
std::string build_prompt(const ConversationTemplate& conv, const std::vector<ChatTurn>& turns,
                         VisualInput visual = VisualInput::Image, int frames = 8);

// The visual placeholder text for the first turn ("<image>\n", or frames
// "<image>" joined by spaces then "\n").
std::string visual_placeholder(VisualInput visual, int frames);

}  // namespace facellava::model
