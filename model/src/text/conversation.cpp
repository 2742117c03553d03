#include "facellava/model/conversation.h"

#include "facellava/core/error.h"

namespace facellava::model {

ConversationTemplate vicuna_v1_template() {
    ConversationTemplate conv;
    conv.system =
        "A chat between a curious user and an artificial intelligence assistant. The assistant "
        "gives "
        "helpful, detailed, and polite answers to the user's questions.";
    return conv;
}

std::string visual_placeholder(VisualInput visual, int frames) {
    switch (visual) {
        case VisualInput::None:
            return {};
        case VisualInput::Image:
            return "<image>\n";
        case VisualInput::Video: {
            if (frames < 1)
                throw Error("a video prompt needs at least one frame", "",
                            "set the frame count to 1 or more");
            std::string text = "<image>";
            for (int i = 1; i < frames; ++i)
                text += " <image>";
            return text + "\n";
        }
    }
    return {};
}

std::string build_prompt(const ConversationTemplate& conv, const std::vector<ChatTurn>& turns,
                         VisualInput visual, int frames) {
    if (turns.empty() || turns.front().role != ChatTurn::Role::User) {
        throw Error("a conversation must start with a user turn", "", "add the question first");
    }
    // Same layout as LLaVA's SeparatorStyle.TWO: system + sep, then
    // "ROLE: message" + sep (user) or sep2 (assistant).
    std::string prompt = conv.system + conv.sep;
    for (size_t i = 0; i < turns.size(); ++i) {
        const auto& turn = turns[i];
        const bool user_turn = i % 2 == 0;
        if ((turn.role == ChatTurn::Role::User) != user_turn) {
            throw Error("conversation turns must alternate user / assistant (turn " +
                            std::to_string(i + 1) + ")",
                        "", "remove or merge the repeated turn");
        }
        std::string text = turn.text;
        if (i == 0)
            text = visual_placeholder(visual, frames) + text;
        if (user_turn) {
            prompt += conv.user_role + ": " + text + conv.sep;
        } else {
            prompt += conv.assistant_role + ": " + text + conv.sep2;
        }
    }
    if (turns.back().role == ChatTurn::Role::User)
        prompt += conv.assistant_role + ":";
    return prompt;
}

}  // namespace facellava::model
