// The models an analysis runs, loaded once and shared by every worker thread
// (each is immutable after loading; see their headers).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/faces.h"
#include "facellava/model/blazeface_detector.h"
#include "facellava/model/engine.h"
#include "facellava/model/face_analyzer.h"
#include "facellava/model/face_descriptors.h"
#include "facellava/model/face_mesh.h"
#include "facellava/pipeline/analysis_options.h"

namespace facellava::pipeline {

// A file a model was loaded from, for metadata.json.
struct ModelFile {
    std::string role;  // e.g. "face-api expression net"
    std::string path;
};

struct AnalysisModels {
    // Always present: expression, age and gender come from face-api's nets,
    // and so do detection and landmarks unless dlib is chosen.
    std::shared_ptr<const perception::FaceAnalyzer> faceapi;
    // Present when the options ask for the BlazeFace detector or crops from
    // BlazeFace boxes (crop_source).
    std::shared_ptr<const perception::BlazeFaceDetector> blazeface;
    // Present when the options' outputs need the face mesh (mesh, gaze).
    std::shared_ptr<const perception::FaceMeshNet> mesh;
    // Present when the options' outputs ask for identity or presentation attack.
    std::shared_ptr<const perception::FaceDescriptorNets> descriptors;
    // Present when the options ask for dlib landmarks.
    std::shared_ptr<const DlibLandmarker> dlib_landmarks;
    // Present when a Face-LLaVA checkpoint was given.
    std::shared_ptr<const model::FaceLlavaEngine> engine;
    std::string checkpoint_dir;
    std::vector<ModelFile> files;
    double load_seconds = 0;
};

// Loads what `options` needs. Throws facellava::Error naming the missing or
// broken file and the command that fixes it.
AnalysisModels load_analysis_models(const AnalysisOptions& options, const AssetLocator& assets,
                                    const std::string& checkpoint_dir = {},
                                    const model::EngineOptions& engine_options = {});

}  // namespace facellava::pipeline
