#include "runtime/device_choice.h"

#include "facellava/core/error.h"

namespace facellava::model {

torch::Device resolve_device(const std::string& name) {
    if (name == "auto")
        return torch::cuda::is_available() ? torch::Device(torch::kCUDA, 0)
                                           : torch::Device(torch::kCPU);
    try {
        torch::Device device(name);
        if (device.is_cuda() && !torch::cuda::is_available()) {
            throw Error("device '" + name + "' requested but no CUDA device is visible", "",
                        "use --device cpu, or check the GPU driver");
        }
        return device;
    } catch (const c10::Error&) {
        throw Error("unknown device '" + name + "'", "", "use auto, cpu, cuda or cuda:N");
    }
}

torch::Dtype resolve_dtype(const std::string& name, const torch::Device& device) {
    if (name == "auto")
        return device.is_cuda() ? torch::kBFloat16 : torch::kFloat32;
    if (name == "float32" || name == "fp32")
        return torch::kFloat32;
    if (name == "bfloat16" || name == "bf16")
        return torch::kBFloat16;
    if (name == "float16" || name == "fp16")
        return torch::kFloat16;
    throw Error("unknown dtype '" + name + "'", "", "use auto, float32, bfloat16 or float16");
}

const char* dtype_name(torch::Dtype dtype) {
    switch (dtype) {
        case torch::kFloat32:
            return "float32";
        case torch::kBFloat16:
            return "bfloat16";
        case torch::kFloat16:
            return "float16";
        case torch::kFloat64:
            return "float64";
        case torch::kInt64:
            return "int64";
        case torch::kInt32:
            return "int32";
        case torch::kInt16:
            return "int16";
        case torch::kInt8:
            return "int8";
        case torch::kUInt8:
            return "uint8";
        case torch::kBool:
            return "bool";
        default:
            return "other";
    }
}

}  // namespace facellava::model
