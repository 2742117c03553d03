// cpu_helper_thread.h: one helper thread that watches for the next product
// a short while after each one, then sleeps on a condition variable. A thread
// started per call cost more than it saved below ~10 MB of weights (3072x1024
// at m = 4: 0.47 ms against 0.48 on one thread and 0.23 with this helper).
// The short watch is for a decode step's 85-200 products microseconds
// apart: with it the 200m shape's int4 layers took 5.6-6.0 ms a token
// instead of 6.9-8.2 (2-vCPU EPYC), as waking a sleeping thread costs about
// as much as a small product.
#include "runtime/cpu_helper_thread.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "facellava/model/runtime.h"

namespace facellava::model::cpu_helper_thread {
namespace {

// One product's shared state, on the caller's stack.
struct Job {
    int64_t count = 0;
    int64_t chunk = 1;
    const std::function<void(int64_t, int64_t)>* work = nullptr;
    std::atomic<int64_t> next{0};          // the first unclaimed index
    std::atomic<bool> helper_done{false};  // set once the helper has taken the job
};

void claim_chunks(Job& job) {
    for (;;) {
        const int64_t begin = job.next.fetch_add(job.chunk, std::memory_order_relaxed);
        if (begin >= job.count)
            return;
        (*job.work)(begin, std::min(job.count, begin + job.chunk));
    }
}

class Helper {
  public:
    Helper() : thread_([this] { loop(); }) { thread_.detach(); }

    // Held by the product using the helper; a concurrent one runs alone.
    std::mutex& owner() { return owner_; }

    void post(Job* job) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            job_ = job;
            posted_.store(true, std::memory_order_release);
        }
        wake_.notify_one();
    }

    // True when the helper had not taken the job yet: it never will, and the
    // job may go. False: it took it; wait for job->helper_done.
    bool withdraw(Job* job) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (job_ != job)
            return false;
        job_ = nullptr;
        posted_.store(false, std::memory_order_relaxed);
        return true;
    }

  private:
    void loop() {
        for (;;) {
            Job* job = nullptr;
            spin_for_a_job();
            {
                // Taken under the lock withdraw() holds, so a job is either
                // taken or withdrawn, never both.
                std::unique_lock<std::mutex> lock(mutex_);
                wake_.wait(lock, [this] { return job_ != nullptr; });
                job = job_;
                job_ = nullptr;
                posted_.store(false, std::memory_order_relaxed);
            }
            claim_chunks(*job);
            job->helper_done.store(true, std::memory_order_release);  // the last touch
        }
    }

    // A decode step's products come microseconds apart: after a job the
    // helper watches for the next one a short while before it sleeps, as
    // OpenMP's workers do, since waking a sleeping thread takes longer than
    // a small product.
    void spin_for_a_job() {
        const auto until = std::chrono::steady_clock::now() + kSpin;
        while (!posted_.load(std::memory_order_acquire)) {
            for (int i = 0; i < 64; ++i)
                pause();
            if (std::chrono::steady_clock::now() > until)
                return;
        }
    }

    static void pause() {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#endif
    }

    static constexpr std::chrono::microseconds kSpin{200};
    std::atomic<bool> posted_{false};
    std::mutex owner_;
    std::mutex mutex_;
    std::condition_variable wake_;
    Job* job_ = nullptr;
    std::thread thread_;
};

// Never destroyed: the detached thread may sleep on its members at exit.
Helper& helper() {
    static Helper* instance = new Helper;
    return *instance;
}

}  // namespace

void run_on_two_threads(int64_t count, int64_t chunk,
                        const std::function<void(int64_t, int64_t)>& work) {
    Job job;
    job.count = count;
    job.chunk = std::max<int64_t>(1, chunk);
    job.work = &work;
    Helper& pool = helper();
    std::unique_lock<std::mutex> owner(pool.owner(), std::try_to_lock);
    if (!owner.owns_lock()) {  // another product has the helper: this one runs alone
        claim_chunks(job);
        return;
    }
    pool.post(&job);
    claim_chunks(job);
    if (pool.withdraw(&job))
        return;
    // The helper is on its last chunk: a few microseconds.
    while (!job.helper_done.load(std::memory_order_acquire))
        std::this_thread::yield();
}

bool second_thread_allowed() {
    static const bool cpus = std::thread::hardware_concurrency() >= 2;
    return cpus && at::get_num_threads() >= 2 && blas_threads() != 1 && !at::in_parallel_region();
}

void parallel_chunks(int64_t count, int64_t chunk,
                     const std::function<void(int64_t, int64_t)>& work) {
    if (count > chunk && second_thread_allowed())
        run_on_two_threads(count, chunk, work);
    else
        work(0, count);
}

}  // namespace facellava::model::cpu_helper_thread
