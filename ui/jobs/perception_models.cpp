#include "jobs/perception_models.h"

#include "facellava/core/faces.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/pipeline/media_analyzer.h"

namespace facellava::ui {

PerceptionModels::PerceptionModels(AssetLocator assets) : assets_(std::move(assets)) {}
PerceptionModels::~PerceptionModels() = default;

pipeline::AnalysisModels PerceptionModels::models(const pipeline::AnalysisOptions& options) {
    std::lock_guard<std::mutex> lock(mutex_);
    // The same constructors as pipeline::load_analysis_models(), kept loaded
    // between analyses instead of read again for each frame.
    if (!faceapi_)
        faceapi_ = std::make_shared<const perception::FaceAnalyzer>(assets_);
    if (options.landmarks == pipeline::LandmarkKind::Dlib68 && !dlib_landmarks_)
        dlib_landmarks_ = std::make_shared<const DlibLandmarker>(assets_.dlib_shape_predictor());
    pipeline::AnalysisModels models;
    models.faceapi = faceapi_;
    if (options.landmarks == pipeline::LandmarkKind::Dlib68)
        models.dlib_landmarks = dlib_landmarks_;
    // The optional outputs' nets, as load_analysis_models() builds them.
    const pipeline::OptionalOutputs& outputs = options.output.outputs;
    if (outputs.needs_mesh()) {
        // The mesh crop's enlargement depends on how tight the detector's box is.
        const bool blazeface = options.detector == pipeline::DetectorKind::BlazeFace;
        auto& mesh = blazeface ? mesh_blazeface_ : mesh_faceapi_;
        if (!mesh)
            mesh = std::make_shared<const perception::FaceMeshNet>(
                assets_, true,
                blazeface ? perception::kBlazeFaceBoxScale : perception::kFaceApiBoxScale);
        models.mesh = mesh;
    }
    if (outputs.identity || outputs.pad) {
        // The nets run whatever they were loaded with: one instance per choice.
        auto& descriptors =
            descriptors_[size_t((outputs.identity ? 2 : 0) + (outputs.pad ? 1 : 0))];
        if (!descriptors) {
            perception::FaceDescriptorOptions descriptor_options;
            descriptor_options.identity = outputs.identity;
            descriptor_options.presentation_attack = outputs.pad;
            descriptors =
                std::make_shared<const perception::FaceDescriptorNets>(assets_, descriptor_options);
        }
        models.descriptors = descriptors;
    }
    return models;
}

std::unique_ptr<pipeline::MediaAnalyzer> PerceptionModels::analyzer(
    pipeline::AnalysisOptions options) {
    options.frame_workers = 1;
    options.prefetch_frames = 0;
    options.batch_frames = 1;
    return std::make_unique<pipeline::MediaAnalyzer>(models(options), std::move(options));
}

}  // namespace facellava::ui
