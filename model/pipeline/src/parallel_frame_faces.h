// FrameFaces on several frames at once, one worker thread per frame (or per
// options.batch_frames frames), each with its own FrameFaces. On a CPU the
// face-api nets run one thread per worker best: their convolutions are too
// small to split across cores, so whole frames are (`facellava bench --suite
// perception`). Results come back in the frames' order and equal the serial
// path's within float rounding.
//
// Thread-safety: one thread calls run_batch() at a time.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "facellava/model/runtime.h"
#include "facellava/pipeline/analysis_models.h"
#include "frame_faces.h"
#include "worker_pool.h"

namespace facellava::pipeline {

// options.frame_workers, or when it is 0 (auto) the cores left per LibTorch
// thread count (cores / cpu_threads()), at most 4 (memory: each worker holds
// a frame's activations).
int resolved_frame_workers(const AnalysisOptions& options);

class ParallelFrameFaces {
  public:
    ParallelFrameFaces(const AnalysisModels& models, const AnalysisOptions& options);

    int workers() const { return int(faces_.size()); }
    // Frames one run_batch() call should get to keep every worker busy:
    // 4 tasks of options.batch_frames frames per worker (1 task with one worker).
    size_t group_size() const;

    // Frames to decode ahead for `prefetch_frames` (AnalysisOptions): that
    // many beyond a whole group, so the next group is ready while the workers
    // analyse this one (0 stays 0: the serial path).
    size_t prefetch_capacity(int prefetch_frames) const;

    // Faces of one frame, on the calling thread.
    std::vector<FaceRecord> run(const ImageRGB& frame);
    // FrameFaces::run_on_boxes() of each frame with its boxes, one frame per
    // worker, in order (key-frame tracking: the frames one prediction covers).
    std::vector<std::vector<FaceRecord>> run_on_boxes(
        const std::vector<const ImageRGB*>& frames, const std::vector<std::vector<FaceBox>>& boxes);
    // Faces of each frame, in order; frames split into runs of batch_frames,
    // each through one worker's FrameFaces::run_batch().
    std::vector<std::vector<FaceRecord>> run_batch(const std::vector<const ImageRGB*>& frames);

    // Faces of `count` independent images (photos), in order, each decoded
    // by `load(i)` on the worker that analyses it: unlike a video's frames,
    // photos decode independently, so decoding spreads over the workers too.
    std::vector<std::vector<FaceRecord>> run_each(size_t count,
                                                  const std::function<ImageRGB(size_t)>& load);

  private:
    // Held while the workers run: OpenBLAS at one thread when there are
    // several workers (its own pool would take the cores they need).
    std::optional<model::ScopedSingleThreadedBlas> one_blas_thread_per_worker() const;

    const AnalysisOptions& options_;
    std::vector<std::unique_ptr<FrameFaces>> faces_;  // one per worker
    WorkerPool pool_;
};

}  // namespace facellava::pipeline
