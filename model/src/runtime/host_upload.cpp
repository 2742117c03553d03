#include "runtime/host_upload.h"

namespace facellava::model {

torch::Tensor upload(const torch::Tensor& host, const torch::TensorOptions& options) {
    const auto dtype = options.dtype().toScalarType();
    if (!host.is_cpu() || !options.device().is_cuda())
        return host.to(options.device(), dtype);
    // The model's dtype already on the host (half the bytes for bf16): a copy
    // that also casts would stage through pageable memory again.
    const auto packed = host.to(dtype).contiguous();
    return packed.pin_memory().to(options.device(), dtype, /*non_blocking=*/true);
}

}  // namespace facellava::model
