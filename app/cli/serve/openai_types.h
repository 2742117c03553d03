// A /v1/chat/completions body checked and turned into what the engine takes.
// OpenAI's fields: messages (string content or parts [{type: text},
// {type: image_url, image_url: {url}}]), system messages (→ system prompt),
// temperature, top_p, max_tokens / max_completion_tokens, stop, seed, n (1),
// stream, stream_options.include_usage. Face-LLaVA's extension object
// "facellava": {video: true | "PATH", face: INDEX | [x, y, w, h] | [136
// landmark coordinates], tasks: [names]}. Every malformed field is an
// ApiError naming it; nothing here throws anything else.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "facellava/model/engine.h"
#include "server_limits.h"

namespace facellava::cli::serve {

// Which face of each image the model is shown.
struct FaceChoice {
    enum class Kind { Largest, Index, Box, Landmarks };
    Kind kind = Kind::Largest;
    int index = 0;
    std::array<float, 4> box{};          // x, y, w, h in image pixels
    std::array<float, 136> landmarks{};  // x0, y0, x1, y1, … in image pixels (iBUG 68 order)
};

struct ChatCompletionRequest {
    std::string model;                   // "" when the client sent none
    std::vector<model::ChatTurn> turns;  // alternating, ending with the user's turn
    std::optional<std::string> system_prompt;
    std::vector<std::string> image_urls;  // every image part, in order
    bool video = false;                   // the image parts are a video's frames …
    std::string video_path;               // … or this file under --media-root is
    FaceChoice face;
    std::vector<std::string> tasks;  // Face-LLaVA task names (pipeline/model_tasks.h)
    model::GenerationSettings settings;
    bool stream = false;
    bool include_usage = false;  // stream_options.include_usage
};

// `defaults`: the checkpoint's generation_config.json when it has one.
ChatCompletionRequest parse_chat_request(const nlohmann::json& body, const ServeLimits& limits,
                                         const std::optional<model::GenerationSettings>& defaults);

}  // namespace facellava::cli::serve
