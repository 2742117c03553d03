// A fixed set of threads for data-parallel jobs: run(n, task) calls task(i, w)
// for every i in [0, n), spread over the workers w in [0, size()), and returns
// once all are done. The calling thread is worker 0, so a pool of one runs
// everything inline and a pool of N starts N − 1 threads, once.
//
// Used for the perception pipeline's frame workers: each worker owns state
// that is not thread-safe (a FrameFaces), indexed by w.
//
// Thread-safety: one thread calls run() at a time. The destructor joins.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace facellava::pipeline {

class WorkerPool {
  public:
    using Task = std::function<void(size_t task, size_t worker)>;

    explicit WorkerPool(size_t workers);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    size_t size() const { return threads_.size() + 1; }

    // Tasks are handed out in order, each to the next free worker. When a
    // task throws, the tasks not yet started are skipped and the first
    // exception is rethrown here after every worker has stopped.
    void run(size_t tasks, const Task& task);

  private:
    void work(size_t worker);        // a pool thread's loop
    void take_tasks(size_t worker);  // runs tasks of the current job until none is left

    std::mutex mutex_;
    std::condition_variable start_;  // a new job, or stop
    std::condition_variable done_;   // a worker left the current job
    const Task* task_ = nullptr;     // the current job (valid while busy_ > 0)
    size_t tasks_ = 0;
    size_t next_ = 0;        // next task to hand out
    size_t busy_ = 0;        // pool threads still in the current job
    size_t generation_ = 0;  // counts jobs, so a thread joins each once
    bool stop_ = false;
    std::exception_ptr error_;
    std::vector<std::thread> threads_;  // last: started once the members above exist
};

}  // namespace facellava::pipeline
