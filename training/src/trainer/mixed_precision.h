// bf16 autocast on CUDA (the recipe's bf16 with fp32 master weights): inside
// the guard, matmuls run in bf16 while parameters and optimiser state stay
// float32. CPU runs never enable it (fp32 only, so CPU results are exact).
// The autocast API changed in LibTorch 2.4; both spellings are handled here.
#pragma once

#include <ATen/autocast_mode.h>
#include <torch/version.h>

namespace facellava::training {

#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
inline bool cuda_autocast_enabled() {
    return at::autocast::is_autocast_enabled(at::kCUDA);
}
inline void set_cuda_autocast(bool on) {
    at::autocast::set_autocast_enabled(at::kCUDA, on);
}
inline at::ScalarType cuda_autocast_dtype() {
    return at::autocast::get_autocast_dtype(at::kCUDA);
}
inline void set_cuda_autocast_dtype(at::ScalarType t) {
    at::autocast::set_autocast_dtype(at::kCUDA, t);
}
#else
inline bool cuda_autocast_enabled() {
    return at::autocast::is_enabled();
}
inline void set_cuda_autocast(bool on) {
    at::autocast::set_enabled(on);
}
inline at::ScalarType cuda_autocast_dtype() {
    return at::autocast::get_autocast_gpu_dtype();
}
inline void set_cuda_autocast_dtype(at::ScalarType t) {
    at::autocast::set_autocast_gpu_dtype(t);
}
#endif

// Enables CUDA autocast for its scope (when `enabled`), restoring the previous
// state after; the cast cache is cleared when the outermost guard exits, as
// torch.autocast does.
class AutocastGuard {
  public:
    explicit AutocastGuard(bool enabled, at::ScalarType dtype = at::kBFloat16) : enabled_(enabled) {
        if (!enabled_)
            return;
        previous_ = cuda_autocast_enabled();
        previous_dtype_ = cuda_autocast_dtype();
        set_cuda_autocast(true);
        set_cuda_autocast_dtype(dtype);
        at::autocast::increment_nesting();
    }
    ~AutocastGuard() {
        if (!enabled_)
            return;
        if (at::autocast::decrement_nesting() == 0)
            at::autocast::clear_cache();
        set_cuda_autocast(previous_);
        set_cuda_autocast_dtype(previous_dtype_);
    }
    AutocastGuard(const AutocastGuard&) = delete;
    AutocastGuard& operator=(const AutocastGuard&) = delete;

  private:
    bool enabled_;
    bool previous_ = false;
    at::ScalarType previous_dtype_ = at::kBFloat16;
};

}  // namespace facellava::training
