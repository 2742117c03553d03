// Face-LLaVA's choice of video frames, written to reproduce numpy bit for bit:
// np.linspace(0, n - 1, k, dtype=int) computes i * step + start in doubles,
// sets the last value to exactly n - 1, then truncates toward zero.
#include "facellava/core/media.h"

namespace facellava {

std::vector<int64_t> uniform_indices(int64_t n_frames, int count) {
    std::vector<int64_t> indices;
    if (n_frames <= 0 || count <= 0)
        return indices;
    indices.reserve(static_cast<size_t>(count));
    const double stop = static_cast<double>(n_frames - 1);
    if (count == 1) {
        indices.push_back(0);  // numpy: linspace(0, stop, 1) == [0.]
        return indices;
    }
    const double step = stop / static_cast<double>(count - 1);
    for (int i = 0; i < count - 1; ++i) {
        indices.push_back(static_cast<int64_t>(static_cast<double>(i) * step + 0.0));
    }
    indices.push_back(n_frames - 1);
    return indices;
}

}  // namespace facellava
