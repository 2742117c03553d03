// One frame's faces: detection, 68 landmarks, face-api perception, head pose
// and geometry. Face ids and Face-LLaVA answers are added by the caller.
//
// Thread-safety: holds a dlib detector when that is chosen, which is not
// thread-safe: one FrameFaces per thread.
#pragma once

#include <memory>
#include <vector>

#include "facellava/core/faces.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

class FrameFaces {
  public:
    FrameFaces(const AnalysisModels& models, const AnalysisOptions& options);

    // Faces found, largest first, at most options.max_faces; face_id unset.
    std::vector<FaceRecord> run(const ImageRGB& frame);
    // run() of several frames, with face-api's detector and nets each called
    // once for all of them (one batch); equal to run() within float rounding.
    std::vector<std::vector<FaceRecord>> run_batch(const std::vector<const ImageRGB*>& frames);
    // The nets only, on the boxes given (key-frame tracking: boxes predicted
    // from the previous frame's landmarks, keyframe_tracking.h): records as
    // run() makes them, one per box in `boxes` order (box.score: the raw
    // detector score the caller carries). Boxes must overlap the frame.
    std::vector<FaceRecord> run_on_boxes(const ImageRGB& frame, const std::vector<FaceBox>& boxes);

  private:
    // Usable boxes, largest first, at most max_faces.
    std::vector<FaceBox> select(std::vector<FaceBox> boxes, const ImageRGB& frame) const;
    std::vector<FaceRecord> records(const ImageRGB& frame, const std::vector<FaceBox>& boxes,
                                    const std::vector<perception::FacePerception>& perceived);

    const AnalysisModels& models_;
    const AnalysisOptions& options_;
    std::unique_ptr<DlibFaceDetector> dlib_detector_;
};

}  // namespace facellava::pipeline
