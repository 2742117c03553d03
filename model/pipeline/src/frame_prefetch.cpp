#include "frame_prefetch.h"

#include <utility>

#include "facellava/core/error.h"

namespace facellava::pipeline {

FramePrefetcher::FramePrefetcher(Producer produce, size_t capacity, std::string path)
    : produce_(std::move(produce)), capacity_(capacity), path_(std::move(path)) {
    if (capacity_ > 0)
        thread_ = std::thread([this] { produce_all(); });
}

FramePrefetcher::~FramePrefetcher() {
    if (!thread_.joinable())
        return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

void FramePrefetcher::produce_all() {
    for (;;) {
        DecodedFrame frame;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            changed_.wait(lock, [&] { return stop_ || ready_.size() < capacity_; });
            if (stop_)
                return;
            if (!spare_.empty()) {
                frame = std::move(spare_.back());
                spare_.pop_back();
            }
        }
        bool more = false;
        std::exception_ptr error;
        try {
            more = produce_(frame);
        } catch (...) {
            error = std::current_exception();
        }
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (more) {
                ready_.push_back(std::move(frame));
            } else {
                finished_ = true;
                error_ = error;
            }
        }
        changed_.notify_all();
        if (!more)
            return;
    }
}

void FramePrefetcher::rethrow(std::exception_ptr error) const {
    try {
        std::rethrow_exception(error);
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(std::string("decoding failed: ") + e.what(), path_,
                    "the file may be damaged; re-encode it and try again");
    }
}

bool FramePrefetcher::next(DecodedFrame& frame) {
    if (capacity_ == 0) {
        if (finished_)
            return false;
        try {
            if (produce_(frame))
                return true;
        } catch (...) {
            finished_ = true;
            rethrow(std::current_exception());
        }
        finished_ = true;
        return false;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
    if (ready_.empty()) {
        if (error_) {
            auto error = std::exchange(error_, nullptr);  // thrown once; later calls: the end
            lock.unlock();
            rethrow(error);
        }
        return false;
    }
    std::swap(frame, ready_.front());  // the caller's old frame goes back as a spare buffer
    if (ready_.front().image.pixels.capacity() > 0)
        spare_.push_back(std::move(ready_.front()));
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return true;
}

}  // namespace facellava::pipeline
