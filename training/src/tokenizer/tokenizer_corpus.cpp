#include "tokenizer/tokenizer_corpus.h"

#include <string_view>

#include "batching/conversation_tokens.h"

namespace facellava::training {

std::vector<std::string> prompt_chunks(const std::vector<SampleTurn>& turns,
                                       const model::ConversationTemplate& conv) {
    // The same text tokenize_conversation encodes, so the tokenizer learns
    // the pieces (system prompt, "USER:", "ASSISTANT:") every sample carries.
    const std::string text = conversation_text(turns, conv);
    constexpr std::string_view kImage = "<image>";
    constexpr std::string_view kEos = "</s>";
    std::vector<std::string> chunks;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t image_at = text.find(kImage, start);
        const size_t eos_at = text.find(kEos, start);
        const size_t next = std::min(image_at, eos_at);
        const size_t end = next == std::string::npos ? text.size() : next;
        if (end > start)
            chunks.push_back(text.substr(start, end - start));
        if (next == std::string::npos)
            break;
        start = next + (next == image_at ? kImage.size() : kEos.size());
    }
    return chunks;
}

}  // namespace facellava::training
