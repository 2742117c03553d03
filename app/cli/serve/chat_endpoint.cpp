#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "chat_endpoint.h"

#include <cmath>
#include <iostream>

#include "api_error.h"
#include "connection_probe.h"
#include "facellava/core/error.h"
#include "facellava/core/json_limits.h"
#include "facellava/pipeline/analysis_json.h"
#include "facellava/pipeline/batch.h"
#include "facellava/pipeline/face_answers.h"
#include "facellava/pipeline/model_tasks.h"
#include "image_source.h"
#include "openai_types.h"
#include "sse_stream.h"

namespace facellava::cli::serve {
namespace {

using nlohmann::json;

json parse_body(const httplib::Request& req) {
    try {
        return parse_json_limited(req.body, "request body");
    } catch (const Error& e) {
        throw bad_request("the body is not valid JSON: " + e.brief(), {}, "invalid_json");
    }
}

void check_tasks(const ServeContext& context, const std::vector<std::string>& tasks) {
    try {
        for (const auto& task : tasks)
            pipeline::find_model_task(task);
        pipeline::check_model_tasks_supported(tasks, context.engine().info().tasks);
    } catch (const Error& e) {
        throw bad_request(e.brief() + (e.hint().empty() ? "" : " (" + e.hint() + ")"),
                          "facellava.tasks", "unsupported_task");
    }
}

// The engine request with the chosen face of every image (or video frame).
model::ChatRequest engine_request(ServeContext& context, RequestScope& scope,
                                  const ChatCompletionRequest& parsed) {
    model::ChatRequest request;
    request.turns = parsed.turns;
    request.system_prompt = parsed.system_prompt;
    request.settings = parsed.settings;
    const auto& limits = context.limits;
    if ((parsed.video || !parsed.video_path.empty()) && !context.engine().info().has_video_tower)
        throw bad_request("the model '" + context.model_id +
                              "' has no video tower: ask about one image at a time",
                          "facellava.video", "video_not_supported");
    if (!parsed.video_path.empty()) {
        const std::string path =
            resolve_media_path(context.media_root, parsed.video_path, "facellava.video");
        const int count = std::min(context.engine().info().num_frames, limits.max_frames);
        request.frames = context.faces->video_faces(scope.slot(), path, count,
                                                    limits.max_image_pixels, parsed.face);
        request.is_video = true;
        return request;
    }
    for (const auto& url : parsed.image_urls) {
        const ImageRGB image =
            load_image_url(url, context.media_root, limits.max_image_pixels, "messages");
        request.frames.push_back(
            context.faces->face_of(scope.slot(), image, parsed.face, "messages"));
    }
    request.is_video = parsed.video;
    return request;
}

struct Answer {
    std::string text;
    std::string finish = "stop";
    int64_t prompt_tokens = 0;
    int64_t completion_tokens = 0;
    json task_answers;  // facellava.tasks: {task: {answer, label}}
};

// Every task's question about the face at once (batched), labelled by the
// task table's parsers, as the batch job and the GUI ask them.
Answer answer_tasks(const ServeContext& context, const model::ChatRequest& request,
                    const std::vector<std::string>& tasks, const std::atomic<bool>* cancel) {
    model::FaceQuestions questions;
    questions.frames = request.frames;
    questions.is_video = request.is_video;
    questions.system_prompt = request.system_prompt;
    questions.settings = request.settings;
    questions.settings.temperature = 0;  // greedy, so reruns answer the same (face_answers.h)
    for (const auto& task : tasks)
        questions.questions.push_back(pipeline::find_model_task(task).question);
    const auto answers = context.engine().ask_faces({questions}, cancel);
    if (answers.at(0).error)
        throw bad_request(answers[0].error->brief(), "messages", "cannot_answer");
    Answer out;
    out.task_answers = json::object();
    for (size_t i = 0; i < tasks.size(); ++i) {
        const model::ChatReply& reply = answers[0].replies.at(i);
        const std::string label = pipeline::find_model_task(tasks[i]).label(reply.text);
        out.text += tasks[i] + ": " + reply.text + (i + 1 < tasks.size() ? "\n" : "");
        out.task_answers[tasks[i]] = {{"answer", reply.text}, {"label", label}};
        out.prompt_tokens += reply.prompt_tokens;
        out.completion_tokens += int64_t(reply.token_ids.size());
        if (reply.stop_reason == "max_tokens")
            out.finish = "length";
    }
    return out;
}

Answer from_reply(const model::ChatReply& reply) {
    Answer out;
    out.text = reply.text;
    out.finish = finish_reason(reply.stop_reason);
    out.prompt_tokens = reply.prompt_tokens;
    out.completion_tokens = int64_t(reply.token_ids.size());
    return out;
}

Answer answer_whole(const ServeContext& context, const model::ChatRequest& request,
                    const ChatCompletionRequest& parsed, const std::atomic<bool>* cancel) {
    if (!parsed.tasks.empty())
        return answer_tasks(context, request, parsed.tasks, cancel);
    if (request.turns.size() == 1 && !request.frames.empty()) {
        // One question about a face: batched with other clients' questions.
        model::FaceQuestions questions;
        questions.frames = request.frames;
        questions.is_video = request.is_video;
        questions.questions = {request.turns.front().text};
        questions.system_prompt = request.system_prompt;
        questions.settings = request.settings;
        const auto answers = context.engine().ask_faces({questions}, cancel);
        if (answers.at(0).error)
            throw bad_request(answers[0].error->brief(), "messages", "cannot_answer");
        return from_reply(answers[0].replies.at(0));
    }
    model::ChatCallbacks callbacks;
    callbacks.cancel = cancel;
    return from_reply(context.engine().chat(request, callbacks));
}

// The request's own socket, for the watchdog to notice a client that leaves
// while its answer is worked on (connection_probe.h).
int client_fd(const httplib::Request& req) {
    return find_connection_fd(req.remote_addr, req.remote_port, req.local_addr, req.local_port);
}

// The answer was cut short for nobody: one line for the operator, in place
// of a response the client would never read.
void log_client_gone(const CompletionIds& ids, const Answer& answer) {
    std::cerr << ("facellava serve: request " + ids.id +
                  ": client disconnected, generation cancelled after " +
                  std::to_string(answer.completion_tokens) + " tokens\n")
              << std::flush;
}

json completion_body(const CompletionIds& ids, const Answer& answer) {
    json body = completion_json(ids, answer.text, answer.finish,
                                usage_json(answer.prompt_tokens, answer.completion_tokens));
    if (!answer.task_answers.is_null())
        body["facellava"] = {{"answers", answer.task_answers}};
    return body;
}

// A streamed answer's state, alive until cpp-httplib has written the last
// chunk (the provider runs after the handler returns).
struct Stream {
    std::unique_ptr<RequestScope> scope;
    model::ChatRequest request;
    ChatCompletionRequest parsed;
    CompletionIds ids;
};

bool stream_answer(ServeContext& context, Stream& s, httplib::DataSink& sink) {
    const auto send = [&](const std::string& event) {
        if (sink.write(event.data(), event.size()))
            return true;
        if (s.scope)
            s.scope->cancel()->store(true);  // the client left: stop generating
        return false;
    };
    if (!send(sse_event(chunk_json(s.ids, {{"role", "assistant"}, {"content", ""}}, {}))))
        return false;
    Answer answer;
    try {
        if (!s.parsed.tasks.empty()) {
            answer = answer_tasks(context, s.request, s.parsed.tasks, s.scope->cancel());
            if (!send(sse_event(chunk_json(s.ids, {{"content", answer.text}}, {}))))
                return false;
        } else {
            model::ChatCallbacks callbacks;
            callbacks.cancel = s.scope->cancel();
            callbacks.on_text = [&](const std::string& piece) {
                return send(sse_event(chunk_json(s.ids, {{"content", piece}}, {})));
            };
            answer = from_reply(context.engine().chat(s.request, callbacks));
        }
        s.scope->check_not_cut_short();
        if (s.scope->client_gone()) {
            log_client_gone(s.ids, answer);
            return false;
        }
    } catch (const ApiError& e) {
        // The status line is sent: the error goes as an event, as OpenAI's API does.
        send(sse_event(e.body()));
        s.scope.reset();
        send(sse_done());
        sink.done();
        return true;
    } catch (const std::exception& e) {
        send(sse_event(internal_error(e).body()));
        s.scope.reset();
        send(sse_done());
        sink.done();
        return true;
    }
    json last = chunk_json(s.ids, json::object(), answer.finish);
    if (!answer.task_answers.is_null())
        last["facellava"] = {{"answers", answer.task_answers}};
    if (!send(sse_event(last)))
        return false;
    if (s.parsed.include_usage) {
        json usage = chunk_json(s.ids, json::object(), {});
        usage["choices"] = json::array();
        usage["usage"] = usage_json(answer.prompt_tokens, answer.completion_tokens);
        if (!send(sse_event(usage)))
            return false;
    }
    // The worker slot comes free before the client can see the end: its next
    // request finds it free (cpp-httplib drops the stream only after the
    // last chunk).
    s.scope.reset();
    send(sse_done());
    sink.done();
    return true;
}

}  // namespace

void handle_chat(ServeContext& context, const httplib::Request& req, httplib::Response& res) {
    const json body = parse_body(req);
    if (!context.ready.load())
        throw ApiError(503, "the model is still loading; retry when /health says ok",
                       "server_error", {}, "model_not_loaded");
    ChatCompletionRequest parsed =
        parse_chat_request(body, context.limits, context.engine().info().generation_defaults);
    if (!parsed.model.empty() && parsed.model != context.model_id)
        throw ApiError(404,
                       "the model '" + parsed.model + "' does not exist; this server has '" +
                           context.model_id + "' (GET /v1/models)",
                       "invalid_request_error", "model", "model_not_found");
    if (!parsed.tasks.empty())
        check_tasks(context, parsed.tasks);
    auto scope = std::make_unique<RequestScope>(context, client_fd(req));
    model::ChatRequest request = engine_request(context, *scope, parsed);
    const CompletionIds ids = new_completion_ids(context.model_id);
    if (!parsed.stream) {
        const Answer answer = answer_whole(context, request, parsed, scope->cancel());
        scope->check_not_cut_short();
        if (scope->client_gone()) {
            log_client_gone(ids, answer);
            throw client_disconnected();  // the worker slot comes free as `scope` goes
        }
        res.set_content(dump_json(completion_body(ids, answer)), "application/json");
        return;
    }
    auto stream = std::make_shared<Stream>();
    stream->scope = std::move(scope);
    stream->request = std::move(request);
    stream->parsed = std::move(parsed);
    stream->ids = ids;
    res.set_header("Cache-Control", "no-cache");
    res.set_chunked_content_provider("text/event-stream",
                                     [&context, stream](size_t, httplib::DataSink& sink) {
                                         return stream_answer(context, *stream, sink);
                                     });
}

void handle_faces(ServeContext& context, const httplib::Request& req, httplib::Response& res) {
    const auto& limits = context.limits;
    std::vector<std::string> tasks;
    ImageRGB image;
    const bool is_json = req.get_header_value("Content-Type").find("json") != std::string::npos;
    if (!context.ready.load())
        throw ApiError(503, "the model is still loading; retry when /health says ok",
                       "server_error", {}, "model_not_loaded");
    RequestScope scope(context, client_fd(req));
    if (is_json) {
        const json body = parse_body(req);
        if (!body.is_object() || !body.contains("image") || !body["image"].is_string())
            throw bad_request(
                "give {\"image\": \"data:image/...;base64,...\" or a path under "
                "--media-root}, or POST the image bytes",
                "image");
        if (body.contains("tasks")) {
            if (!body["tasks"].is_array())
                throw bad_request("tasks must be an array of task names", "tasks");
            for (const auto& task : body["tasks"]) {
                if (!task.is_string())
                    throw bad_request("tasks must be an array of task names", "tasks");
                tasks.push_back(task.get<std::string>());
            }
            check_tasks(context, tasks);
        }
        image = load_image_url(body["image"].get<std::string>(), context.media_root,
                               limits.max_image_pixels, "image");
    } else {
        if (req.body.empty())
            throw bad_request("POST an image (JPEG, PNG, …) as the body", "image");
        image = decode_image_bytes(req.body, limits.max_image_pixels, "image");
    }
    pipeline::AnalysisOptions options = context.analysis_options;
    options.tasks = tasks;
    std::vector<std::vector<pipeline::FaceRecord>> faces(1);
    faces[0] = context.faces->analyzer(scope.slot()).analyze_image(image, scope.cancel());
    if (!tasks.empty())
        pipeline::ask_face_llava(context.engine(), {&image}, faces, options, scope.cancel());
    scope.check_not_cut_short();
    if (scope.client_gone())
        throw client_disconnected();
    // `facellava analyze`'s document for a one-frame input.
    pipeline::MediaSummary summary;
    summary.kind = MediaKind::Image;
    summary.width = image.width;
    summary.height = image.height;
    summary.frame_count = 1;
    summary.frames_analysed = 1;
    nlohmann::ordered_json frame = {
        {"frame", 0}, {"timestamp", 0.0}, {"faces", nlohmann::ordered_json::array()}};
    for (const auto& face : faces[0]) {
        if (!face.success)
            continue;
        frame["faces"].push_back(pipeline::face_record_json(face, tasks));
        ++summary.faces;
        summary.face_ids = std::max(summary.face_ids, face.face_id + 1);
    }
    nlohmann::ordered_json out = {
        {"input", "request"},
        {"settings", pipeline::analysis_settings_json(options, context.models)},
        {"frames", nlohmann::ordered_json::array({frame})},
        {"summary", pipeline::media_summary_json(summary)}};
    res.set_content(dump_json(out), "application/json");
}

}  // namespace facellava::cli::serve
#endif
