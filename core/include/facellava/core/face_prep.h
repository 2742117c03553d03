// From a photo or video to what Face-LLaVA takes: the authors' square face
// crop (256 px) and the 68 landmarks normalised to it (FACELLAVA_SPEC §6).
// Detection is dlib HOG + the 68-point shape predictor; the largest face is
// the one described (the authors' tool keeps one face per frame).
//
// Thread-safety: a FacePreparer holds a dlib detector, which is not
// thread-safe: use one per thread.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "facellava/core/face_types.h"
#include "facellava/core/image.h"

namespace facellava {

struct PreparedFace {
    FaceBox box;                        // in source image pixels
    Landmarks68 landmarks;              // in source image pixels
    ImageRGB crop;                      // crop_size × crop_size
    std::array<float, 136> normalised;  // landmarks in the crop / crop_size
    int64_t frame_index = 0;            // for video frames
    double timestamp_s = 0;
};

struct FacePrepOptions {
    int crop_size = 256;
    // The authors skip a clip when more than this fraction of its sampled
    // frames has no face.
    double max_missing_fraction = 0.3;
};

class FacePreparer {
public:
    // Loads the dlib shape predictor from `shape_predictor_path`.
    explicit FacePreparer(const std::string& shape_predictor_path, const FacePrepOptions& options = {});
    ~FacePreparer();
    FacePreparer(FacePreparer&&) noexcept;
    FacePreparer& operator=(FacePreparer&&) noexcept;

    // The largest face of the image, or nullopt when none is found.
    std::optional<PreparedFace> largest_face(const ImageRGB& image);
    // `count` uniformly sampled frames of a video (spec §6), each with its
    // largest face; frames without a face are dropped. Throws facellava::Error
    // naming the file when more than max_missing_fraction of them have none.
    std::vector<PreparedFace> video_faces(const std::string& video_path, int count);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace facellava
