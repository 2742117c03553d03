// `facellava serve`: the model behind a local OpenAI-compatible HTTP API
// (/v1/chat/completions, /v1/models, /v1/faces, /health; app/cli/serve/).
// The model loads once, after the server listens (so /health can say
// "loading"), and stays loaded; Ctrl-C cancels what runs and stops.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "analysis_cli.h"
#include "command.h"
#include "default_checkpoint.h"
#include "facellava/core/error.h"
#include "interrupt.h"
#include "tower_options.h"
#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "facellava/core/assets.h"
#include "serve/http_server.h"
#include "serve/serve_context.h"
#endif

namespace facellava::cli {
namespace {

#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)

bool is_loopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

int positive(const ParsedArgs& args, const char* flag) {
    const int value = args.int_value(flag);
    if (value < 1)
        throw UsageError(std::string("--") + flag + " must be at least 1");
    return value;
}

int run_serve(const ParsedArgs& args) {
    const std::string host = args.value("host");
    serve::ServeContext context;
    context.api_key = args.value("api-key");
    if (!is_loopback(host) && context.api_key.empty())
        throw UsageError("--host " + host +
                         " opens the server beyond this machine: give --api-key too");
    auto& limits = context.limits;
    limits.max_body_bytes = int64_t(positive(args, "max-body-mb")) << 20;
    limits.max_image_pixels = int64_t(args.double_value("max-image-pixels"));
    if (limits.max_image_pixels < 1)
        throw UsageError("--max-image-pixels must be at least 1");
    limits.max_frames = positive(args, "max-frames");
    limits.max_tokens = positive(args, "max-new-tokens");
    limits.request_timeout_s = args.double_value("request-timeout-s");
    if (!(limits.request_timeout_s > 0))
        throw UsageError("--request-timeout-s must be above 0");
    limits.parallel = positive(args, "parallel");
    limits.queue = args.int_value("queue");
    if (limits.queue < 0)
        throw UsageError("--queue must be 0 or more");
    if (args.has("media-root")) {
        context.media_root = args.value("media-root");
        if (!std::filesystem::is_directory(context.media_root))
            throw Error("--media-root is not a folder", context.media_root, "check the path");
    }
    const std::string checkpoint =
        args.has("checkpoint") ? args.value("checkpoint") : default_checkpoint_dir();
    context.model_id = std::filesystem::path(checkpoint).lexically_normal().filename().string();
    if (context.model_id.empty())  // "dir/" normalises to "dir/", whose filename is empty
        context.model_id =
            std::filesystem::path(checkpoint).lexically_normal().parent_path().filename().string();
    context.gate = std::make_unique<serve::AdmissionGate>(limits.parallel, limits.queue);
    // The crop Face-LLaVA sees, as analyze and batch choose it (auto: the
    // authors' BlazeFace crop for a real checkpoint).
    context.analysis_options.crop_source = crop_source_for(args.value("crop-from"), checkpoint);

#ifdef __GLIBC__
    // glibc gives each new thread that allocates an arena of its own (up to
    // 8 per core); requests land on any of the HTTP pool's threads, so the
    // server's memory grew for a long while before it levelled off (2-core
    // VM, demo model, 4 clients: ~790 MiB, against ~380 MiB with 2 arenas at
    // the same latency). Compute is bounded by --parallel, so few arenas do.
    mallopt(M_ARENA_MAX, std::max(2, limits.parallel));
#endif
    std::signal(SIGPIPE, SIG_IGN);  // a client that leaves is a failed write, not a signal
    serve::HttpServer server(context);
    const int port = server.bind(host, args.int_value("port"));
    ScopedInterrupt interrupt;
    server.start();
    const std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    std::cout << "listening on http://" << shown_host << ":" << port << std::endl;

    model::EngineOptions engine_options;
    engine_options.device = args.value("device");
    engine_options.dtype = args.value("dtype");
    engine_options.weights = args.value("weights");
    engine_options.cpu_threads = args.int_value("threads");
    engine_options.towers = towers_from(args);
    context.models = pipeline::load_analysis_models(
        context.analysis_options, AssetLocator::from_environment(), checkpoint, engine_options);
    context.faces = std::make_unique<serve::FaceInputs>(context.models, context.analysis_options,
                                                        limits.parallel);
    context.ready = true;
    std::cerr << "facellava serve: model '" << context.model_id << "' loaded on "
              << context.engine().info().device << "; Ctrl-C stops\n";

    while (!interrupt.interrupted())
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    context.stopping = true;
    context.watchdog.cancel_all();
    server.stop();
    std::cerr << "facellava serve: stopped\n";
    return kExitOk;
}

#else

int run_serve(const ParsedArgs&) {
    throw Error("this build has no HTTP server (cpp-httplib) or no media support", "",
                "install libcpp-httplib-dev (scripts/bootstrap.sh) and rebuild");
}

#endif

}  // namespace

Command make_serve_command() {
    CommandSpec spec(
        "serve", "Serve the model over a local OpenAI-compatible HTTP API.",
        "Endpoints: POST /v1/chat/completions (text and image_url parts, stream, the "
        "\"facellava\" extension object), GET /v1/models, POST /v1/faces (analysis JSON of an "
        "image), GET /health. Loopback only unless --host and --api-key are given. Prints "
        "\"listening on http://HOST:PORT\" once the port is open; the model loads next "
        "(/health says \"loading\" until then). Ctrl-C stops. See docs/USER_GUIDE.md, Server.");
    spec.option({"checkpoint", "DIR", "Face-LLaVA checkpoint folder (default: the demo model)."});
    spec.short_name("checkpoint", 'c');  // -c in every command (docs/USER_GUIDE.md)
    add_crop_from_option(spec);
    add_tower_options(spec);
    spec.option({"host", "ADDR", "Address to listen on; other than loopback needs --api-key.",
                 "127.0.0.1"});
    spec.option({"port", "N", "Port; 0 picks a free one.", "8080"});
    spec.option({"api-key", "KEY",
                 "Require Authorization: Bearer KEY on every endpoint but "
                 "/health."});
    spec.option({"media-root", "DIR",
                 "Local image and video paths in requests are read from under this folder "
                 "only (default: none; send data: URLs)."});
    spec.option({"parallel", "N", "Requests the model works on at once.", "2"});
    spec.option({"queue", "N", "Requests that may wait for them; more are refused (429).", "16"});
    spec.option({"max-body-mb", "N", "Largest request body (413 above).", "32"});
    spec.option(
        {"max-image-pixels", "N", "Largest image, width × height (422 above).", "40000000"});
    spec.option(
        {"max-frames", "N", "Most images (video frames) in one request (422 above).", "32"});
    spec.option({"max-new-tokens", "N",
                 "Most new tokens a request may ask for (400 above); the "
                 "default when it asks none.",
                 "512"});
    spec.option({"request-timeout-s", "S", "A request running longer is stopped (504).", "300"});
    spec.option({"device", "DEV", "auto, cpu, cuda or cuda:N.", "auto"});
    spec.option({"dtype", "TYPE", "auto, float32, bfloat16 or float16.", "auto"});
    spec.option({"weights", "W", "The LLM's weights (as `facellava chat --weights`).", "auto"});
    spec.option({"threads", "N", "CPU threads (0 = default).", "0"});
    return {spec, run_serve};
}

}  // namespace facellava::cli
