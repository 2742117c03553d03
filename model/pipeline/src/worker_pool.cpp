#include "worker_pool.h"

#include <utility>

#include "facellava/model/runtime.h"

namespace facellava::pipeline {

WorkerPool::WorkerPool(size_t workers) {
    for (size_t w = 1; w < workers; ++w)
        threads_.emplace_back([this, w] { work(w); });
}

WorkerPool::~WorkerPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    start_.notify_all();
    for (auto& thread : threads_)
        thread.join();
}

void WorkerPool::run(size_t tasks, const Task& task) {
    if (tasks == 0)
        return;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        task_ = &task;
        tasks_ = tasks;
        next_ = 0;
        busy_ = threads_.size();
        error_ = nullptr;
        ++generation_;
    }
    start_.notify_all();
    take_tasks(0);
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, [&] { return busy_ == 0; });
    task_ = nullptr;
    if (error_)
        std::rethrow_exception(std::exchange(error_, nullptr));
}

void WorkerPool::take_tasks(size_t worker) {
    for (;;) {
        size_t i = 0;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (next_ >= tasks_ || error_)
                return;
            i = next_++;
        }
        try {
            (*task_)(i, worker);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_)
                error_ = std::current_exception();
        }
    }
}

void WorkerPool::work(size_t worker) {
    model::init_worker_thread();  // LibTorch's threads are per OS thread
    size_t seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            start_.wait(lock, [&] { return stop_ || generation_ != seen; });
            if (stop_)
                return;
            seen = generation_;
        }
        take_tasks(worker);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --busy_;
        }
        done_.notify_one();
    }
}

}  // namespace facellava::pipeline
