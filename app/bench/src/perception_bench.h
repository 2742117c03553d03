// The `perception` suite: faces per second of face-api's detector, 68
// landmarks, expression and age/gender, through the analysis pipeline's own
// code (FrameFaces, MediaAnalyzer), on the demo photos and on a generated 720p
// video. Each input is run by the serial detect-then-nets path (decode, detect,
// nets one frame at a time on one thread) and by the overlapped one (decoding
// ahead on its own thread, faces of several frames batched through the nets),
// alternately in the same process, for each LibTorch thread count asked for;
// the ratio of the medians is the speed-up. A per-stage profile of the serial
// path (decode, detect, nets) says where the time goes.
//
// The `batch` suite: images and video frames per second of run_batch (the
// `facellava batch` job, perception only) on generated inputs, with the time
// spent decoding the same inputs alone, so the share of decoding in the job
// shows whether decoding or our code limits it. Peak RSS is reported too.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "io/json_config.h"

namespace facellava::model::bench {

struct MediaBenchSettings {
    int repeats = 3;
    std::vector<int> torch_threads;  // LibTorch intra-op threads to try; empty: the current count
    int video_frames = 48;           // frames of the generated 720p video
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(const std::string&)> log;
};

// Both throw facellava::Error when the build has no media support, the
// face-api nets are not installed, or on cancellation.
io::Json run_perception_bench(const MediaBenchSettings& settings);
io::Json run_batch_bench(const MediaBenchSettings& settings);

}  // namespace facellava::model::bench
