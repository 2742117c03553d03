#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "serve_context.h"

#include "api_error.h"

namespace facellava::cli::serve {
namespace {

ApiError timed_out(const ServeLimits& limits) {
    return ApiError(504,
                    "the request ran past --request-timeout-s (" +
                        std::to_string(int(limits.request_timeout_s)) + " s)",
                    "server_error", {}, "timeout");
}

ApiError shutting_down() {
    return ApiError(503, "the server is shutting down", "server_error", {}, "shutting_down");
}

}  // namespace

RequestScope::RequestScope(ServeContext& context, int client_fd) : context_(context) {
    if (!context.ready.load())
        throw ApiError(503, "the model is still loading; retry when /health says ok",
                       "server_error", {}, "model_not_loaded");
    if (context.stopping.load())
        throw shutting_down();
    deadline_ =
        Clock::now() + std::chrono::microseconds(int64_t(context.limits.request_timeout_s * 1e6));
    const auto deadline = deadline_;
    watch_ = context.watchdog.watch(&cancel_, deadline, client_fd);
    AdmissionGate::Refusal refusal;
    if (auto admitted = context.gate->enter(deadline, &cancel_, refusal)) {
        admission_.emplace(std::move(*admitted));
        return;
    }
    const Watchdog::Outcome outcome = context.watchdog.unwatch(watch_);
    watching_ = false;
    if (refusal == AdmissionGate::Refusal::QueueFull)
        throw ApiError(429,
                       "the server is busy: " + std::to_string(context.limits.parallel) +
                           " requests running and " + std::to_string(context.limits.queue) +
                           " waiting; retry later",
                       "rate_limit_error", {}, "queue_full");
    if (outcome.timed_out || refusal == AdmissionGate::Refusal::Timeout)
        throw timed_out(context.limits);
    if (outcome.client_gone && !context.stopping.load())
        throw client_disconnected();
    throw shutting_down();
}

RequestScope::~RequestScope() {
    if (watching_)
        context_.watchdog.unwatch(watch_);
}

void RequestScope::check_not_cut_short() {
    // The watchdog looks every 100 ms: a deadline passed between its looks
    // counts as well.
    const bool late = Clock::now() > deadline_;
    if ((!cancel_.load() && !late) || !watching_)
        return;
    const Watchdog::Outcome outcome = context_.watchdog.unwatch(watch_);
    watching_ = false;
    // A departed client first: whatever else stopped the work, nobody reads
    // the answer, and the caller says so in the log.
    if (outcome.client_gone) {
        client_gone_ = true;
        return;
    }
    if (outcome.timed_out || late)
        throw timed_out(context_.limits);
    if (context_.stopping.load())
        throw shutting_down();
    // Otherwise a streamed answer's write failed: that client went away too.
}

}  // namespace facellava::cli::serve
#endif
