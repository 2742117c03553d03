// KernelTrace: LibTorch's profiler (Kineto) around a region of a benchmark,
// its Chrome trace written to a file — which kernels a step spends its time
// in, to decide what to fuse next (`facellava bench --train-trace FILE`; open
// the file in Perfetto or chrome://tracing).
#pragma once

#include <string>

namespace facellava::model::bench {

class KernelTrace {
  public:
    // Before the work to be traced: records nothing and saves it to `path`
    // (then removes it), so a LibTorch without Kineto or a file that cannot
    // be written fail at once. Throws facellava::Error naming the path.
    static void check(const std::string& path);

    // Starts recording LibTorch's operators on the CPU and, with `cuda`, the
    // CUDA kernels and copies they launch. Throws facellava::Error when the
    // profiler cannot start (one is already running).
    KernelTrace(std::string path, bool cuda);
    // Stops recording without writing anything when finish() was not called
    // (an exception left the region).
    ~KernelTrace();
    KernelTrace(const KernelTrace&) = delete;
    KernelTrace& operator=(const KernelTrace&) = delete;

    // Stops recording and writes the trace to the path. Throws
    // facellava::Error naming the path when it cannot be written.
    void finish();

  private:
    std::string path_;
    bool active_ = false;
};

}  // namespace facellava::model::bench
