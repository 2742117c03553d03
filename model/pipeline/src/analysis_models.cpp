#include "facellava/pipeline/analysis_models.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

namespace facellava::pipeline {
namespace fs = std::filesystem;
namespace {

// The face-api files FaceAnalyzer reads (each net: manifest + weights).
constexpr const char* kFaceApiFiles[][2] = {
    {"face-api tiny face detector", "model/tiny_face_detector_model-weights_manifest.json"},
    {"face-api tiny face detector", "model/tiny_face_detector_model.bin"},
    {"face-api 68-point landmark net", "model/face_landmark_68_model-weights_manifest.json"},
    {"face-api 68-point landmark net", "model/face_landmark_68_model.bin"},
    {"face-api expression net", "model/face_expression_model-weights_manifest.json"},
    {"face-api expression net", "model/face_expression_model.bin"},
    {"face-api age and gender net", "model/age_gender_model-weights_manifest.json"},
    {"face-api age and gender net", "model/age_gender_model.bin"},
};

// A human-models graph: its model.json and its weight file, for metadata.json.
void add_graph_files(AnalysisModels& models, const AssetLocator& assets, const char* role,
                     const std::string& json) {
    const std::string weights = json.substr(0, json.size() - 4) + "bin";  // .json → .bin
    models.files.push_back({role, assets.human_models_file(json)});
    models.files.push_back({role, assets.human_models_file(weights)});
}

// Every file of the checkpoint folder (weights, config, tokenizer, towers),
// sorted, so metadata.json pins exactly what answered.
std::vector<ModelFile> checkpoint_files(const std::string& dir) {
    std::vector<ModelFile> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec))
            files.push_back({"Face-LLaVA checkpoint", it->path().string()});
    }
    std::sort(files.begin(), files.end(),
              [](const ModelFile& a, const ModelFile& b) { return a.path < b.path; });
    return files;
}

}  // namespace

AnalysisModels load_analysis_models(const AnalysisOptions& options, const AssetLocator& assets,
                                    const std::string& checkpoint_dir,
                                    const model::EngineOptions& engine_options) {
    options.validate();
    const auto start = std::chrono::steady_clock::now();
    AnalysisModels models;
    models.faceapi = std::make_shared<const perception::FaceAnalyzer>(assets);
    for (const auto& [role, relative] : kFaceApiFiles)  // FaceAnalyzer loads all four nets
        models.files.push_back({role, assets.faceapi_file(relative)});
    if (options.detector == DetectorKind::DlibHog)
        models.files.push_back({"dlib HOG face detector (built into dlib)", ""});
    // The detector, or (crop_source) where Face-LLaVA's crops are cut from.
    if (options.detector == DetectorKind::BlazeFace ||
        options.crop_source == CropSource::BlazeFace) {
        models.blazeface = std::make_shared<const perception::BlazeFaceDetector>(assets);
        add_graph_files(models, assets, "MediaPipe BlazeFace short-range detector",
                        perception::BlazeFaceDetector::kModelFile);
    }
    const OptionalOutputs& outputs = options.output.outputs;
    if (outputs.needs_mesh()) {
        // The mesh crop's enlargement depends on how tight the detector's box is.
        const double box_scale = options.detector == DetectorKind::BlazeFace
                                     ? perception::kBlazeFaceBoxScale
                                     : perception::kFaceApiBoxScale;
        models.mesh = std::make_shared<const perception::FaceMeshNet>(assets, true, box_scale);
        add_graph_files(models, assets, "MediaPipe face mesh", perception::FaceMeshNet::kMeshModel);
        add_graph_files(models, assets, "MediaPipe iris", perception::FaceMeshNet::kIrisModel);
    }
    if (outputs.identity || outputs.pad) {
        perception::FaceDescriptorOptions descriptor_options;
        descriptor_options.identity = outputs.identity;
        descriptor_options.presentation_attack = outputs.pad;
        models.descriptors =
            std::make_shared<const perception::FaceDescriptorNets>(assets, descriptor_options);
        if (outputs.identity)
            add_graph_files(models, assets, "faceres identity embedding",
                            perception::FaceDescriptorNets::kIdentityModel);
        if (outputs.pad) {
            add_graph_files(models, assets, "antispoof presentation-attack score",
                            perception::FaceDescriptorNets::kAntispoofModel);
            add_graph_files(models, assets, "liveness presentation-attack score",
                            perception::FaceDescriptorNets::kLivenessModel);
        }
    }
    if (options.landmarks == LandmarkKind::Dlib68) {
        const std::string path = assets.dlib_shape_predictor();
        models.dlib_landmarks = std::make_shared<const DlibLandmarker>(path);
        models.files.push_back({"dlib 68-point shape predictor", path});
    }
    if (!checkpoint_dir.empty()) {
        models.engine = model::FaceLlavaEngine::load(checkpoint_dir, engine_options);
        models.checkpoint_dir = checkpoint_dir;
        for (auto& file : checkpoint_files(checkpoint_dir))
            models.files.push_back(std::move(file));
    }
    models.load_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return models;
}

}  // namespace facellava::pipeline
