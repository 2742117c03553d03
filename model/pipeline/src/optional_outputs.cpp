#include "optional_outputs.h"

#include "facellava/core/error.h"
#include "facellava/core/gaze.h"

namespace facellava::pipeline {
namespace {

void measure_mesh_and_gaze(const perception::FaceMeshNet& net, const OptionalOutputs& outputs,
                           const ImageRGB& frame, std::vector<FaceRecord>& faces) {
    std::vector<perception::FaceBox> boxes;
    for (const auto& f : faces)
        boxes.push_back({f.box.x, f.box.y, f.box.w, f.box.h});
    const auto meshes = net.fit(frame, boxes);
    for (size_t i = 0; i < faces.size(); ++i) {
        FaceRecord& face = faces[i];
        const auto& result = meshes[i];
        if (!result.has_iris)
            continue;  // 478 points or none: the columns promise the irises
        face.mesh_score = result.face_score;
        if (outputs.mesh)
            face.mesh = result.points;
        if (!outputs.gaze)
            continue;
        std::vector<EyePoint> points;
        points.reserve(result.points.size());
        for (const auto& p : result.points)
            points.push_back({p[0], p[1], p[2]});
        const EyeGeometry right = mediapipe_eye(points, kMediaPipeRightEye);
        const EyeGeometry left = mediapipe_eye(points, kMediaPipeLeftEye);
        face.eye_openness_right = float(eye_openness(right));
        face.eye_openness_left = float(eye_openness(left));
        if (!face.pose)
            continue;  // the eyeball centres need the head's rotation
        try {
            // OpenFace's camera guess for the frame, as its gaze columns use.
            face.gaze =
                estimate_gaze(right, left, face.pose->rotation,
                              CameraIntrinsics::openface_default(frame.width, frame.height));
        } catch (const Error&) {
            // Degenerate eye geometry: the gaze cells stay empty.
        }
    }
}

void measure_descriptors(const perception::FaceDescriptorNets& nets, const ImageRGB& frame,
                         std::vector<FaceRecord>& faces) {
    std::vector<perception::FaceToDescribe> inputs;
    for (const auto& f : faces)
        inputs.push_back({f.box, f.landmarks});
    const auto described = nets.describe(frame, inputs);
    for (size_t i = 0; i < faces.size(); ++i) {
        faces[i].embedding = described[i].embedding;
        faces[i].antispoof = described[i].antispoof;
        faces[i].liveness = described[i].liveness;
    }
}

}  // namespace

void measure_optional_outputs(const AnalysisModels& models, const OptionalOutputs& outputs,
                              const ImageRGB& frame, std::vector<FaceRecord>& faces) {
    if (faces.empty() || !outputs.any())
        return;
    if (outputs.needs_mesh()) {
        if (!models.mesh)
            throw Error("the face mesh was asked for but not loaded", "",
                        "load the models with load_analysis_models() and the same options");
        measure_mesh_and_gaze(*models.mesh, outputs, frame, faces);
    }
    if (outputs.identity || outputs.pad) {
        if (!models.descriptors)
            throw Error(
                "identity or presentation-attack scores were asked for but their nets "
                "were not loaded",
                "", "load the models with load_analysis_models() and the same options");
        measure_descriptors(*models.descriptors, frame, faces);
    }
}

void IdentityNamer::name(FaceRecord& face) {
    if (!face.success || face.embedding.empty())
        return;
    const double max_distance = 1.0 - kSamePersonSimilarity;
    int person = -1;
    const auto known =
        face.face_id >= 0 ? person_of_track_.find(face.face_id) : person_of_track_.end();
    if (known != person_of_track_.end()) {
        person = known->second;
    } else {
        person = assign_identities(people_, {face.embedding}, max_distance).front();
        if (face.face_id >= 0)
            person_of_track_[face.face_id] = person;
    }
    face.identity = people_.names[size_t(person)];
    face.identity_similarity =
        float(cosine_similarity(face.embedding, people_.centroids[size_t(person)]));
}

}  // namespace facellava::pipeline
