#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "sse_stream.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>

namespace facellava::cli::serve {

CompletionIds new_completion_ids(const std::string& model) {
    // Unique within a run (counter) and across runs (random start).
    static std::atomic<uint64_t> counter{std::random_device{}()};
    char id[40];
    std::snprintf(id, sizeof id, "chatcmpl-%016llx", (unsigned long long)counter.fetch_add(1));
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return {id, model, std::chrono::duration_cast<std::chrono::seconds>(now).count()};
}

std::string finish_reason(const std::string& stop_reason) {
    return stop_reason == "max_tokens" ? "length" : "stop";
}

nlohmann::json usage_json(int64_t prompt_tokens, int64_t completion_tokens) {
    return {{"prompt_tokens", prompt_tokens},
            {"completion_tokens", completion_tokens},
            {"total_tokens", prompt_tokens + completion_tokens}};
}

nlohmann::json completion_json(const CompletionIds& ids, const std::string& text,
                               const std::string& finish, const nlohmann::json& usage) {
    return {{"id", ids.id},
            {"object", "chat.completion"},
            {"created", ids.created},
            {"model", ids.model},
            {"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", text}}},
               {"logprobs", nullptr},
               {"finish_reason", finish}}}},
            {"usage", usage}};
}

nlohmann::json chunk_json(const CompletionIds& ids, const nlohmann::json& delta,
                          const std::optional<std::string>& finish) {
    return {{"id", ids.id},
            {"object", "chat.completion.chunk"},
            {"created", ids.created},
            {"model", ids.model},
            {"choices",
             {{{"index", 0},
               {"delta", delta},
               {"logprobs", nullptr},
               {"finish_reason", finish ? nlohmann::json(*finish) : nlohmann::json(nullptr)}}}}};
}

std::string sse_event(const nlohmann::json& payload) {
    // dump() escapes nothing that could end an event: JSON strings hold no raw newline.
    return "data: " + payload.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
           "\n\n";
}

}  // namespace facellava::cli::serve
#endif
