// The JSON objects of /v1/chat/completions answers, whole
// ("chat.completion") and streamed ("chat.completion.chunk", sent as
// server-sent events "data: {…}\n\n" ending with "data: [DONE]\n\n").
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace facellava::cli::serve {

struct CompletionIds {
    std::string id;  // "chatcmpl-…", one per request
    std::string model;
    int64_t created = 0;  // Unix seconds
};

CompletionIds new_completion_ids(const std::string& model);

// The engine's stop reason as OpenAI's finish_reason: "length" when it ran
// out of tokens, "stop" otherwise (end of sequence, a stop string, cancel).
std::string finish_reason(const std::string& stop_reason);

nlohmann::json usage_json(int64_t prompt_tokens, int64_t completion_tokens);

nlohmann::json completion_json(const CompletionIds& ids, const std::string& text,
                               const std::string& finish, const nlohmann::json& usage);

// One chunk: delta {role?, content?}, finish_reason null until the last.
nlohmann::json chunk_json(const CompletionIds& ids, const nlohmann::json& delta,
                          const std::optional<std::string>& finish);

// "data: <json>\n\n".
std::string sse_event(const nlohmann::json& payload);
inline const char* sse_done() {
    return "data: [DONE]\n\n";
}

}  // namespace facellava::cli::serve
