#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"
#include "facellava/model/conversation.h"
#include "test_support.h"

namespace facellava::model {
namespace {

using Role = ChatTurn::Role;

TEST(Conversation, SingleImageTurnMatchesTheFixturePrompt) {
    // tokenizer.expected.json holds prompts built by the reference code.
    const auto expected = nlohmann::json::parse(read_file(test::fixture("tokenizer.expected.json")));
    const std::string reference = expected.at("llava_prompts").at(0).at("prompt");
    const std::string question = "What emotion is shown?";
    EXPECT_EQ(build_prompt(vicuna_v1_template(), {{Role::User, question}}), reference);
}

TEST(Conversation, VideoExpandsToFramePlaceholders) {
    const auto expected = nlohmann::json::parse(read_file(test::fixture("tokenizer.expected.json")));
    for (const auto& item : expected.at("llava_prompts")) {
        const std::string prompt = item.at("prompt");
        const auto first = prompt.find("<image>");
        const auto newline = prompt.find('\n', first);
        const std::string tags = prompt.substr(first, newline - first);
        int frames = 0;
        for (size_t at = tags.find("<image>"); at != std::string::npos; at = tags.find("<image>", at + 1)) ++frames;
        if (frames < 2) continue;
        const std::string question = prompt.substr(newline + 1, prompt.rfind(" ASSISTANT:") - newline - 1);
        EXPECT_EQ(build_prompt(vicuna_v1_template(), {{Role::User, question}}, VisualInput::Video, frames), prompt);
    }
}

TEST(Conversation, MultiTurnUsesBothSeparators) {
    ConversationTemplate conv = vicuna_v1_template();
    conv.system = "SYS";
    const std::string prompt = build_prompt(
        conv, {{Role::User, "q1"}, {Role::Assistant, "a1"}, {Role::User, "q2"}}, VisualInput::Image);
    EXPECT_EQ(prompt, "SYS USER: <image>\nq1 ASSISTANT: a1</s>USER: q2 ASSISTANT:");
    const std::string closed = build_prompt(conv, {{Role::User, "q"}, {Role::Assistant, "a"}}, VisualInput::None);
    EXPECT_EQ(closed, "SYS USER: q ASSISTANT: a</s>");
}

TEST(Conversation, MalformedConversationsAreRejected) {
    const auto conv = vicuna_v1_template();
    EXPECT_THROW(build_prompt(conv, {}), Error);
    EXPECT_THROW(build_prompt(conv, {{Role::Assistant, "a"}}), Error);
    EXPECT_THROW(build_prompt(conv, {{Role::User, "q"}, {Role::User, "q2"}}), Error);
    EXPECT_THROW(visual_placeholder(VisualInput::Video, 0), Error);
}

}  // namespace
}  // namespace facellava::model
