#include "facellava/model/runtime.h"

#include <ATen/Parallel.h>
#include <torch/version.h>

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

int cpu_threads() {
    return at::get_num_threads();
}

void set_cpu_threads(int threads) {
    if (threads > 0)
        at::set_num_threads(threads);
}

}  // namespace facellava::model
