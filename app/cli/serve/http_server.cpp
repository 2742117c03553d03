#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "http_server.h"

#include <httplib.h>

#include "api_error.h"
#include "chat_endpoint.h"
#include "facellava/core/error.h"

namespace facellava::cli::serve {
namespace {

void send_error(httplib::Response& res, const ApiError& error) {
    res.status = error.status();
    res.set_content(dump_json(error.body()), "application/json");
}

// Every handler's exceptions become OpenAI-style errors: a request can make
// the server refuse, never crash.
httplib::Server::Handler guarded(ServeContext& context,
                                 void (*handler)(ServeContext&, const httplib::Request&,
                                                 httplib::Response&)) {
    return [&context, handler](const httplib::Request& req, httplib::Response& res) {
        try {
            handler(context, req, res);
        } catch (const ApiError& e) {
            send_error(res, e);
        } catch (const Error& e) {
            // The engine's refusals (a prompt over the context, …): the
            // request's fault, said without server-side paths.
            send_error(res, bad_request(e.brief() + (e.hint().empty() ? "" : " (" + e.hint() + ")"),
                                        {}, "invalid_request"));
        } catch (const std::bad_alloc&) {
            send_error(res, ApiError(500, "out of memory", "server_error"));
        } catch (const std::exception& e) {
            send_error(res, internal_error(e));
        }
    };
}

nlohmann::json model_json(const ServeContext& context) {
    return {
        {"id", context.model_id}, {"object", "model"}, {"created", 0}, {"owned_by", "facellava"}};
}

bool same_key(const std::string& given, const std::string& expected) {
    // Constant time in the key's length: no timing hint about the prefix.
    if (given.size() != expected.size())
        return false;
    unsigned char diff = 0;
    for (size_t i = 0; i < given.size(); ++i)
        diff |= static_cast<unsigned char>(given[i] ^ expected[i]);
    return diff == 0;
}

}  // namespace

HttpServer::HttpServer(ServeContext& context)
    : context_(context), server_(std::make_unique<httplib::Server>()) {
    auto& server = *server_;
    const auto& limits = context.limits;
    // Threads for every admitted request plus a few for /health, /v1/models,
    // refusals and idle keep-alive connections.
    const size_t threads = size_t(limits.parallel + limits.queue + 8);
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(size_t(limits.max_body_bytes));
    server.set_read_timeout(30, 0);
    server.set_write_timeout(30, 0);
    server.set_keep_alive_timeout(2);

    server.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (context_.api_key.empty() || req.path == "/health")
            return httplib::Server::HandlerResponse::Unhandled;
        const std::string header = req.get_header_value("Authorization");
        const std::string prefix = "Bearer ";
        if (header.compare(0, prefix.size(), prefix) == 0 &&
            same_key(header.substr(prefix.size()), context_.api_key))
            return httplib::Server::HandlerResponse::Unhandled;
        send_error(res, ApiError(401,
                                 header.empty() ? "missing API key: send Authorization: Bearer KEY"
                                                : "incorrect API key",
                                 "invalid_request_error", {}, "invalid_api_key"));
        return httplib::Server::HandlerResponse::Handled;
    });
    // cpp-httplib's own refusals (no route, body over the limit) get a body too.
    server.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty())
            return;
        if (res.status == 404)
            send_error(res, ApiError(404, "unknown route " + req.method + " " + req.path,
                                     "invalid_request_error", {}, "unknown_url"));
        else if (res.status == 413)
            send_error(res,
                       ApiError(413,
                                "the body is over --max-body-mb (" +
                                    std::to_string(context_.limits.max_body_bytes >> 20) + " MiB)",
                                "invalid_request_error", {}, "request_too_large"));
        else
            send_error(res, ApiError(res.status, "the request was refused (HTTP " +
                                                     std::to_string(res.status) + ")"));
    });
    server.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            send_error(res, ApiError(500, "internal error", "server_error"));
        });

    server.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
        const bool ready = context_.ready.load();
        res.status = ready ? 200 : 503;
        res.set_content(dump_json(nlohmann::json{{"status", ready ? "ok" : "loading"}}),
                        "application/json");
    });
    server.Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(
            dump_json(nlohmann::json{{"object", "list"}, {"data", {model_json(context_)}}}),
            "application/json");
    });
    server.Get(R"(/v1/models/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
        if (req.matches[1] == context_.model_id)
            res.set_content(dump_json(model_json(context_)), "application/json");
        else
            send_error(
                res, ApiError(404, "the model '" + std::string(req.matches[1]) + "' does not exist",
                              "invalid_request_error", "model", "model_not_found"));
    });
    server.Post("/v1/chat/completions", guarded(context, handle_chat));
    server.Post("/v1/faces", guarded(context, handle_faces));
}

HttpServer::~HttpServer() {
    stop();
}

int HttpServer::bind(const std::string& host, int port) {
    const int bound = port == 0 ? server_->bind_to_any_port(host)
                                : (server_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0)
        throw Error("cannot listen on " + host + ":" + std::to_string(port), "",
                    "choose another --port (0 picks a free one) or --host");
    return bound;
}

void HttpServer::start() {
    thread_ = std::thread([this] { server_->listen_after_bind(); });
}

void HttpServer::stop() {
    server_->stop();
    if (thread_.joinable())
        thread_.join();
}

}  // namespace facellava::cli::serve
#endif
