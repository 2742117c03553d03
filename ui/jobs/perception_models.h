// The face nets shared by every analysis of the workbench: face-api's four
// nets and, when dlib's landmarks are chosen, dlib's shape predictor; the
// face mesh and the identity / presentation-attack nets when the optional
// outputs ask for them. Loaded
// on first use on the calling (worker) thread, never on the GUI thread; both
// are immutable and thread-safe once loaded, so one instance serves every job.
// Analyses run through the pipeline's MediaAnalyzer, the code `facellava
// analyze` and `batch` write faces.csv with, so the window and the CSV agree.
#pragma once

#include <array>
#include <memory>
#include <mutex>

#include "facellava/core/assets.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/analysis_options.h"

namespace facellava::pipeline {
class MediaAnalyzer;
}

namespace facellava::ui {

class PerceptionModels {
  public:
    explicit PerceptionModels(AssetLocator assets);
    ~PerceptionModels();

    // The models `options` need, loaded once and shared. Throws
    // facellava::Error (missing asset, with the fix command) on failure.
    pipeline::AnalysisModels models(const pipeline::AnalysisOptions& options);
    // A MediaAnalyzer on these models that analyses on the calling thread
    // (one frame worker, nothing decoded ahead: speed settings only, the
    // faces are the same). One per thread, as MediaAnalyzer requires.
    std::unique_ptr<pipeline::MediaAnalyzer> analyzer(pipeline::AnalysisOptions options);
    const AssetLocator& assets() const { return assets_; }

  private:
    AssetLocator assets_;
    std::mutex mutex_;
    std::shared_ptr<const perception::FaceAnalyzer> faceapi_;
    std::shared_ptr<const DlibLandmarker> dlib_landmarks_;
    // Loaded when an analysis first asks for an optional output (Settings).
    std::shared_ptr<const perception::FaceMeshNet> mesh_faceapi_;    // face-api / dlib boxes
    std::shared_ptr<const perception::FaceMeshNet> mesh_blazeface_;  // BlazeFace boxes
    // Indexed by identity · 2 + presentation attack (index 0 unused).
    std::array<std::shared_ptr<const perception::FaceDescriptorNets>, 4> descriptors_;
};

}  // namespace facellava::ui
