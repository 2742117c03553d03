#include "facellava/core/face_prep.h"

#include <algorithm>

#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"

namespace facellava {

struct FacePreparer::Impl {
    DlibFaceDetector detector;
    DlibLandmarker landmarker;
    FacePrepOptions options;
    Impl(const std::string& path, const FacePrepOptions& o) : landmarker(path), options(o) {}
};

FacePreparer::FacePreparer(const std::string& shape_predictor_path, const FacePrepOptions& options)
    : impl_(std::make_unique<Impl>(shape_predictor_path, options)) {}
FacePreparer::~FacePreparer() = default;
FacePreparer::FacePreparer(FacePreparer&&) noexcept = default;
FacePreparer& FacePreparer::operator=(FacePreparer&&) noexcept = default;

std::optional<PreparedFace> FacePreparer::largest_face(const ImageRGB& image) {
    const auto boxes = impl_->detector.detect(image);
    if (boxes.empty())
        return std::nullopt;
    const FaceBox& box =
        *std::max_element(boxes.begin(), boxes.end(),
                          [](const FaceBox& a, const FaceBox& b) { return a.w * a.h < b.w * b.h; });
    PreparedFace face;
    face.box = box;
    face.landmarks = impl_->landmarker.fit(image, box);
    FaceCrop crop = crop_face_square(image, box, impl_->options.crop_size);
    face.normalised = landmarks_in_crop_normalised(face.landmarks, crop);
    face.crop = std::move(crop.image);
    return face;
}

std::vector<PreparedFace> FacePreparer::video_faces(const std::string& video_path, int count) {
    VideoReader reader(video_path);
    const auto indices = uniform_indices(reader.info().frame_count, count);
    std::vector<PreparedFace> faces;
    for (int64_t index : indices) {
        const ImageRGB frame = reader.frame_at(index);
        if (auto face = largest_face(frame)) {
            face->frame_index = index;
            face->timestamp_s = reader.timestamp_of(index);
            faces.push_back(std::move(*face));
        }
    }
    const size_t missing = indices.size() - faces.size();
    if (indices.empty() ||
        double(missing) > impl_->options.max_missing_fraction * double(indices.size())) {
        throw Error("no face found in " + std::to_string(missing) + " of " +
                        std::to_string(indices.size()) + " sampled frames",
                    video_path,
                    "use a video where the face is visible and frontal enough for the detector");
    }
    return faces;
}

}  // namespace facellava
