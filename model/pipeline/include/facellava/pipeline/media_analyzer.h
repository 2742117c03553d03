// Analyses one image or video file: every face's box, 68 landmarks, head pose,
// geometry, expression, age and gender (and Face-LLaVA's answers when a
// checkpoint is loaded), with face ids kept stable across video frames
// (FaceTracker). Records stream out through a callback as each frame is done:
// one decoded frame is held at a time, so memory does not grow with the video.
//
// Thread-safety: a MediaAnalyzer owns per-thread state (dlib's detector when
// chosen): one per thread. They may share one AnalysisModels.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/face_tracker.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

struct AnalysisCallbacks {
    // Every record of the file, frame by frame, in face-id order within a
    // frame; an analysed frame without faces gives one record with success false.
    FaceSink on_face;
    // After each analysed frame: frames done and the number that will be
    // analysed (known once the file is open).
    std::function<void(int64_t done, int64_t total)> on_frame;
    // Optional: after the records of an analysed frame, the decoded frame
    // itself and those records (the crops and overlay videos of a batch are
    // drawn from it, so they show exactly the rows of faces.csv).
    std::function<void(const ImageRGB& frame, const std::vector<FaceRecord>& records)>
        on_frame_image;
    // Checked before each frame, and by Face-LLaVA, which leaves the answers
    // it stopped empty (the file is then reported cancelled).
    const std::atomic<bool>* cancel = nullptr;
};

class MediaAnalyzer {
  public:
    // Validates the options (facellava::Error) and checks that `models` holds
    // what they need. Keeps its own copy of both.
    MediaAnalyzer(AnalysisModels models, AnalysisOptions options);
    ~MediaAnalyzer();
    MediaAnalyzer(const MediaAnalyzer&) = delete;
    MediaAnalyzer& operator=(const MediaAnalyzer&) = delete;

    // Throws facellava::Error naming the file when it is no image or video we
    // can read, or fails before its first frame. A video that breaks off later
    // keeps the frames read so far and says so in MediaSummary::warning.
    MediaSummary analyze_file(const std::string& path, const AnalysisCallbacks& callbacks);

    // The faces of one decoded still image (frame 0), with ids given left to
    // right (FaceTracker's order for new faces), a no-face record when none:
    // exactly the rows faces.csv gets for the image. The workbench analyses
    // what it shows through this, so the window and the CSV agree.
    std::vector<FaceRecord> analyze_image(const ImageRGB& image,
                                          const std::atomic<bool>* cancel = nullptr);
    // The faces of one frame of a sequence the caller decodes (e.g. sampled
    // video frames), with ids from `tracker` (one per sequence, made from
    // options().tracker), sorted by id, a no-face record when none: the rows
    // analyze_file() gives a video when it visits the same frames.
    std::vector<FaceRecord> analyze_frame(const ImageRGB& frame, int64_t index, double timestamp_s,
                                          FaceTracker& tracker,
                                          const std::atomic<bool>* cancel = nullptr);

    const AnalysisOptions& options() const;
    const AnalysisModels& models() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace facellava::pipeline
