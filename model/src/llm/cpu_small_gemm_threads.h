// A second thread for the skinny GEMM (cpu_small_gemm.h) where LibTorch's
// pool has one. LibTorch sizes its pool by physical cores, so on a machine
// whose two vCPUs are hyperthreads of one core at::parallel_for runs on one
// thread, while OpenBLAS's gemv (the batch-1 decode step) runs on both: one
// thread streamed the 32000x1024 lm_head at 19 GB/s, two at 29-32, as fast
// as the gemv (2-vCPU EPYC, Zen 4).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace facellava::model::small_gemm_threads {

// Runs work(begin, end) over [0, count) in chunks of `chunk`, claimed from a
// shared counter by the calling thread and one helper thread (started at the
// first call, kept for the process). The caller never waits for the helper to
// start: a helper that is late, or busy with another caller's product, leaves
// the chunks to the caller. Returns when every chunk is done.
void run_on_two_threads(int64_t count, int64_t chunk,
                        const std::function<void(int64_t, int64_t)>& work);

}  // namespace facellava::model::small_gemm_threads
