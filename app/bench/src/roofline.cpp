#include "roofline.h"

#include "bench_timer.h"

namespace facellava::model::bench {

Roofline measure_roofline(const torch::TensorOptions& options, int repeats) {
    torch::NoGradGuard no_grad;
    const auto device = options.device();
    Roofline r;
    // 2 GiB on a GPU (far past its 50–60 MB L2), 256 MiB on a CPU (past any
    // L3, small enough for a 2-core CI machine).
    const int64_t bytes = device.is_cuda() ? (int64_t(2) << 30) : (int64_t(256) << 20);
    auto src = torch::ones({bytes / 4}, options.dtype(torch::kFloat32));
    auto dst = torch::empty_like(src);
    const double copy_ms = median_ms(device, 1, std::max(3, repeats), [&] { dst.copy_(src); });
    r.copy_bytes = double(bytes);
    r.bandwidth_gb_s = 2.0 * double(bytes) / (copy_ms * 1e-3) / 1e9;

    r.matmul_n = device.is_cuda() ? 8192 : 1024;
    auto a = torch::randn({r.matmul_n, r.matmul_n}, options);
    auto b = torch::randn({r.matmul_n, r.matmul_n}, options);
    auto c = torch::empty({r.matmul_n, r.matmul_n}, options);
    const double mm_ms =
        median_ms(device, 2, std::max(3, repeats), [&] { torch::matmul_out(c, a, b); });
    r.matmul_tflop_s = 2.0 * std::pow(double(r.matmul_n), 3) / (mm_ms * 1e-3) / 1e12;
    return r;
}

}  // namespace facellava::model::bench
