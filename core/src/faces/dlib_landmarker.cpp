// DlibLandmarker: dlib's shape predictor with the 68-point iBUG model.
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/revision.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/paths.h"
#include "faces/dlib_image.h"

namespace facellava {
namespace {

// FaceBox uses width/height; dlib rectangles are inclusive on both ends.
dlib::rectangle to_dlib_rect(const FaceBox& box) {
    const long left = std::lround(box.x);
    const long top = std::lround(box.y);
    return dlib::rectangle(left, top, left + std::max(1L, std::lround(box.w)) - 1,
                           top + std::max(1L, std::lround(box.h)) - 1);
}

}  // namespace

struct DlibLandmarker::Impl {
    dlib::shape_predictor predictor;

    Landmarks68 fit(const dlib::array2d<dlib::rgb_pixel>& img, const FaceBox& box) const {
        const dlib::full_object_detection shape = predictor(img, to_dlib_rect(box));
        Landmarks68 landmarks;
        for (int i = 0; i < Landmarks68::kPoints; ++i) {
            landmarks.xy[2 * i] = float(shape.part(i).x());
            landmarks.xy[2 * i + 1] = float(shape.part(i).y());
        }
        return landmarks;
    }
};

DlibLandmarker::DlibLandmarker(const std::string& model_path) : impl_(std::make_unique<Impl>()) {
    if (!is_readable_file(model_path)) {
        throw Error("dlib shape predictor model not found", model_path,
                    "run `apt-get install libdlib-data` or point FACELLAVA_DLIB_DATA_DIR at it");
    }
    try {
        dlib::deserialize(model_path) >> impl_->predictor;
    } catch (const std::exception& e) {
        throw Error(std::string("not a dlib shape predictor model (") + e.what() + ")", model_path,
                    "reinstall libdlib-data or re-download shape_predictor_68_face_landmarks.dat");
    }
    if (impl_->predictor.num_parts() != Landmarks68::kPoints) {
        throw Error("the shape predictor has " + std::to_string(impl_->predictor.num_parts()) +
                        " points, 68 are needed",
                    model_path, "use shape_predictor_68_face_landmarks.dat");
    }
}

DlibLandmarker::~DlibLandmarker() = default;
DlibLandmarker::DlibLandmarker(DlibLandmarker&&) noexcept = default;
DlibLandmarker& DlibLandmarker::operator=(DlibLandmarker&&) noexcept = default;

Landmarks68 DlibLandmarker::fit(const ImageRGB& image, const FaceBox& box) const {
    return impl_->fit(faces::to_dlib_rgb(image), box);
}

std::vector<Landmarks68> DlibLandmarker::fit(const ImageRGB& image,
                                             const std::vector<FaceBox>& boxes) const {
    std::vector<Landmarks68> result;
    if (boxes.empty())
        return result;
    const auto img = faces::to_dlib_rgb(image);
    result.reserve(boxes.size());
    for (const FaceBox& box : boxes)
        result.push_back(impl_->fit(img, box));
    return result;
}

std::string dlib_version() {
    return std::to_string(DLIB_MAJOR_VERSION) + "." + std::to_string(DLIB_MINOR_VERSION) + "." +
           std::to_string(DLIB_PATCH_VERSION);
}

}  // namespace facellava
