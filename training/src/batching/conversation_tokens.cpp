#include "batching/conversation_tokens.h"

#include <algorithm>

#include "facellava/model/tokenizer.h"

namespace facellava::training {
namespace {

constexpr std::string_view kImage = "<image>";
constexpr std::string_view kEos = "</s>";

// The prompt as text with a per-byte flag: true on the bytes the model must
// learn to produce (" answer" after "ASSISTANT:" and the closing "</s>").
struct MarkedText {
    std::string text;
    std::vector<bool> label;
    void add(const std::string& piece, bool is_label) {
        text += piece;
        label.insert(label.end(), piece.size(), is_label);
    }
};

// Same layout as model::build_prompt (LLaVA's SeparatorStyle.TWO).
MarkedText mark_prompt(const std::vector<SampleTurn>& turns,
                       const model::ConversationTemplate& conv) {
    MarkedText m;
    m.add(conv.system + conv.sep, false);
    for (const auto& turn : turns) {
        if (turn.from_human) {
            m.add(conv.user_role + ": " + turn.text + conv.sep, false);
        } else {
            m.add(conv.assistant_role + ":", false);
            m.add(" " + turn.text, true);
            m.add(conv.sep2, true);
        }
    }
    // A prompt for generation ends with the user's turn: the model answers next.
    if (!turns.empty() && turns.back().from_human)
        m.add(conv.assistant_role + ":", false);
    return m;
}

}  // namespace

int64_t TokenizedConversation::label_count() const {
    return std::count_if(labels.begin(), labels.end(), [](int64_t l) { return l != kIgnoreLabel; });
}

int64_t TokenizedConversation::sentinel_count() const {
    return std::count(ids.begin(), ids.end(), model::kImageTokenId);
}

std::string conversation_text(const std::vector<SampleTurn>& turns,
                              const model::ConversationTemplate& conv) {
    return mark_prompt(turns, conv).text;
}

TokenizedConversation tokenize_conversation(const std::vector<SampleTurn>& turns,
                                            const model::ConversationTemplate& conv,
                                            const PromptEncoder& encoder) {
    const MarkedText m = mark_prompt(turns, conv);
    TokenizedConversation out;
    out.ids.push_back(encoder.bos_id);
    out.labels.push_back(kIgnoreLabel);

    // One chunk of plain text [begin, end): encoded on its own (legacy rule).
    // Its label bytes, if any, must be a suffix (the answer ends the chunk).
    auto add_chunk = [&](size_t begin, size_t end) {
        if (end <= begin)
            return;
        const std::string_view chunk(m.text.data() + begin, end - begin);
        const auto ids = encoder.encode(chunk);
        size_t first_label = end;
        for (size_t i = begin; i < end; ++i) {
            if (m.label[i]) {
                first_label = i;
                break;
            }
        }
        for (size_t i = first_label; i < end; ++i) {
            if (!m.label[i])
                throw SampleError("an answer is followed by prompt text in the same chunk");
        }
        size_t labelled_from = ids.size();  // no answer bytes: nothing labelled
        if (first_label == begin) {
            labelled_from = 0;
        } else if (first_label < end) {
            // Tokens of "...ASSISTANT:" must be a prefix of the chunk's tokens,
            // or no token boundary separates prompt and answer.
            const auto prefix =
                encoder.encode(std::string_view(m.text.data() + begin, first_label - begin));
            if (prefix.size() >= ids.size() ||
                !std::equal(prefix.begin(), prefix.end(), ids.begin())) {
                throw SampleError(
                    "tokenization mismatch: the tokenizer merges the end of the prompt with the "
                    "answer");
            }
            labelled_from = prefix.size();
        }
        for (size_t k = 0; k < ids.size(); ++k) {
            out.ids.push_back(ids[k]);
            out.labels.push_back(k >= labelled_from ? int64_t(ids[k]) : kIgnoreLabel);
        }
    };

    size_t start = 0;
    for (;;) {
        const size_t image = m.text.find(kImage, start);
        const size_t eos = m.text.find(kEos, start);
        const size_t at = std::min(image, eos);
        if (at == std::string::npos)
            break;
        add_chunk(start, at);
        if (at == image) {
            out.ids.push_back(model::kImageTokenId);
            out.labels.push_back(kIgnoreLabel);
            start = at + kImage.size();
        } else {
            out.ids.push_back(encoder.eos_id);
            out.labels.push_back(m.label[at] ? encoder.eos_id : kIgnoreLabel);
            start = at + kEos.size();
        }
    }
    add_chunk(start, m.text.size());
    return out;
}

int64_t truncate_to_limits(TokenizedConversation& tc, int64_t tokens_per_sentinel, int64_t max_text,
                           int64_t max_sequence) {
    const int64_t n = int64_t(tc.ids.size());
    const int64_t sentinels = tc.sentinel_count();
    int64_t last_sentinel = -1;
    for (int64_t i = 0; i < n; ++i) {
        if (tc.ids[size_t(i)] == model::kImageTokenId)
            last_sentinel = i;
    }
    // Each sentinel becomes tokens_per_sentinel positions.
    const int64_t keep =
        std::min({n, max_text, max_sequence - sentinels * (tokens_per_sentinel - 1)});
    if (keep <= last_sentinel) {
        throw SampleError("the " + std::to_string(sentinels * tokens_per_sentinel) +
                          " visual tokens and the prompt before them do not fit in " +
                          std::to_string(max_text) + " text / " + std::to_string(max_sequence) +
                          " sequence tokens");
    }
    if (keep < n) {
        tc.ids.resize(size_t(keep));
        tc.labels.resize(size_t(keep));
        if (tc.label_count() == 0) {
            throw SampleError("no answer token is left after truncating to " +
                              std::to_string(keep) + " tokens");
        }
    }
    return int64_t(tc.ids.size()) + sentinels * (tokens_per_sentinel - 1);
}

}  // namespace facellava::training
