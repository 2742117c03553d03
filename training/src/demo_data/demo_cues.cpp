// Cues measured from a crop's 68 landmarks, for the answers' rationales.
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/core/face_geometry.h"
#include "facellava/core/head_pose.h"
#include "facellava/training/demo_data.h"

namespace facellava::training {
namespace {

double distance(const Landmarks68& lm, int a, int b) {
    return std::hypot(double(lm.x(a)) - lm.x(b), double(lm.y(a)) - lm.y(b));
}

}  // namespace

int expression_argmax(const std::array<float, 7>& probabilities) {
    int best = 0;
    for (int i = 1; i < int(probabilities.size()); ++i) {
        if (probabilities[size_t(i)] > probabilities[size_t(best)])
            best = i;
    }
    return best;
}

FaceCues measure_face_cues(const Landmarks68& lm, int crop_size) {
    const FaceGeometry g = measure_face_geometry(lm);  // throws on degenerate points
    FaceCues cues;
    cues.mouth_openness = g.mouth_aspect_ratio;
    cues.lip_corner_raise = g.lip_corner_elevation;
    cues.eye_openness = (g.right_eye_aspect_ratio + g.left_eye_aspect_ratio) / 2;
    const double face_height = distance(lm, 27, 8);
    if (!(face_height > 0))
        throw Error("face landmarks are degenerate (nasion and chin coincide)");
    // The geometry's brow raise is in inter-ocular distances; re-express it
    // as a share of the face height.
    cues.brow_raise =
        (g.right_brow_raise + g.left_brow_raise) / 2 * g.inter_ocular_distance / face_height;
    try {
        const HeadPose pose = estimate_head_pose(lm, crop_size, crop_size);
        cues.yaw = pose.yaw;
        cues.pitch = pose.pitch;
        cues.pose_reliable = pose.reprojection_error < 0.1;
    } catch (const Error&) {
        cues.pose_reliable = false;  // no rigid face fits: say nothing about the pose
    }
    return cues;
}

}  // namespace facellava::training
