#include "facellava/pipeline/analysis_json.h"

#include <algorithm>
#include <cmath>

#include "facellava/core/authors_crop.h"
#include "facellava/core/error.h"
#include "facellava/core/head_pose.h"
#include "facellava/pipeline/face_csv.h"

namespace facellava::pipeline {
namespace {

// The CSV's fixed precision, as a JSON number (null when not finite).
nlohmann::ordered_json rounded(double value, int digits) {
    if (!std::isfinite(value))
        return nullptr;
    const double scale = std::pow(10.0, digits);
    const double r = std::round(value * scale) / scale;
    return r == 0.0 ? 0.0 : r;  // no "-0.0"
}

// pose_Tx … pose_Rz of faces.csv; Tx/Ty/Tz null when the pose has no camera.
nlohmann::ordered_json openface_pose_json(const HeadPose& pose) {
    nlohmann::ordered_json json;
    std::array<double, 3> t{NAN, NAN, NAN};
    try {
        t = openface_translation_mm(pose, CameraIntrinsics::openface_default(
                                              pose.camera.image_width, pose.camera.image_height));
    } catch (const Error&) {
    }
    const auto r = openface_euler(pose);
    json["Tx"] = rounded(t[0], 1);
    json["Ty"] = rounded(t[1], 1);
    json["Tz"] = rounded(t[2], 1);
    json["Rx"] = rounded(r[0], 4);
    json["Ry"] = rounded(r[1], 4);
    json["Rz"] = rounded(r[2], 4);
    return json;
}

// The region crop_face_square() (core/faces.h) cuts for Face-LLaVA from
// crop_source_box() (the BlazeFace box with crop_source BlazeFace):
// authors_crop_region() (core/authors_crop.h, the authors' crop_face.py
// arithmetic); x1/y1 are exclusive, as the slice image[y0:y1, x0:x1]. The frame size rides on the
// pose's camera (estimate_head_pose sets it from the frame): null without a
// pose, or when the region is empty (crop_face_square would throw).
nlohmann::ordered_json authors_crop_json(const FaceRecord& r) {
    if (!r.pose || r.pose->camera.image_width <= 0 || r.pose->camera.image_height <= 0)
        return nullptr;
    const auto region = authors_crop_region(crop_source_box(r), int(r.pose->camera.image_width),
                                            int(r.pose->camera.image_height));
    if (!region)
        return nullptr;
    return {{"x0", region->x0}, {"y0", region->y0}, {"x1", region->x1}, {"y1", region->y1}};
}

// The optional outputs under the CSV columns' names (optional_columns.h);
// null where the face could not be measured.
void add_optional_outputs(nlohmann::ordered_json& face, const FaceRecord& r,
                          const OptionalOutputs& outputs) {
    auto optional_number = [](const std::optional<float>& v) {
        return v ? nlohmann::ordered_json(rounded(*v, 4)) : nlohmann::ordered_json(nullptr);
    };
    if (outputs.mesh) {
        if (r.mesh.empty()) {
            face["mesh"] = nullptr;
        } else {
            nlohmann::ordered_json points = nlohmann::ordered_json::array();
            for (const auto& p : r.mesh)
                points.push_back({rounded(p[0], 1), rounded(p[1], 1), rounded(p[2], 1)});
            face["mesh"] = {{"score", rounded(r.mesh_score, 4)}, {"points", points}};
        }
    }
    if (outputs.gaze) {
        if (r.gaze) {
            auto vector = [](const EyeGaze& eye) {
                return nlohmann::ordered_json::array({rounded(eye.direction[0], 4),
                                                      rounded(eye.direction[1], 4),
                                                      rounded(eye.direction[2], 4)});
            };
            face["gaze"] = {{"gaze_0", vector(r.gaze->eye_0)},
                            {"gaze_1", vector(r.gaze->eye_1)},
                            {"angle_x", rounded(r.gaze->angle_x, 4)},
                            {"angle_y", rounded(r.gaze->angle_y, 4)}};
        } else {
            face["gaze"] = nullptr;
        }
        face["eye_openness_right"] = optional_number(r.eye_openness_right);
        face["eye_openness_left"] = optional_number(r.eye_openness_left);
    }
    if (outputs.identity) {
        face["identity"] = r.identity.empty() ? nlohmann::ordered_json(nullptr)
                                              : nlohmann::ordered_json(r.identity);
        face["identity_similarity"] =
            r.identity.empty() ? nlohmann::ordered_json(nullptr)
                               : nlohmann::ordered_json(rounded(r.identity_similarity, 4));
    }
    if (outputs.pad) {
        face["antispoof"] = optional_number(r.antispoof);
        face["liveness"] = optional_number(r.liveness);
    }
}

}  // namespace

nlohmann::ordered_json face_record_json(const FaceRecord& r, const std::vector<std::string>& tasks,
                                        const OutputConventions& conventions) {
    nlohmann::ordered_json face;
    face["frame"] = r.frame + conventions.frame_base;
    face["timestamp"] = rounded(r.timestamp_s, 3);
    face["face_id"] = r.face_id;
    face["success"] = r.success;
    if (!r.success)
        return face;
    face["confidence"] = rounded(r.confidence, 2);
    face["box"] = {{"x", rounded(r.box.x, 1)},
                   {"y", rounded(r.box.y, 1)},
                   {"w", rounded(r.box.w, 1)},
                   {"h", rounded(r.box.h, 1)}};
    face["authors_crop"] = authors_crop_json(r);
    nlohmann::ordered_json points = nlohmann::ordered_json::array();
    for (int i = 0; i < Landmarks68::kPoints; ++i)
        points.push_back({rounded(r.landmarks.x(i), 1), rounded(r.landmarks.y(i), 1)});
    face["landmarks"] = points;
    if (r.pose)
        face["pose"] = {{"yaw", rounded(r.pose->yaw, 2)},
                        {"pitch", rounded(r.pose->pitch, 2)},
                        {"roll", rounded(r.pose->roll, 2)},
                        {"error", rounded(r.pose->reprojection_error, 4)},
                        {"openface", openface_pose_json(*r.pose)}};
    else
        face["pose"] = nullptr;
    if (r.geometry) {
        const FaceGeometry& g = *r.geometry;
        face["geometry"] = {{"eye_ar_right", rounded(g.right_eye_aspect_ratio, 4)},
                            {"eye_ar_left", rounded(g.left_eye_aspect_ratio, 4)},
                            {"mouth_opening", rounded(g.mouth_opening, 4)},
                            {"mouth_ar", rounded(g.mouth_aspect_ratio, 4)},
                            {"smile_width", rounded(g.smile_width, 4)},
                            {"lip_corner_elevation", rounded(g.lip_corner_elevation, 4)},
                            {"brow_raise_right", rounded(g.right_brow_raise, 4)},
                            {"brow_raise_left", rounded(g.left_brow_raise, 4)}};
    } else {
        face["geometry"] = nullptr;
    }
    nlohmann::ordered_json expression;
    const ExpressionColumns& columns = expression_columns(conventions.expression_names);
    for (size_t c = 0; c < columns.names.size(); ++c)
        expression[columns.names[c]] = rounded(r.expression[size_t(columns.faceapi_index[c])], 4);
    face["expression"] = expression;
    face["age"] = rounded(r.age, 1);
    face["gender"] = r.gender;
    face["gender_probability"] = rounded(r.gender_probability, 4);
    add_optional_outputs(face, r, conventions.outputs);
    if (!tasks.empty()) {
        nlohmann::ordered_json answers;
        for (size_t t = 0; t < tasks.size(); ++t) {
            const TaskAnswer none;
            const TaskAnswer& a = t < r.answers.size() ? r.answers[t] : none;
            answers[tasks[t]] = {
                {"answer", a.answer},
                {"label", answer_label_as(tasks[t], a.label, conventions.expression_names)}};
        }
        face["answers"] = answers;
    }
    return face;
}

nlohmann::ordered_json media_summary_json(const MediaSummary& s) {
    nlohmann::ordered_json json;
    json["kind"] = media_kind_name(s.kind);
    json["width"] = s.width;
    json["height"] = s.height;
    if (s.kind == MediaKind::Video) {
        json["fps"] = s.fps;
        json["frame_count"] = s.frame_count;
        json["duration_s"] = s.duration_s;
    }
    json["frames_analysed"] = s.frames_analysed;
    json["faces"] = s.faces;
    json["face_ids"] = s.face_ids;
    if (!s.warning.empty())
        json["warning"] = s.warning;
    json["seconds"] = s.seconds;
    return json;
}

}  // namespace facellava::pipeline
