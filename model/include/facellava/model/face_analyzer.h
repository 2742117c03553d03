// Face detection and per-face perception with the pretrained nets of the npm
// package @vladmandic/face-api 1.7.15, ported to LibTorch and checked against
// that package's TF.js outputs: tiny face detector, 7-class expression,
// age + gender, and 68 landmarks (iBUG 300-W order). Torch-free facade.
//
// Thread-safety: a FaceAnalyzer is immutable after construction; detect(),
// analyze_face() and analyze_faces() may be called concurrently from several
// threads on one instance. Construction loads the four nets once (≈1.3 MB of
// weights) — share one instance.
//
// The weights were trained by face-api.js on research data sets (MIT licence);
// say so wherever their results are shown.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/image.h"

namespace facellava::perception {

// A box in image pixels (top-left corner + size); may extend past the image.
struct FaceBox {
    double x = 0.0;
    double y = 0.0;
    double width = 0.0;
    double height = 0.0;
};

struct FaceDetection {
    FaceBox box;
    float score = 0.0f;  // σ(objectness), in (0, 1)
};

struct Point2f {
    float x = 0.0f;
    float y = 0.0f;
};

struct FacePerception {
    static constexpr int kExpressions = 7;
    static constexpr int kLandmarks = 68;

    // The pixels the nets saw: the box clipped to the image and floored.
    FaceBox crop;
    // Probabilities and raw logits, in expression_labels() order.
    std::array<float, kExpressions> expression{};
    std::array<float, kExpressions> expression_logits{};
    float age = 0.0f;                      // years
    std::string gender;                    // "male" or "female"
    float gender_probability = 0.0f;       // of `gender`, in [0.5, 1]
    std::array<float, 2> gender_logits{};  // (male, female)
    // Image pixels: the net's points in the 112 square mapped back to the
    // crop as face-api does (undo the square pad and the scale), then moved
    // by the crop's top-left corner.
    std::array<Point2f, kLandmarks> landmarks{};
};

class FaceAnalyzer {
  public:
    // Loads the four nets from the face-api package the locator points at.
    // Throws facellava::Error naming the file (and the fix command) when a
    // file is missing, truncated or of another package version.
    explicit FaceAnalyzer(const AssetLocator& assets);
    ~FaceAnalyzer();
    FaceAnalyzer(FaceAnalyzer&&) noexcept;
    FaceAnalyzer& operator=(FaceAnalyzer&&) noexcept;
    FaceAnalyzer(const FaceAnalyzer&) = delete;
    FaceAnalyzer& operator=(const FaceAnalyzer&) = delete;

    // "neutral", "happy", "sad", "angry", "fearful", "disgusted", "surprised".
    static const std::array<const char*, FacePerception::kExpressions>& expression_labels();

    // Faces with score > min_score, best first (tiny face detector at input
    // 416, NMS at IoU 0.4). Throws facellava::Error on a malformed image.
    std::vector<FaceDetection> detect(const ImageRGB& image, float min_score = 0.5f) const;

    // Expression, age, gender and landmarks of one face. Throws
    // facellava::Error when the box does not overlap the image.
    FacePerception analyze_face(const ImageRGB& image, const FaceBox& box) const;
    // The same for several faces of one image, run through each net as one
    // batch (much faster than one call per face). Results in `boxes` order.
    std::vector<FacePerception> analyze_faces(const ImageRGB& image,
                                              const std::vector<FaceBox>& boxes) const;

    // Several images at once (video frames, a folder of photos): detection as
    // one [N,3,416,416] batch, and every face of every image through each net
    // as one batch. Results equal the one-image calls within float rounding
    // (batched kernels may sum in another order); one entry per image, in order.
    struct ImageFaces {
        const ImageRGB* image = nullptr;
        std::vector<FaceBox> boxes;
    };
    std::vector<std::vector<FaceDetection>> detect_batch(const std::vector<const ImageRGB*>& images,
                                                         float min_score = 0.5f) const;
    std::vector<std::vector<FacePerception>> analyze_faces_batch(
        const std::vector<ImageFaces>& images) const;

  private:
    struct Nets;
    std::unique_ptr<const Nets> nets_;
};

}  // namespace facellava::perception
