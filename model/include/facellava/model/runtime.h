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
int cpu_threads();
void set_cpu_threads(int threads);

}  // namespace facellava::model
