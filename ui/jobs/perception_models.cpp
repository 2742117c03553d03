#include "jobs/perception_models.h"

#include "facellava/core/faces.h"
#include "facellava/model/face_analyzer.h"

namespace facellava::ui {

PerceptionModels::PerceptionModels(AssetLocator assets) : assets_(std::move(assets)) {}
PerceptionModels::~PerceptionModels() = default;

const perception::FaceAnalyzer& PerceptionModels::analyzer() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!analyzer_)
        analyzer_ = std::make_unique<perception::FaceAnalyzer>(assets_);
    return *analyzer_;
}

const DlibLandmarker& PerceptionModels::dlibLandmarker() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!landmarker_)
        landmarker_ = std::make_unique<DlibLandmarker>(assets_.dlib_shape_predictor());
    return *landmarker_;
}

}  // namespace facellava::ui
