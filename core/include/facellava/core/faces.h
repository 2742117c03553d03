// Classic face detection and landmarks with dlib, and the square face crop of
// Face-LLaVA's preprocessing (spec §6). No dlib type appears here.
//
// Thread-safety: DlibFaceDetector keeps scratch buffers inside dlib's scanner
// and is NOT thread-safe: give each thread its own (the first construction in
// a process decodes dlib's model, about a second; later ones copy it).
// DlibLandmarker::fit is const and may be called from several threads on one
// shared instance (the 95 MB model is immutable after loading).
// crop_face_square and landmarks_in_crop_normalised are reentrant.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"
#include "facellava/core/media.h"

namespace facellava {

struct DlibFaceDetectorOptions {
    // Times the image is doubled before detection (finds faces smaller than
    // the detector's 80×80 window, at about 4× the cost each).
    int upsample = 0;
    // Added to the SVM threshold: < 0 finds more (and more false) faces.
    double adjust_threshold = 0.0;
};

// dlib's HOG + linear SVM frontal face detector (get_frontal_face_detector),
// run on the RGB image as Python's dlib does.
class DlibFaceDetector {
  public:
    explicit DlibFaceDetector(const DlibFaceDetectorOptions& options = {});
    ~DlibFaceDetector();
    DlibFaceDetector(DlibFaceDetector&&) noexcept;
    DlibFaceDetector& operator=(DlibFaceDetector&&) noexcept;

    // Faces in image pixels, best first; score = SVM margin (> 0 detected).
    std::vector<FaceBox> detect(const ImageRGB& image);

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// dlib's 68-point shape predictor (iBUG 300-W, ensemble of regression trees).
// Points come out on whole pixels, as dlib rounds them.
class DlibLandmarker {
  public:
    // Loads shape_predictor_68_face_landmarks.dat; throws facellava::Error
    // naming the file when it is missing or not a shape predictor. Find it
    // with AssetLocator::from_environment().dlib_shape_predictor().
    explicit DlibLandmarker(const std::string& model_path);
    ~DlibLandmarker();
    DlibLandmarker(DlibLandmarker&&) noexcept;
    DlibLandmarker& operator=(DlibLandmarker&&) noexcept;

    Landmarks68 fit(const ImageRGB& image, const FaceBox& box) const;
    // Several faces of one image: converts the image once.
    std::vector<Landmarks68> fit(const ImageRGB& image, const std::vector<FaceBox>& boxes) const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// A face crop and where it came from, so points map into crop pixels.
struct FaceCrop {
    ImageRGB image;  // out_size × out_size
    int out_size = 0;
    int x0 = 0;  // source region in image pixels: columns [x0, x0 + width),
    int y0 = 0;  // rows [y0, y0 + height)
    int width = 0;
    int height = 0;
    float scale_x = 0;  // out_size / width
    float scale_y = 0;  // out_size / height

    // Where image point (x, y) lands in the crop, in crop pixels. Uses the
    // pixel-centre convention of the bilinear resize: u = (x − x0 + ½)·sx − ½.
    std::array<float, 2> to_crop(float x, float y) const;
};

// Face-LLaVA's crop (the authors' tools/crop_face.py with margin 0): the
// region authors_crop_region() gives (core/authors_crop.h: a square of side
// (w + h) / 2 from the box origin, one pixel short of the right and bottom
// borders, shrunk by the overhang of a box that leaves the frame), resized to
// out_size × out_size (bilinear, as cv2.resize), so a clipped region gets stretched.
// Throws facellava::Error when the region is empty (box outside the image).
FaceCrop crop_face_square(const ImageRGB& image, const FaceBox& box, int out_size = 256,
                          Interpolation interpolation = Interpolation::Bilinear);

// Landmarks in crop pixels divided by out_size, flattened x0, y0, x1, y1, …:
// the landmark input of Face-LLaVA's FRGCA (spec §1, "crop coords / 256").
std::array<float, 136> landmarks_in_crop_normalised(const Landmarks68& landmarks,
                                                    const FaceCrop& crop);

std::string dlib_version();

}  // namespace facellava
