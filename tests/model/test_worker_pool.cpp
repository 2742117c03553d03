// WorkerPool: every task runs exactly once on a worker index below size(),
// the caller is worker 0, exceptions reach run() and leave the pool usable,
// and many jobs in a row reuse the same threads.
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

#include "worker_pool.h"

namespace facellava::pipeline {
namespace {

TEST(WorkerPool, RunsEveryTaskOnceOnTheWorkers) {
    WorkerPool pool(3);
    ASSERT_EQ(pool.size(), 3u);
    std::vector<std::atomic<int>> runs(100);
    std::mutex mutex;
    std::set<std::thread::id> threads;
    pool.run(runs.size(), [&](size_t task, size_t worker) {
        ASSERT_LT(worker, pool.size());
        ++runs[task];
        std::lock_guard<std::mutex> lock(mutex);
        threads.insert(std::this_thread::get_id());
    });
    for (size_t i = 0; i < runs.size(); ++i)
        EXPECT_EQ(runs[i].load(), 1) << "task " << i;
    EXPECT_LE(threads.size(), 3u);
}

TEST(WorkerPool, PoolOfOneRunsInlineInOrder) {
    WorkerPool pool(1);
    std::vector<size_t> order;
    const auto caller = std::this_thread::get_id();
    pool.run(5, [&](size_t task, size_t worker) {
        EXPECT_EQ(worker, 0u);
        EXPECT_EQ(std::this_thread::get_id(), caller);
        order.push_back(task);
    });
    EXPECT_EQ(order, (std::vector<size_t>{0, 1, 2, 3, 4}));
}

TEST(WorkerPool, WorkersRunConcurrently) {
    // Two tasks that each wait for the other: finishes only when both run at once.
    WorkerPool pool(2);
    std::atomic<int> arrived{0};
    pool.run(2, [&](size_t, size_t) {
        ++arrived;
        while (arrived.load() < 2)
            std::this_thread::yield();
    });
    EXPECT_EQ(arrived.load(), 2);
}

TEST(WorkerPool, ExceptionReachesRunAndThePoolStaysUsable) {
    WorkerPool pool(2);
    EXPECT_THROW(pool.run(10,
                          [](size_t task, size_t) {
                              if (task == 3)
                                  throw std::runtime_error("frame 3 failed");
                          }),
                 std::runtime_error);
    std::atomic<int> done{0};
    pool.run(10, [&](size_t, size_t) { ++done; });
    EXPECT_EQ(done.load(), 10);
}

TEST(WorkerPool, ManyJobsInARow) {
    WorkerPool pool(2);
    std::atomic<long> sum{0};
    for (int job = 0; job < 2000; ++job)
        pool.run(3, [&](size_t task, size_t) { sum += long(task); });
    EXPECT_EQ(sum.load(), 2000L * 3);
    pool.run(0, [](size_t, size_t) { FAIL() << "no task to run"; });
}

}  // namespace
}  // namespace facellava::pipeline
