#include "parallel_frame_faces.h"

#include <algorithm>
#include <optional>
#include <thread>

#include "facellava/model/runtime.h"

namespace facellava::pipeline {

int resolved_frame_workers(const AnalysisOptions& options) {
    if (options.frame_workers > 0)
        return options.frame_workers;
    const int cores = int(std::max(1u, std::thread::hardware_concurrency()));
    return std::clamp(cores / std::max(1, model::cpu_threads()), 1, 4);
}

ParallelFrameFaces::ParallelFrameFaces(const AnalysisModels& models, const AnalysisOptions& options)
    : options_(options), pool_(size_t(resolved_frame_workers(options))) {
    for (size_t w = 0; w < pool_.size(); ++w)
        faces_.push_back(std::make_unique<FrameFaces>(models, options));
}

size_t ParallelFrameFaces::group_size() const {
    // One task per worker would leave a worker idle whenever its frame is
    // the quicker one; with several each, the tasks are handed out as workers
    // free up and only the last one of a group can leave a worker waiting.
    const size_t tasks_per_worker = faces_.size() > 1 ? 4 : 1;
    return faces_.size() * tasks_per_worker * size_t(std::max(1, options_.batch_frames));
}

size_t ParallelFrameFaces::prefetch_capacity(int prefetch_frames) const {
    return prefetch_frames > 0 ? size_t(prefetch_frames) + group_size() : 0;
}

std::optional<model::ScopedSingleThreadedBlas> ParallelFrameFaces::one_blas_thread_per_worker()
    const {
    // A pool of one runs the tasks inline, in order: the serial path, where
    // OpenBLAS may use its own threads.
    using Blas = std::optional<model::ScopedSingleThreadedBlas>;
    return faces_.size() > 1 ? Blas(std::in_place) : Blas();  // a prvalue: never moved
}

std::vector<FaceRecord> ParallelFrameFaces::run(const ImageRGB& frame) {
    return faces_.front()->run(frame);
}

std::vector<std::vector<FaceRecord>> ParallelFrameFaces::run_on_boxes(
    const std::vector<const ImageRGB*>& frames, const std::vector<std::vector<FaceBox>>& boxes) {
    std::vector<std::vector<FaceRecord>> found(frames.size());
    const auto blas = one_blas_thread_per_worker();
    pool_.run(frames.size(), [&](size_t i, size_t worker) {
        found[i] = faces_[worker]->run_on_boxes(*frames[i], boxes[i]);
    });
    return found;
}

std::vector<std::vector<FaceRecord>> ParallelFrameFaces::run_batch(
    const std::vector<const ImageRGB*>& frames) {
    std::vector<std::vector<FaceRecord>> found(frames.size());
    const size_t per_task = size_t(std::max(1, options_.batch_frames));
    const size_t tasks = (frames.size() + per_task - 1) / per_task;
    const auto blas = one_blas_thread_per_worker();
    pool_.run(tasks, [&](size_t t, size_t worker) {
        const size_t begin = t * per_task, end = std::min(frames.size(), begin + per_task);
        auto part =
            faces_[worker]->run_batch({frames.begin() + long(begin), frames.begin() + long(end)});
        std::move(part.begin(), part.end(), found.begin() + long(begin));
    });
    return found;
}

std::vector<std::vector<FaceRecord>> ParallelFrameFaces::run_each(
    size_t count, const std::function<ImageRGB(size_t)>& load) {
    std::vector<std::vector<FaceRecord>> found(count);
    const auto blas = one_blas_thread_per_worker();
    pool_.run(count, [&](size_t i, size_t worker) { found[i] = faces_[worker]->run(load(i)); });
    return found;
}

}  // namespace facellava::pipeline
