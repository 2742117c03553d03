// Runs jobs 0, 1, 2, … on worker threads and hands the results out strictly
// in job order, at most `capacity` jobs ahead of the consumer (a bounded
// queue: memory stays flat however slow the trainer is). Results therefore
// do not depend on thread timing, which is what makes data loading
// reproducible and resumable.
//
// A job's exception is rethrown by next() for that job. The destructor stops
// the workers (jobs already running finish first).
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace facellava::training {

template <typename T>
class OrderedPrefetcher {
  public:
    // Jobs first, first + 1, …, end − 1; workers == 0 runs each job inside next().
    OrderedPrefetcher(std::function<T(int64_t)> job, int64_t first, int64_t end, int workers,
                      int capacity)
        : job_(std::move(job)),
          next_job_(first),
          next_out_(first),
          end_(end),
          capacity_(std::max(1, capacity)) {
        for (int i = 0; i < workers; ++i)
            threads_.emplace_back([this] { work(); });
    }
    ~OrderedPrefetcher() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_ = true;
        }
        cv_.notify_all();
        for (auto& t : threads_)
            t.join();
    }
    OrderedPrefetcher(const OrderedPrefetcher&) = delete;
    OrderedPrefetcher& operator=(const OrderedPrefetcher&) = delete;

    // The next result in job order; nullopt after the last job.
    std::optional<T> next() {
        std::unique_lock<std::mutex> lock(mutex_);
        if (next_out_ >= end_)
            return std::nullopt;
        const int64_t want = next_out_;
        if (threads_.empty()) {
            ++next_out_;
            ++next_job_;
            lock.unlock();
            return job_(want);
        }
        cv_.wait(lock, [&] { return done_.count(want) == 1; });
        auto node = done_.extract(want);
        ++next_out_;
        lock.unlock();
        cv_.notify_all();  // a slot freed up
        if (node.mapped().error)
            std::rethrow_exception(node.mapped().error);
        return std::move(node.mapped().value);
    }

  private:
    struct Slot {
        std::optional<T> value;
        std::exception_ptr error;
    };

    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            cv_.wait(lock, [&] {
                return stop_ || (next_job_ < end_ && next_job_ < next_out_ + capacity_);
            });
            if (stop_)
                return;
            const int64_t index = next_job_++;
            lock.unlock();
            Slot slot;
            try {
                slot.value.emplace(job_(index));
            } catch (...) {
                slot.error = std::current_exception();
            }
            lock.lock();
            done_.emplace(index, std::move(slot));
            cv_.notify_all();
        }
    }

    std::function<T(int64_t)> job_;
    int64_t next_job_;  // next job a worker starts
    int64_t next_out_;  // next job next() returns
    const int64_t end_;
    const int64_t capacity_;
    bool stop_ = false;
    std::map<int64_t, Slot> done_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::vector<std::thread> threads_;
};

}  // namespace facellava::training
