#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "openai_types.h"

#include <cmath>
#include <limits>

#include "api_error.h"

namespace facellava::cli::serve {
namespace {

using nlohmann::json;

double number_in(const json& body, const char* key, double low, double high) {
    const json& value = body[key];
    if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < low ||
        value.get<double>() > high)
        throw bad_request(std::string(key) + " must be a number from " + std::to_string(low) +
                              " to " + std::to_string(high),
                          key);
    return value.get<double>();
}

// A message's content: a string, or parts of which only text (and, for the
// user, image_url) are understood. Images are appended to `images`.
std::string content_text(const json& content, const std::string& param, bool images_allowed,
                         std::vector<std::string>* images) {
    if (content.is_null())
        return {};
    if (content.is_string())
        return content.get<std::string>();
    if (!content.is_array())
        throw bad_request("content must be a string or an array of parts", param);
    std::string text;
    for (size_t i = 0; i < content.size(); ++i) {
        const json& part = content[i];
        const std::string where = param + "[" + std::to_string(i) + "]";
        if (!part.is_object() || !part.contains("type") || !part["type"].is_string())
            throw bad_request("each content part must be an object with a type", where);
        const std::string type = part["type"].get<std::string>();
        if (type == "text") {
            if (!part.contains("text") || !part["text"].is_string())
                throw bad_request("a text part needs a string \"text\"", where + ".text");
            text += (text.empty() ? "" : "\n") + part["text"].get<std::string>();
        } else if (type == "image_url" && images_allowed) {
            const json* url = nullptr;
            if (part.contains("image_url") && part["image_url"].is_object() &&
                part["image_url"].contains("url"))
                url = &part["image_url"]["url"];
            else if (part.contains("image_url"))
                url = &part["image_url"];
            if (!url || !url->is_string() || url->get<std::string>().empty())
                throw bad_request("an image_url part needs image_url.url", where + ".image_url");
            images->push_back(url->get<std::string>());
        } else {
            throw bad_request("content parts of type '" + type + "' are not supported here" +
                                  (images_allowed ? " (text and image_url are)" : " (text is)"),
                              where + ".type");
        }
    }
    return text;
}

void parse_extension(const json& ext, ChatCompletionRequest& out) {
    if (!ext.is_object())
        throw bad_request("facellava must be an object", "facellava");
    if (ext.contains("video")) {
        const json& video = ext["video"];
        if (video.is_boolean())
            out.video = video.get<bool>();
        else if (video.is_string() && !video.get<std::string>().empty())
            out.video_path = video.get<std::string>();
        else
            throw bad_request(
                "facellava.video must be true (the images are frames) or a path "
                "under --media-root",
                "facellava.video");
    }
    if (ext.contains("face")) {
        const json& face = ext["face"];
        if (face.is_number_integer()) {
            if (face.get<int64_t>() < 0 || face.get<int64_t>() > 10'000)
                throw bad_request("facellava.face as an index must be 0 or more", "facellava.face");
            out.face.kind = FaceChoice::Kind::Index;
            out.face.index = int(face.get<int64_t>());
        } else if (face.is_array() && (face.size() == 4 || face.size() == 136)) {
            std::vector<float> values;
            for (const auto& v : face) {
                if (!v.is_number() || !std::isfinite(v.get<double>()))
                    throw bad_request("facellava.face coordinates must be numbers",
                                      "facellava.face");
                values.push_back(v.get<float>());
            }
            if (face.size() == 4) {
                if (values[2] <= 0 || values[3] <= 0)
                    throw bad_request("facellava.face box [x, y, w, h] needs w, h > 0",
                                      "facellava.face");
                out.face.kind = FaceChoice::Kind::Box;
                std::copy(values.begin(), values.end(), out.face.box.begin());
            } else {
                out.face.kind = FaceChoice::Kind::Landmarks;
                std::copy(values.begin(), values.end(), out.face.landmarks.begin());
            }
        } else {
            throw bad_request(
                "facellava.face must be a face index, a box [x, y, w, h] or 68 "
                "landmarks [x0, y0, …, x67, y67] in image pixels",
                "facellava.face");
        }
    }
    if (ext.contains("tasks")) {
        const json& tasks = ext["tasks"];
        if (!tasks.is_array() || tasks.empty())
            throw bad_request("facellava.tasks must be a non-empty array of task names",
                              "facellava.tasks");
        for (const auto& task : tasks) {
            if (!task.is_string())
                throw bad_request("facellava.tasks must hold task names", "facellava.tasks");
            out.tasks.push_back(task.get<std::string>());
        }
    }
}

}  // namespace

ChatCompletionRequest parse_chat_request(const json& body, const ServeLimits& limits,
                                         const std::optional<model::GenerationSettings>& defaults) {
    if (!body.is_object())
        throw bad_request("the request body must be a JSON object");
    ChatCompletionRequest out;
    if (body.contains("model") && !body["model"].is_null()) {
        if (!body["model"].is_string())
            throw bad_request("model must be a string", "model");
        out.model = body["model"].get<std::string>();
    }
    if (body.contains("facellava"))
        parse_extension(body["facellava"], out);

    if (!body.contains("messages") || !body["messages"].is_array() || body["messages"].empty())
        throw bad_request("messages must be a non-empty array", "messages");
    const json& messages = body["messages"];
    std::string system;
    for (size_t i = 0; i < messages.size(); ++i) {
        const json& message = messages[i];
        const std::string where = "messages[" + std::to_string(i) + "]";
        if (!message.is_object() || !message.contains("role") || !message["role"].is_string())
            throw bad_request("each message must be an object with a role", where);
        const std::string role = message["role"].get<std::string>();
        const json content = message.contains("content") ? message["content"] : json();
        if (role == "system" || role == "developer") {
            const std::string text = content_text(content, where + ".content", false, nullptr);
            system += (system.empty() ? "" : "\n") + text;
            continue;
        }
        model::ChatTurn::Role turn_role;
        if (role == "user")
            turn_role = model::ChatTurn::Role::User;
        else if (role == "assistant")
            turn_role = model::ChatTurn::Role::Assistant;
        else
            throw bad_request("role '" + role + "' is not supported (system, user, assistant are)",
                              where + ".role");
        const std::string text = content_text(
            content, where + ".content", turn_role == model::ChatTurn::Role::User, &out.image_urls);
        // Consecutive messages of one role become one turn: the template
        // alternates user and assistant.
        if (!out.turns.empty() && out.turns.back().role == turn_role)
            out.turns.back().text += "\n" + text;
        else
            out.turns.push_back({turn_role, text});
    }
    if (!system.empty())
        out.system_prompt = system;
    if (out.turns.empty() || out.turns.front().role != model::ChatTurn::Role::User)
        throw bad_request("the conversation must start with a user message", "messages");
    if (out.turns.back().role != model::ChatTurn::Role::User)
        throw bad_request("the last message must be the user's", "messages");
    if (out.tasks.empty() && out.turns.back().text.empty())
        throw bad_request("the last user message has no text (or give facellava.tasks)",
                          "messages");

    const int images = int(out.image_urls.size());
    if (images > limits.max_frames)
        throw ApiError(422,
                       std::to_string(images) + " images are over --max-frames (" +
                           std::to_string(limits.max_frames) + ")",
                       "invalid_request_error", "messages", "too_many_frames");
    if (!out.video_path.empty() && images > 0)
        throw bad_request("give a video as facellava.video PATH or as image frames, not both",
                          "facellava.video");
    if (out.video && images == 0)
        throw bad_request("facellava.video true needs the frames as image_url parts",
                          "facellava.video");
    if (!out.video && out.video_path.empty() && images > 1)
        throw bad_request(
            "one image per conversation; for a video's frames set "
            "\"facellava\": {\"video\": true}",
            "messages");
    if (!out.tasks.empty() && images == 0 && out.video_path.empty())
        throw bad_request("facellava.tasks needs an image or a video", "facellava.tasks");

    // Sampling: the checkpoint's generation_config.json where the client
    // sets nothing (as `facellava chat`), else greedy.
    auto& s = out.settings;
    if (defaults)
        s = *defaults;
    else
        s.temperature = 0, s.top_p = 1;
    s.stop_strings.clear();
    if (s.max_new_tokens <= 0 || s.max_new_tokens > limits.max_tokens)
        s.max_new_tokens = limits.max_tokens;
    if (body.contains("temperature") && !body["temperature"].is_null())
        s.temperature = float(number_in(body, "temperature", 0, 2));
    if (body.contains("top_p") && !body["top_p"].is_null()) {
        s.top_p = float(number_in(body, "top_p", 0, 1));
        if (s.top_p <= 0)
            throw bad_request("top_p must be above 0", "top_p");
    }
    for (const char* key : {"max_tokens", "max_completion_tokens"}) {
        if (!body.contains(key) || body[key].is_null())
            continue;
        const json& value = body[key];
        if (!value.is_number_integer() || value.get<int64_t>() < 1)
            throw bad_request(std::string(key) + " must be a whole number of at least 1", key);
        if (value.get<int64_t>() > limits.max_tokens)
            throw bad_request(std::string(key) + " " + std::to_string(value.get<int64_t>()) +
                                  " is over the server's --max-new-tokens (" +
                                  std::to_string(limits.max_tokens) + ")",
                              key, "max_tokens_too_large");
        s.max_new_tokens = int(value.get<int64_t>());
    }
    if (body.contains("stop") && !body["stop"].is_null()) {
        const json& stop = body["stop"];
        if (stop.is_string()) {
            s.stop_strings.push_back(stop.get<std::string>());
        } else if (stop.is_array() && stop.size() <= 4) {
            for (const auto& item : stop) {
                if (!item.is_string())
                    throw bad_request("stop must be a string or up to 4 strings", "stop");
                s.stop_strings.push_back(item.get<std::string>());
            }
        } else {
            throw bad_request("stop must be a string or up to 4 strings", "stop");
        }
        for (const auto& text : s.stop_strings)
            if (text.empty())
                throw bad_request("stop strings must not be empty", "stop");
    }
    if (body.contains("seed") && !body["seed"].is_null()) {
        if (!body["seed"].is_number_integer())
            throw bad_request("seed must be an integer", "seed");
        s.seed = uint64_t(body["seed"].get<int64_t>());
    }
    if (body.contains("n") && !body["n"].is_null() &&
        (!body["n"].is_number_integer() || body["n"].get<int64_t>() != 1))
        throw bad_request("only n = 1 is supported", "n");
    if (body.contains("stream") && !body["stream"].is_null()) {
        if (!body["stream"].is_boolean())
            throw bad_request("stream must be true or false", "stream");
        out.stream = body["stream"].get<bool>();
    }
    if (body.contains("stream_options") && body["stream_options"].is_object() &&
        body["stream_options"].contains("include_usage"))
        out.include_usage = body["stream_options"]["include_usage"].is_boolean() &&
                            body["stream_options"]["include_usage"].get<bool>();
    return out;
}

}  // namespace facellava::cli::serve
#endif
