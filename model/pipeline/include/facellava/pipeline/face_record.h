// What the analysis finds: one FaceRecord per face per analysed frame (a CSV
// row of faces.csv), and a MediaSummary per input file.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "facellava/core/face_geometry.h"
#include "facellava/core/face_types.h"
#include "facellava/core/gaze.h"
#include "facellava/core/head_pose.h"
#include "facellava/core/media.h"

namespace facellava::pipeline {

// Face-LLaVA's answer to one task (pipeline/model_tasks.h) and its parsed label.
struct TaskAnswer {
    std::string answer;
    std::string label;  // "" when the answer names no label
};

struct FaceRecord {
    static constexpr int kExpressions = 7;

    int64_t frame = 0;                     // 0-based frame index (0 for a still image)
    double timestamp_s = 0;                // seconds from the first frame
    int face_id = -1;                      // stable across the frames of one video; -1: no face
    bool success = false;                  // false: an analysed frame in which no face was found
                                           // (every field below is then meaningless)
    float confidence = 0;                  // detection confidence in (0, 1), see docs/CSV.md
    FaceBox box;                           // detector box, image pixels (box.score: the raw score)
    Landmarks68 landmarks;                 // image pixels, iBUG 68 order
    std::optional<HeadPose> pose;          // absent when the fit failed
    std::optional<FaceGeometry> geometry;  // absent when the landmarks are degenerate
    std::optional<FaceBox> crop_box;       // where Face-LLaVA's crop is cut from, if not `box`:
                                           // the BlazeFace box matched to this face (crop_source
                                           // BlazeFace, another detector), as the authors cut
                                           // their training crops; absent: none lay over it
    // face-api's expression probabilities, in FaceAnalyzer::expression_labels() order.
    std::array<float, kExpressions> expression{};
    float age = 0;       // years
    std::string gender;  // "male" or "female"
    float gender_probability = 0;
    std::vector<TaskAnswer> answers;  // one per requested task, in request order

    // Optional outputs (OutputConventions::outputs; empty / absent when not
    // asked for or not measurable on this face), docs/CSV.md:
    // MediaPipe's face mesh, 478 points (468 + the subject's right iris
    // 468–472, left iris 473–477; centre first), image pixels; z is depth
    // relative to the face's centre in the same pixel scale, > 0 away from the camera.
    std::vector<std::array<float, 3>> mesh;
    float mesh_score = 0;      // the mesh net's face flag, (0, 1)
    std::optional<Gaze> gaze;  // OpenFace's gaze_0_* (leftmost eye in the image), gaze_1_*
    std::optional<float>
        eye_openness_right;  // the subject's right eye, eye aspect ratio of the mesh
    std::optional<float> eye_openness_left;
    std::vector<float> embedding;    // faceres identity embedding, unit length
    std::string identity;            // "person_1", … within the file; "" when not asked
    float identity_similarity = 0;   // cosine to its person's mean embedding when assigned
    std::optional<float> antispoof;  // presentation-attack scores in [0, 1], see docs/CSV.md
    std::optional<float> liveness;
};

// The box crop_face_square cuts Face-LLaVA's crop from: the crop the model is
// shown, --save-crops' JPEGs and analyze's "authors_crop" all use this one.
inline const FaceBox& crop_source_box(const FaceRecord& face) {
    return face.crop_box ? *face.crop_box : face.box;
}

// Receives the records of one file in order (frame, then face id).
using FaceSink = std::function<void(const FaceRecord&)>;

// "image", "video" or "unknown" (metadata.json, the analyze command's JSON).
inline const char* media_kind_name(MediaKind kind) {
    return kind == MediaKind::Image ? "image" : kind == MediaKind::Video ? "video" : "unknown";
}

struct MediaSummary {
    MediaKind kind = MediaKind::Unknown;
    int width = 0;  // frame size as analysed (after EXIF / rotation metadata)
    int height = 0;
    double fps = 0;  // videos only
    int64_t frame_count = 0;
    double duration_s = 0;
    int64_t frames_analysed = 0;
    int64_t faces = 0;  // records with success
    int face_ids = 0;   // distinct face ids handed out
    bool cancelled = false;
    // Set when the file was read only in part (a video that ends before its
    // last frame): the records up to that point are valid.
    std::string warning;
    double seconds = 0;  // wall time of the analysis
};

}  // namespace facellava::pipeline
