// The face mesh pipeline on loaded graphs: boxes → 192 crops → facemesh →
// (iris on two 64 eye crops per face) → image pixels. FaceMeshNet wraps it;
// the tests call it directly to sweep the box scale on already loaded nets.
//
// Thread-safety: free function over immutable graphs; safe to call concurrently.
#pragma once

#include <vector>

#include "facellava/model/face_mesh.h"
#include "perception/tfjs_graph/graph_model.h"

namespace facellava::perception::mesh {

inline constexpr const char* kMeshModel = FaceMeshNet::kMeshModel;
inline constexpr const char* kIrisModel = FaceMeshNet::kIrisModel;

struct MeshRunConfig {
    double box_scale = kFaceApiBoxScale;
    // Which eye crop is mirrored before the iris net (the net expects one eye
    // orientation), and mirrored back after it.
    bool flip_eye263 = true;
    // Re-crops turned by the measured roll (0: none, Human's v1 behaviour on
    // still images; each pass reruns the mesh net on the faces still moving).
    int roll_passes = 2;
};

// `iris` null: 468 points. Throws facellava::Error on a malformed image, an
// empty box, or graph outputs of unexpected sizes.
std::vector<FaceMeshResult> run_face_mesh(const tfjs::GraphModel& mesh_net,
                                          const tfjs::GraphModel* iris_net, const ImageRGB& image,
                                          const std::vector<FaceBox>& boxes,
                                          const MeshRunConfig& config);

}  // namespace facellava::perception::mesh
