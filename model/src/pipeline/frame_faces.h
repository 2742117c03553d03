// One frame's faces: detection, 68 landmarks, face-api perception, head pose
// and geometry. Face ids and Face-LLaVA answers are added by the caller.
//
// Thread-safety: holds a dlib detector when that is chosen, which is not
// thread-safe: one FrameFaces per thread.
#pragma once

#include <memory>
#include <vector>

#include "facellava/core/faces.h"
#include "facellava/model/pipeline/analysis_models.h"
#include "facellava/model/pipeline/face_record.h"

namespace facellava::pipeline {

class FrameFaces {
  public:
    FrameFaces(const AnalysisModels& models, const AnalysisOptions& options);

    // Faces found, largest first, at most options.max_faces; face_id unset.
    std::vector<FaceRecord> run(const ImageRGB& frame);

  private:
    std::vector<FaceBox> detect(const ImageRGB& frame);

    const AnalysisModels& models_;
    const AnalysisOptions& options_;
    std::unique_ptr<DlibFaceDetector> dlib_detector_;
};

}  // namespace facellava::pipeline
