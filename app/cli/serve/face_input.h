// From a request's images to what Face-LLaVA takes: each image's chosen face
// (largest, by index, by box or by 68 landmarks) as the authors' square crop
// with its landmarks normalised to it — found with the same face-api
// detector and landmark net as `analyze`, `batch` and the GUI's "Ask
// Face-LLaVA" (pipeline/face_answers.h's face_llava_input), so the server
// answers about the face those tools show.
//
// Thread-safety: one MediaAnalyzer per worker slot (AdmissionGate), made on
// first use; a slot is held by one request at a time.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "facellava/model/engine.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/media_analyzer.h"
#include "openai_types.h"

namespace facellava::cli::serve {

class FaceInputs {
  public:
    FaceInputs(const pipeline::AnalysisModels& models, pipeline::AnalysisOptions options,
               int slots);

    // The analyzer of a worker slot (its detector state is per thread).
    pipeline::MediaAnalyzer& analyzer(int slot);

    // The chosen face of `image` (frame `index` of the request, for messages).
    // Throws ApiError 400 when no face is found or the choice names none.
    model::FaceFrame face_of(int slot, const ImageRGB& image, const FaceChoice& choice,
                             const std::string& param);

    // `count` frames sampled uniformly from a video file (each frame's chosen
    // face; frames without one are skipped). Throws ApiError when it cannot
    // be read or no frame shows a face.
    std::vector<model::FaceFrame> video_faces(int slot, const std::string& path, int count,
                                              int64_t max_pixels, const FaceChoice& choice);

  private:
    const pipeline::AnalysisModels& models_;
    pipeline::AnalysisOptions options_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<pipeline::MediaAnalyzer>> analyzers_;
};

}  // namespace facellava::cli::serve
