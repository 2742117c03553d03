// What the LibTorch runtime offers on this machine: version, CUDA devices,
// CPU threads. Torch-free so the CLI and GUI can report it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace facellava::model {

struct CudaDeviceInfo {
    int index = 0;
    std::string name;
    int64_t total_memory_bytes = 0;
    int compute_major = 0;
    int compute_minor = 0;
};

std::string torch_version();
bool cuda_available();
std::vector<CudaDeviceInfo> cuda_devices();
// LibTorch's intra-op threads.
int cpu_threads();
// OpenBLAS's threads (0 when LibTorch does not use OpenBLAS).
int blas_threads();
// Sets LibTorch's threads and OpenBLAS's to `threads` (ignored when ≤ 0): an
// explicit count governs every CPU kernel, so workers × threads can match the
// cores. Without a call OpenBLAS keeps its own pool of one thread per core.
void set_cpu_threads(int threads);
// For a thread of our own that runs LibTorch kernels: LibTorch keeps its
// intra-op thread count per OS thread, and a new thread would otherwise use
// every core on top of the other workers. Call once at the thread's start.
void init_worker_thread();
// Process-wide CPU settings for our workload, once at start-up: keeps freed
// heap memory for reuse instead of returning it to the kernel on every free
// (see runtime.cpp).
void configure_cpu_runtime();
// true: configure_cpu_runtime()'s heap settings; false: glibc's fixed
// defaults (for the perception bench's same-run comparison).
void set_heap_reuse(bool reuse);

// While one of these exists, OpenBLAS runs every call on its calling thread
// alone: for code that already runs one worker per core. OpenBLAS's own pool
// (every core, idle threads spinning) is what a single caller wants — LLM
// decoding's matrix-vector products reach the memory bandwidth only with it,
// 41 against 72 ms/token on 2 cores — but next to other busy workers its
// threads take the cores those workers need (2 perception frame workers:
// 1.0–1.2× instead of 1.5–1.9× the serial speed). Nested and concurrent
// scopes count; the last to end restores the count the first one found.
// No-op when LibTorch does not use OpenBLAS.
class ScopedSingleThreadedBlas {
  public:
    ScopedSingleThreadedBlas();
    ~ScopedSingleThreadedBlas();
    ScopedSingleThreadedBlas(const ScopedSingleThreadedBlas&) = delete;
    ScopedSingleThreadedBlas& operator=(const ScopedSingleThreadedBlas&) = delete;
};

// Restores LibTorch's and OpenBLAS's thread counts as they were when it was
// made: for code that tries several (a benchmark suite), so what runs after
// it gets the process's own settings.
class ScopedCpuThreads {
  public:
    ScopedCpuThreads();
    ~ScopedCpuThreads();
    ScopedCpuThreads(const ScopedCpuThreads&) = delete;
    ScopedCpuThreads& operator=(const ScopedCpuThreads&) = delete;

  private:
    int cpu_threads_;
    int blas_threads_;  // 0: no OpenBLAS
};

}  // namespace facellava::model
