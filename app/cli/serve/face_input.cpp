#if defined(FACELLAVA_HAVE_HTTPLIB) && defined(FACELLAVA_HAVE_MEDIA)
#include "face_input.h"

#include <algorithm>

#include "api_error.h"
#include "facellava/core/box_overlap.h"
#include "facellava/core/error.h"
#include "facellava/core/faces.h"
#include "facellava/core/media.h"
#include "facellava/pipeline/face_answers.h"

namespace facellava::cli::serve {
namespace {

// A box given by the client counts as a detected face when they overlap this
// much; otherwise the client's box is cropped as is, without landmarks.
constexpr float kSameFaceIou = 0.3f;

}  // namespace

FaceInputs::FaceInputs(const pipeline::AnalysisModels& models, pipeline::AnalysisOptions options,
                       int slots)
    : models_(models), options_(std::move(options)), analyzers_(size_t(slots)) {
    options_.tasks.clear();  // the analyzer finds faces; questions go to the engine
}

pipeline::MediaAnalyzer& FaceInputs::analyzer(int slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& analyzer = analyzers_.at(size_t(slot));
    if (!analyzer)
        analyzer = std::make_unique<pipeline::MediaAnalyzer>(models_, options_);
    return *analyzer;
}

model::FaceFrame FaceInputs::face_of(int slot, const ImageRGB& image, const FaceChoice& choice,
                                     const std::string& param) {
    if (choice.kind == FaceChoice::Kind::Landmarks) {
        // The client's landmarks; the box is their bounding box, as the
        // authors' crop takes it from the landmark fit.
        pipeline::FaceRecord record;
        std::copy(choice.landmarks.begin(), choice.landmarks.end(), record.landmarks.xy.begin());
        float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
        for (int i = 0; i < Landmarks68::kPoints; ++i) {
            x0 = std::min(x0, record.landmarks.x(i)), x1 = std::max(x1, record.landmarks.x(i));
            y0 = std::min(y0, record.landmarks.y(i)), y1 = std::max(y1, record.landmarks.y(i));
        }
        record.box = {x0, y0, x1 - x0, y1 - y0};
        if (auto input = pipeline::face_llava_input(image, record))
            return std::move(*input);
        throw bad_request("the landmarks lie outside the image", "facellava.face", "face_outside");
    }
    std::vector<pipeline::FaceRecord> faces = analyzer(slot).analyze_image(image);
    faces.erase(std::remove_if(faces.begin(), faces.end(),
                               [](const pipeline::FaceRecord& f) { return !f.success; }),
                faces.end());
    const pipeline::FaceRecord* chosen = nullptr;
    if (choice.kind == FaceChoice::Kind::Box) {
        const FaceBox given{choice.box[0], choice.box[1], choice.box[2], choice.box[3]};
        double best = kSameFaceIou;
        for (const auto& face : faces) {
            if (box_iou(face.box, given) >= best)
                best = box_iou(face.box, given), chosen = &face;
        }
        if (!chosen) {
            try {
                FaceCrop crop = crop_face_square(image, given, 256);
                return {std::move(crop.image), std::nullopt};
            } catch (const Error&) {
                throw bad_request("the box lies outside the image", "facellava.face",
                                  "face_outside");
            }
        }
    } else if (faces.empty()) {
        throw bad_request("no face found in the image", param, "no_face");
    } else if (choice.kind == FaceChoice::Kind::Index) {
        // Faces are numbered left to right (the analysis' face ids).
        if (choice.index >= int(faces.size()))
            throw bad_request("facellava.face " + std::to_string(choice.index) +
                                  " but the image has " + std::to_string(faces.size()) +
                                  " face(s), numbered from 0 left to right",
                              "facellava.face", "face_out_of_range");
        chosen = &faces[size_t(choice.index)];
    } else {
        chosen = &*std::max_element(faces.begin(), faces.end(), [](const auto& a, const auto& b) {
            return a.box.w * a.box.h < b.box.w * b.box.h;
        });
    }
    if (auto input = pipeline::face_llava_input(image, *chosen))
        return std::move(*input);
    throw bad_request("the face lies outside the image", param, "face_outside");
}

std::vector<model::FaceFrame> FaceInputs::video_faces(int slot, const std::string& path, int count,
                                                      int64_t max_pixels,
                                                      const FaceChoice& choice) {
    VideoReader reader;
    VideoReaderOptions options;
    options.max_pixels = max_pixels;
    try {
        reader.open(path, options);
    } catch (const Error& e) {
        throw bad_request("the video cannot be read: " + e.brief(), "facellava.video",
                          "invalid_video");
    }
    std::vector<model::FaceFrame> out;
    // The frames `facellava chat --video` and the authors' sampler take
    // (np.linspace(0, n - 1, count), first and last included), so that the
    // server and the CLI answer alike (tests/cli/serve/video_client.py).
    for (const int64_t index : uniform_indices(reader.info().frame_count, count)) {
        ImageRGB frame;
        try {
            frame = reader.frame_at(index);
        } catch (const Error& e) {
            throw bad_request("the video cannot be decoded: " + e.brief(), "facellava.video",
                              "invalid_video");
        }
        try {
            out.push_back(face_of(slot, frame, choice, "facellava.video"));
        } catch (const ApiError&) {
            // a frame without the face: skipped, as the authors' sampler does
        }
    }
    if (out.empty())
        throw bad_request("no face found in the video's sampled frames", "facellava.video",
                          "no_face");
    return out;
}

}  // namespace facellava::cli::serve
#endif
