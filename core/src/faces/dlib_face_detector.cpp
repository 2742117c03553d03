// DlibFaceDetector: dlib's HOG frontal face detector, with upsampling done as
// Python's dlib does it (pyramid_up n times, boxes mapped back with
// pyramid_down<2>::rect_down), so boxes agree with the Python API.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include <algorithm>

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "faces/dlib_image.h"

namespace facellava {
namespace {

// get_frontal_face_detector() decodes a model embedded as compressed text,
// which takes about a second; do it once per process and copy the result.
const dlib::frontal_face_detector& decoded_model() {
    static const dlib::frontal_face_detector model = dlib::get_frontal_face_detector();
    return model;
}

}  // namespace

struct DlibFaceDetector::Impl {
    // A copy per detector: dlib's scanner keeps per-image scratch state.
    dlib::frontal_face_detector detector = decoded_model();
    DlibFaceDetectorOptions options;
};

DlibFaceDetector::DlibFaceDetector(const DlibFaceDetectorOptions& options)
    : impl_(std::make_unique<Impl>()) {
    // Each doubling quadruples memory and time; 3 already means 64× the pixels.
    if (options.upsample < 0 || options.upsample > 3) {
        throw Error("face detector upsample count must be 0 to 3, got " +
                    std::to_string(options.upsample));
    }
    impl_->options = options;
}

DlibFaceDetector::~DlibFaceDetector() = default;
DlibFaceDetector::DlibFaceDetector(DlibFaceDetector&&) noexcept = default;
DlibFaceDetector& DlibFaceDetector::operator=(DlibFaceDetector&&) noexcept = default;

std::vector<FaceBox> DlibFaceDetector::detect(const ImageRGB& image) {
    dlib::array2d<dlib::rgb_pixel> img = faces::to_dlib_rgb(image);
    for (int i = 0; i < impl_->options.upsample; ++i)
        dlib::pyramid_up(img);

    std::vector<dlib::rect_detection> detections;
    impl_->detector(img, detections, impl_->options.adjust_threshold);
    std::stable_sort(detections.begin(), detections.end(),
                     [](const dlib::rect_detection& a, const dlib::rect_detection& b) {
                         return a.detection_confidence > b.detection_confidence;
                     });

    const dlib::pyramid_down<2> pyramid;
    std::vector<FaceBox> boxes;
    boxes.reserve(detections.size());
    for (const auto& detection : detections) {
        const dlib::rectangle r =
            pyramid.rect_down(detection.rect, static_cast<unsigned>(impl_->options.upsample));
        boxes.push_back({float(r.left()), float(r.top()), float(r.width()), float(r.height()),
                         float(detection.detection_confidence)});
    }
    return boxes;
}

}  // namespace facellava
