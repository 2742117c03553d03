#include "facellava/pipeline/analysis_options.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/pipeline/model_tasks.h"

namespace facellava::pipeline {

void AnalysisOptions::validate() const {
    if (!(min_confidence > 0.0f && min_confidence < 1.0f))
        throw Error(
            "minimum face confidence must lie in (0, 1), got " + std::to_string(min_confidence), "",
            "use e.g. 0.5 (face-api's default)");
    if (!std::isfinite(dlib_adjust_threshold))
        throw Error("dlib threshold adjustment must be a finite number", "", "use e.g. 0 or -0.5");
    if (dlib_upsample < 0 || dlib_upsample > 3)
        throw Error("dlib upsampling must be 0 to 3, got " + std::to_string(dlib_upsample), "",
                    "each step doubles the frame; 1 finds faces down to ~40 px");
    if (max_faces < 0)
        throw Error("maximum faces per frame must be ≥ 0 (0: all), got " +
                    std::to_string(max_faces));
    if (every_nth_frame < 1)
        throw Error("every-Nth-frame must be ≥ 1, got " + std::to_string(every_nth_frame), "",
                    "1 analyses every frame, 5 every fifth");
    if (!(target_fps >= 0.0) || !std::isfinite(target_fps))
        throw Error("target frame rate must be ≥ 0 (0: use every-Nth-frame)");
    if (target_fps > 0.0 && every_nth_frame != 1)
        throw Error("give either every-Nth-frame or a target frame rate, not both");
    if (max_frames_per_video < 1)
        throw Error("maximum frames per video must be ≥ 1, got " +
                    std::to_string(max_frames_per_video));
    if (keyframe_interval < 1 || keyframe_interval > 1000)
        throw Error(
            "key-frame interval must be 1 to 1000 frames, got " + std::to_string(keyframe_interval),
            "", "1 detects faces on every frame; 10 on every tenth, tracking between");
    if (max_new_tokens < 1)
        throw Error("maximum new tokens per answer must be ≥ 1");
    if (prefetch_frames < 0 || prefetch_frames > 64 || batch_frames < 1 || batch_frames > 64)
        throw Error("frames decoded ahead must be 0 to 64 and frames per batch 1 to 64, got " +
                        std::to_string(prefetch_frames) + " and " + std::to_string(batch_frames),
                    "", "the defaults (4 and 1) suit most machines");
    if (frame_workers < 0 || frame_workers > 64)
        throw Error("frame workers must be 0 (auto) to 64, got " + std::to_string(frame_workers),
                    "", "0 picks one per core");
    if (output.frame_base != 0 && output.frame_base != 1)
        throw Error("frame base must be 0 or 1, got " + std::to_string(output.frame_base), "",
                    "0 numbers frames from 0 (the default), 1 from 1 as OpenFace does");
    for (const auto& task : tasks)
        find_model_task(task);
    FaceTracker check(tracker);  // throws on tracker parameters out of range
    (void)check;
}

const char* to_string(DetectorKind kind) {
    switch (kind) {
        case DetectorKind::DlibHog:
            return "dlib";
        case DetectorKind::BlazeFace:
            return "blazeface";
        case DetectorKind::FaceApiTiny:
            break;
    }
    return "faceapi";
}

const char* to_string(LandmarkKind kind) {
    return kind == LandmarkKind::Dlib68 ? "dlib" : "faceapi";
}

const char* to_string(ExpressionNames names) {
    switch (names) {
        case ExpressionNames::PyFeat:
            return "pyfeat";
        case ExpressionNames::RafDb:
            return "rafdb";
        case ExpressionNames::FaceApi:
            break;
    }
    return "faceapi";
}

ExpressionNames parse_expression_names(const std::string& name) {
    for (const auto names :
         {ExpressionNames::FaceApi, ExpressionNames::PyFeat, ExpressionNames::RafDb})
        if (name == to_string(names))
            return names;
    throw Error("unknown expression names '" + name + "'", "",
                "use faceapi (face-api's, the default), pyfeat (py-feat's) or rafdb (RAF-DB's "
                "class order)");
}

DetectorKind parse_detector_kind(const std::string& name) {
    if (name == "faceapi")
        return DetectorKind::FaceApiTiny;
    if (name == "dlib")
        return DetectorKind::DlibHog;
    if (name == "blazeface")
        return DetectorKind::BlazeFace;
    throw Error("unknown face detector '" + name + "'", "",
                "use faceapi (face-api tiny face detector), dlib (HOG) or blazeface "
                "(MediaPipe BlazeFace, the Face-LLaVA authors' detector)");
}

LandmarkKind parse_landmark_kind(const std::string& name) {
    if (name == "faceapi")
        return LandmarkKind::FaceApi68;
    if (name == "dlib")
        return LandmarkKind::Dlib68;
    throw Error("unknown landmark model '" + name + "'", "",
                "use faceapi (face-api 68-point net) or dlib (shape predictor)");
}

const char* to_string(CropSource source) {
    return source == CropSource::BlazeFace ? "blazeface" : "detector";
}

CropSource parse_crop_source(const std::string& name) {
    for (const auto source : {CropSource::Detector, CropSource::BlazeFace})
        if (name == to_string(source))
            return source;
    throw Error("unknown crop source '" + name + "'", "",
                "use detector (the face detector's box) or blazeface (the BlazeFace box, as "
                "the Face-LLaVA authors cropped)");
}

OptionalOutputs parse_optional_outputs(const std::string& list) {
    OptionalOutputs outputs;
    if (list.empty() || list == "none")
        return outputs;
    size_t start = 0;
    while (start <= list.size()) {
        const size_t comma = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, comma - start);
        if (name == "mesh")
            outputs.mesh = true;
        else if (name == "gaze")
            outputs.gaze = true;
        else if (name == "identity")
            outputs.identity = true;
        else if (name == "pad")
            outputs.pad = true;
        else
            throw Error("unknown output '" + name + "' in '" + list + "'", "",
                        "name any of mesh, gaze, identity, pad, separated by commas");
        start = comma + 1;
    }
    return outputs;
}

std::string to_string(const OptionalOutputs& outputs) {
    std::string out;
    auto add = [&](bool on, const char* name) {
        if (on)
            out += (out.empty() ? "" : ",") + std::string(name);
    };
    add(outputs.mesh, "mesh");
    add(outputs.gaze, "gaze");
    add(outputs.identity, "identity");
    add(outputs.pad, "pad");
    return out.empty() ? "none" : out;
}

}  // namespace facellava::pipeline
