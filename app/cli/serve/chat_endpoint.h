// POST /v1/chat/completions and POST /v1/faces.
//
// Chat: one-turn questions about an image (or a video's frames) go through
// FaceLlavaEngine::ask_faces, so concurrent requests decode as one batch;
// multi-turn, text-only and streamed requests through chat(), which streams.
// facellava.tasks asks the task table's questions (pipeline/model_tasks.h)
// about the face, batched, and answers them with their parsed labels.
// A streamed request whose client disconnects is cancelled at the next
// piece of text it cannot write. cpp-httplib 0.11.4 does not tell a handler
// that a non-streaming client left, so such a request runs to its end (or
// its --request-timeout-s).
//
// Faces: the body is an image (any Content-Type but JSON) or JSON
// {"image": URL, "tasks": [...]}; the answer is `facellava analyze`'s JSON.
#pragma once

#include <httplib.h>

#include "serve_context.h"

namespace facellava::cli::serve {

void handle_chat(ServeContext& context, const httplib::Request& req, httplib::Response& res);
void handle_faces(ServeContext& context, const httplib::Request& req, httplib::Response& res);

}  // namespace facellava::cli::serve
