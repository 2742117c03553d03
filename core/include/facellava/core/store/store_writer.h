// One background thread that owns a write connection to a session file and
// runs posted jobs in order, each in its own transaction, so the GUI thread
// never waits on the disk. Results and errors come back through futures; an
// optional error handler also sees every failure, so a dropped future cannot
// hide lost work.
//
// Thread safety: post(), flush() and pending() may be called from any thread.
// The destructor runs every job already posted, then stops the thread.
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

#include "facellava/core/store/session_store.h"

namespace facellava::store {

class StoreWriter {
  public:
    // Opens (creates or migrates) the file on the calling thread, so open
    // errors throw here as facellava::Error.
    explicit StoreWriter(const std::string& path, const OpenOptions& options = {});
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    // Queues job(SessionStore&) -> R; the future holds R or the exception.
    template <typename Job>
    auto post(Job job) -> std::future<std::invoke_result_t<Job&, SessionStore&>> {
        using Result = std::invoke_result_t<Job&, SessionStore&>;
        auto promise = std::make_shared<std::promise<Result>>();
        auto future = promise->get_future();
        auto shared_job = std::make_shared<Job>(std::move(job));
        enqueue([promise, shared_job](SessionStore& store) {
            try {
                if constexpr (std::is_void_v<Result>) {
                    store.transaction([&] { (*shared_job)(store); });
                    promise->set_value();
                } else {
                    std::optional<Result> result;
                    store.transaction([&] { result.emplace((*shared_job)(store)); });
                    promise->set_value(std::move(*result));
                }
            } catch (...) {
                promise->set_exception(std::current_exception());
                throw;  // for the error handler
            }
        });
        return future;
    }

    // Blocks until every job posted before this call has finished.
    void flush();
    // Jobs queued or running.
    size_t pending() const;
    // Called on the writer thread with every exception a job threw.
    void set_error_handler(std::function<void(std::exception_ptr)> handler);

  private:
    void enqueue(std::function<void(SessionStore&)> job);

    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace facellava::store
