#include "facellava/core/store/store_writer.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace facellava::store {

struct StoreWriter::State {
    explicit State(SessionStore opened) : store(std::move(opened)) {}

    SessionStore store;
    mutable std::mutex mutex;
    std::condition_variable wake;      // a job arrived or stop was asked
    std::condition_variable finished;  // a job finished
    std::deque<std::function<void(SessionStore&)>> queue;
    uint64_t posted = 0;
    uint64_t done = 0;
    bool stop = false;
    std::function<void(std::exception_ptr)> on_error;
    std::thread thread;

    void run() {
        std::unique_lock<std::mutex> lock(mutex);
        while (true) {
            wake.wait(lock, [&] { return stop || !queue.empty(); });
            if (queue.empty())
                return;  // stop asked and nothing left: every posted job ran
            auto job = std::move(queue.front());
            queue.pop_front();
            auto handler = on_error;
            lock.unlock();
            try {
                job(store);
            } catch (...) {
                if (handler)
                    handler(std::current_exception());
            }
            lock.lock();
            ++done;
            finished.notify_all();
        }
    }
};

StoreWriter::StoreWriter(const std::string& path, const OpenOptions& options)
    : state_(std::make_unique<State>(SessionStore(path, options))) {
    state_->thread = std::thread([state = state_.get()] { state->run(); });
}

StoreWriter::~StoreWriter() {
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->stop = true;
    }
    state_->wake.notify_all();
    state_->thread.join();
}

void StoreWriter::enqueue(std::function<void(SessionStore&)> job) {
    {
        std::lock_guard<std::mutex> lock(state_->mutex);
        state_->queue.push_back(std::move(job));
        ++state_->posted;
    }
    state_->wake.notify_one();
}

void StoreWriter::flush() {
    std::unique_lock<std::mutex> lock(state_->mutex);
    const uint64_t target = state_->posted;
    state_->finished.wait(lock, [&] { return state_->done >= target; });
}

size_t StoreWriter::pending() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return size_t(state_->posted - state_->done);
}

void StoreWriter::set_error_handler(std::function<void(std::exception_ptr)> handler) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->on_error = std::move(handler);
}

}  // namespace facellava::store
