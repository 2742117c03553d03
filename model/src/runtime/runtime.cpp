#include "facellava/model/runtime.h"

#include <ATen/Parallel.h>
#include <dlfcn.h>

#include <torch/version.h>
#include <mutex>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "torch_pch.h"

#if defined(__has_include)
#if __has_include(<c10/cuda/CUDAFunctions.h>) && __has_include(<cuda_runtime_api.h>)
#include <c10/cuda/CUDAFunctions.h>
#include <cuda_runtime_api.h>
#define FACELLAVA_HAVE_CUDA_HEADERS 1
#endif
#endif

namespace facellava::model {

std::string torch_version() {
    return TORCH_VERSION;
}

bool cuda_available() {
    return torch::cuda::is_available();
}

std::vector<CudaDeviceInfo> cuda_devices() {
    std::vector<CudaDeviceInfo> devices;
    if (!torch::cuda::is_available())
        return devices;
    const int count = int(torch::cuda::device_count());
    for (int i = 0; i < count; ++i) {
        CudaDeviceInfo info;
        info.index = i;
#ifdef FACELLAVA_HAVE_CUDA_HEADERS
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) == cudaSuccess) {
            info.name = prop.name;
            info.total_memory_bytes = int64_t(prop.totalGlobalMem);
            info.compute_major = prop.major;
            info.compute_minor = prop.minor;
        }
#else
        info.name = "CUDA device " + std::to_string(i);
#endif
        devices.push_back(info);
    }
    return devices;
}

namespace {

// OpenBLAS keeps its own thread pool, sized to every core and blind to
// at::set_num_threads(). Its idle threads spin in sched_yield, so next to
// LibTorch's threads (or our frame workers) they steal the cores they wait
// for. Found by name at run time: present with Debian's OpenBLAS, absent with
// the wheel's MKL, where this is a no-op.
using BlasSetThreads = void (*)(int);
using BlasGetThreads = int (*)();

BlasSetThreads openblas_set_threads() {
    static const auto fn =
        reinterpret_cast<BlasSetThreads>(::dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
    return fn;
}

BlasGetThreads openblas_get_threads() {
    static const auto fn =
        reinterpret_cast<BlasGetThreads>(::dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
    return fn;
}

}  // namespace

int cpu_threads() {
    return at::get_num_threads();
}

int blas_threads() {
    const auto get = openblas_get_threads();
    return get ? get() : 0;
}

void init_worker_thread() {
    at::init_num_threads();
}

void set_cpu_threads(int threads) {
    if (threads <= 0)
        return;
    at::set_num_threads(threads);
    if (const auto set = openblas_set_threads())
        set(threads);
}

void set_heap_reuse(bool reuse) {
#if defined(__GLIBC__)
    // glibc returns freed memory at the top of the heap to the kernel as soon
    // as 128 KiB of it is free, and serves blocks over 128 KiB–32 MiB by mmap.
    // The perception nets allocate and free tens of MiB of activations per
    // frame, so every frame paid page faults and page clearing again: a third
    // of the CPU time went to the kernel (`perf`, 2-core VM). Keeping up to
    // 512 MiB of freed heap and serving blocks up to 32 MiB from it made the
    // serial perception pipeline 1.6–2× faster with the same peak RSS
    // (`facellava bench --suite perception`, "heap_reuse" row).
    constexpr int kGlibcDefault = 128 << 10;
    mallopt(M_MMAP_THRESHOLD, reuse ? 32 << 20 : kGlibcDefault);
    mallopt(M_TRIM_THRESHOLD, reuse ? 512 << 20 : kGlibcDefault);
#else
    (void)reuse;
#endif
}

void configure_cpu_runtime() {
    set_heap_reuse(true);
}

namespace {
std::mutex blas_scope_mutex;
int blas_scopes = 0;          // ScopedSingleThreadedBlas objects alive
int blas_threads_before = 0;  // OpenBLAS's count when the first one began
}  // namespace

ScopedSingleThreadedBlas::ScopedSingleThreadedBlas() {
    const auto set = openblas_set_threads();
    const auto get = openblas_get_threads();
    if (!set || !get)
        return;
    std::lock_guard<std::mutex> lock(blas_scope_mutex);
    if (blas_scopes++ == 0) {
        blas_threads_before = get();
        set(1);
    }
}

ScopedSingleThreadedBlas::~ScopedSingleThreadedBlas() {
    const auto set = openblas_set_threads();
    if (!set || !openblas_get_threads())
        return;
    std::lock_guard<std::mutex> lock(blas_scope_mutex);
    if (--blas_scopes == 0)
        set(blas_threads_before);
}

ScopedCpuThreads::ScopedCpuThreads() : cpu_threads_(cpu_threads()), blas_threads_(blas_threads()) {}

ScopedCpuThreads::~ScopedCpuThreads() {
    at::set_num_threads(cpu_threads_);
    if (const auto set = openblas_set_threads(); set && blas_threads_ > 0)
        set(blas_threads_);
}

}  // namespace facellava::model
