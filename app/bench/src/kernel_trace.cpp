#include "kernel_trace.h"

#include <torch/csrc/autograd/profiler_kineto.h>

#include <cstdio>
#include <set>
#include <utility>

#include "facellava/core/error.h"

namespace facellava::model::bench {
namespace {

namespace profiler = torch::autograd::profiler;
using torch::profiler::impl::ActivityType;
using torch::profiler::impl::ProfilerConfig;
using torch::profiler::impl::ProfilerState;

void start(const ProfilerConfig& config, const std::set<ActivityType>& activities) {
    profiler::prepareProfiler(config, activities);
    profiler::enableProfiler(config, activities);
}

// LibTorch's profiler's failures, named with the file and what to do.
[[noreturn]] void rethrow(const c10::Error& e, const std::string& path) {
    const std::string why = e.what_without_backtrace();
    if (why.find("Kineto") != std::string::npos)
        throw Error("this LibTorch cannot write kernel traces: " + why, path,
                    "run without the trace option, or with the LibTorch of PyTorch's wheels "
                    "(built with Kineto), as scripts/gpu-check.sh does");
    throw Error("LibTorch's kernel profiler failed: " + why, path,
                "check that the folder is writable and the disk has room");
}

}  // namespace

void KernelTrace::check(const std::string& path) {
    const std::set<ActivityType> activities{ActivityType::CPU};
    try {
        start(ProfilerConfig(ProfilerState::KINETO), activities);
        const auto empty = profiler::disableProfiler();
        if (empty)
            empty->save(path);
    } catch (const c10::Error& e) {
        std::remove(path.c_str());
        rethrow(e, path);
    }
    std::remove(path.c_str());
}

KernelTrace::KernelTrace(std::string path, bool cuda) : path_(std::move(path)) {
    std::set<ActivityType> activities{ActivityType::CPU};
    if (cuda)
        activities.insert(ActivityType::CUDA);
    try {
        start(ProfilerConfig(ProfilerState::KINETO), activities);
    } catch (const c10::Error& e) {
        rethrow(e, path_);
    }
    active_ = true;
}

KernelTrace::~KernelTrace() {
    if (!active_)
        return;
    try {
        profiler::disableProfiler();
    } catch (...) {
        // Leaving a failed region: its own error is the one to report.
    }
}

void KernelTrace::finish() {
    if (!active_)
        return;
    active_ = false;
    try {
        const auto result = profiler::disableProfiler();
        if (!result)
            throw Error("LibTorch's profiler returned no events", path_, "");
        result->save(path_);
    } catch (const c10::Error& e) {
        rethrow(e, path_);
    }
}

}  // namespace facellava::model::bench
