#include "frame_faces.h"

#include <algorithm>
#include <cmath>

#include "crop_boxes.h"
#include "facellava/core/error.h"
#include "optional_outputs.h"

namespace facellava::pipeline {
namespace {

// Boxes the perception nets can crop: finite, at least a pixel, overlapping
// the frame (face-api's may reach past the border, which is fine).
bool usable(const FaceBox& b, const ImageRGB& frame) {
    return std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.w) && std::isfinite(b.h) &&
           b.w >= 1.0f && b.h >= 1.0f && b.x < float(frame.width) && b.y < float(frame.height) &&
           b.x + b.w > 0.0f && b.y + b.h > 0.0f;
}

// dlib's score is an SVM margin (> 0 detected); the logistic maps it into
// (0, 1) like face-api's probability so one column holds both (docs/CSV.md).
float confidence_of(const FaceBox& box, DetectorKind detector) {
    if (detector == DetectorKind::DlibHog)
        return float(1.0 / (1.0 + std::exp(-double(box.score))));
    return box.score;
}

}  // namespace

FrameFaces::FrameFaces(const AnalysisModels& models, const AnalysisOptions& options)
    : models_(models), options_(options) {
    if (!models_.faceapi)
        throw Error("the analysis needs face-api's nets, which were not loaded", "",
                    "load the models with load_analysis_models()");
    if (options_.landmarks == LandmarkKind::Dlib68 && !models_.dlib_landmarks)
        throw Error("dlib landmarks were asked for but the shape predictor was not loaded", "",
                    "load the models with load_analysis_models() and the same options");
    if (options_.detector == DetectorKind::DlibHog) {
        DlibFaceDetectorOptions dlib;
        dlib.upsample = options_.dlib_upsample;
        dlib.adjust_threshold = options_.dlib_adjust_threshold;
        dlib_detector_ = std::make_unique<DlibFaceDetector>(dlib);
    }
}

std::vector<FaceBox> FrameFaces::select(std::vector<FaceBox> boxes, const ImageRGB& frame) const {
    boxes.erase(std::remove_if(boxes.begin(), boxes.end(),
                               [&](const FaceBox& b) { return !usable(b, frame); }),
                boxes.end());
    // Largest first (then most confident), so max_faces keeps the main subjects.
    std::stable_sort(boxes.begin(), boxes.end(), [](const FaceBox& a, const FaceBox& b) {
        const float area_a = a.w * a.h;
        const float area_b = b.w * b.h;
        return area_a != area_b ? area_a > area_b : a.score > b.score;
    });
    if (options_.max_faces > 0 && boxes.size() > size_t(options_.max_faces))
        boxes.resize(size_t(options_.max_faces));
    return boxes;
}

std::vector<FaceRecord> FrameFaces::run(const ImageRGB& frame) {
    return std::move(run_batch({&frame}).front());
}

std::vector<std::vector<FaceRecord>> FrameFaces::run_batch(
    const std::vector<const ImageRGB*>& frames) {
    std::vector<std::vector<FaceBox>> boxes(frames.size());
    if (dlib_detector_) {
        for (size_t f = 0; f < frames.size(); ++f)
            boxes[f] = select(dlib_detector_->detect(*frames[f]), *frames[f]);
    } else if (options_.detector == DetectorKind::BlazeFace) {
        // MediaPipe Tasks' integer pixel box as is, so the authors' crop
        // arithmetic (crop_face_square) sees the numbers their tool saw; the
        // 68 landmarks still come from the landmark net run on this box.
        if (!models_.blazeface)
            throw Error("the BlazeFace detector was asked for but not loaded", "",
                        "load the models with load_analysis_models() and the same options");
        for (size_t f = 0; f < frames.size(); ++f) {
            for (const auto& d : models_.blazeface->detect(*frames[f], options_.min_confidence))
                boxes[f].push_back({float(d.origin_x), float(d.origin_y), float(d.width),
                                    float(d.height), d.score});
            boxes[f] = select(std::move(boxes[f]), *frames[f]);
        }
    } else {
        const auto detected = models_.faceapi->detect_batch(frames, options_.min_confidence);
        for (size_t f = 0; f < frames.size(); ++f) {
            for (const auto& d : detected[f])
                boxes[f].push_back({float(d.box.x), float(d.box.y), float(d.box.width),
                                    float(d.box.height), d.score});
            boxes[f] = select(std::move(boxes[f]), *frames[f]);
        }
    }
    std::vector<perception::FaceAnalyzer::ImageFaces> crops(frames.size());
    for (size_t f = 0; f < frames.size(); ++f) {
        crops[f].image = frames[f];
        for (const auto& b : boxes[f])
            crops[f].boxes.push_back({b.x, b.y, b.w, b.h});
    }
    const auto perceived = models_.faceapi->analyze_faces_batch(crops);
    std::vector<std::vector<FaceRecord>> faces(frames.size());
    for (size_t f = 0; f < frames.size(); ++f)
        faces[f] = records(*frames[f], boxes[f], perceived[f]);
    return faces;
}

std::vector<FaceRecord> FrameFaces::records(
    const ImageRGB& frame, const std::vector<FaceBox>& boxes,
    const std::vector<perception::FacePerception>& perceived) {
    if (boxes.empty())
        return {};
    std::vector<Landmarks68> dlib_points;
    if (options_.landmarks == LandmarkKind::Dlib68)
        dlib_points = models_.dlib_landmarks->fit(frame, boxes);

    std::vector<FaceRecord> faces(boxes.size());
    for (size_t i = 0; i < boxes.size(); ++i) {
        FaceRecord& face = faces[i];
        const perception::FacePerception& p = perceived[i];
        face.success = true;
        face.box = boxes[i];
        face.confidence = confidence_of(boxes[i], options_.detector);
        if (options_.landmarks == LandmarkKind::Dlib68) {
            face.landmarks = dlib_points[i];
        } else {
            for (int k = 0; k < Landmarks68::kPoints; ++k) {
                face.landmarks.xy[size_t(2 * k)] = p.landmarks[size_t(k)].x;
                face.landmarks.xy[size_t(2 * k + 1)] = p.landmarks[size_t(k)].y;
            }
        }
        // A degenerate fit (a face seen edge-on, a false detection) leaves its
        // pose or geometry cells empty rather than failing the whole file.
        try {
            face.pose = estimate_head_pose(face.landmarks, frame.width, frame.height);
        } catch (const Error&) {
        }
        try {
            face.geometry = measure_face_geometry(face.landmarks);
        } catch (const Error&) {
        }
        face.expression = p.expression;
        face.age = p.age;
        face.gender = p.gender;
        face.gender_probability = p.gender_probability;
    }
    // Face-LLaVA's crop from the BlazeFace box over each face (crop_boxes.h),
    // found with MediaPipe's default threshold as the authors' crop_face.py
    // ran it. With the BlazeFace detector `box` already is that box.
    if (options_.crop_source == CropSource::BlazeFace &&
        options_.detector != DetectorKind::BlazeFace) {
        if (!models_.blazeface)
            throw Error("crops from BlazeFace boxes were asked for but BlazeFace was not loaded",
                        "", "load the models with load_analysis_models() and the same options");
        std::vector<FaceBox> blazeface_boxes;
        for (const auto& d : models_.blazeface->detect(frame))
            blazeface_boxes.push_back(
                {float(d.origin_x), float(d.origin_y), float(d.width), float(d.height), d.score});
        match_crop_boxes(blazeface_boxes, faces);
    }
    measure_optional_outputs(models_, options_.output.outputs, frame, faces);
    return faces;
}

std::vector<FaceRecord> FrameFaces::run_on_boxes(const ImageRGB& frame,
                                                 const std::vector<FaceBox>& boxes) {
    if (boxes.empty())
        return {};
    std::vector<perception::FaceAnalyzer::ImageFaces> crops(1);
    crops[0].image = &frame;
    for (const auto& b : boxes)
        crops[0].boxes.push_back({b.x, b.y, b.w, b.h});
    const auto perceived = models_.faceapi->analyze_faces_batch(crops);
    return records(frame, boxes, perceived[0]);
}

}  // namespace facellava::pipeline
