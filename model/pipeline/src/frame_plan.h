// Which frames of a video the analysis visits (AnalysisOptions::every_nth_frame
// / target_fps), as a stream of increasing indices.
#pragma once

#include <cstdint>

#include "facellava/pipeline/analysis_options.h"

namespace facellava::pipeline {

class FramePlan {
  public:
    FramePlan(const AnalysisOptions& options, int64_t frame_count, double fps);

    // True when every frame is visited: the caller may decode sequentially.
    bool every_frame() const { return step_ <= 1.0; }
    // The next index to visit, or -1 after the last.
    int64_t next();
    // How many indices next() yields in all.
    int64_t total() const { return total_; }

  private:
    int64_t index_of(int64_t j) const;

    double step_ = 1.0;  // frames between visits (≥ 1; fractional for a target fps)
    int64_t frame_count_ = 0;
    int64_t total_ = 0;
    int64_t j_ = 0;
};

}  // namespace facellava::pipeline
