// A second thread for the CPU kernels (quantized products, the skinny GEMM,
// the decode attention), because at::parallel_for does not split work in
// our code: ATen's OpenMP branch of it is a header template compiled only
// under _OPENMP, and this project does not compile with -fopenmp (it would
// tie the build to one OpenMP runtime, and PyTorch's wheels bundle their
// own), so in our translation units it runs every chunk on the calling
// thread whatever at::get_num_threads() says. Measured on the 2-vCPU EPYC
// build machine: a 7B-shape int8 layer streamed 15 GB/s through
// at::parallel_for and 26 GB/s through this helper; one thread streamed the
// 32000x1024 lm_head at 19 GB/s, two at 29-32, as fast as OpenBLAS's gemv.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>

namespace facellava::model::cpu_helper_thread {

// Runs work(begin, end) over [0, count) in chunks of `chunk`, claimed from a
// shared counter by the calling thread and one helper thread (started at the
// first call, kept for the process). The caller never waits for the helper to
// start: a helper that is late, or busy with another caller's product, leaves
// the chunks to the caller. Returns when every chunk is done.
void run_on_two_threads(int64_t count, int64_t chunk,
                        const std::function<void(int64_t, int64_t)>& work);

// Whether a second thread may help now: the CPU has two, LibTorch's thread
// setting (--threads) allows two, this is not already a parallel region, and
// OpenBLAS was not held to one thread (--threads 1, or several files analysed
// at once, each on its own thread).
bool second_thread_allowed();

// run_on_two_threads where count > chunk and second_thread_allowed(), else
// work(0, count) on the calling thread. The chunks' bounds do not depend on
// which thread takes them, so a kernel whose chunks compute independently
// gives the same results either way.
void parallel_chunks(int64_t count, int64_t chunk,
                     const std::function<void(int64_t, int64_t)>& work);

}  // namespace facellava::model::cpu_helper_thread
