#include "crop_boxes.h"

#include <algorithm>

#include "facellava/core/box_overlap.h"

namespace facellava::pipeline {
namespace {

struct Pair {
    double iou;
    size_t face;
    size_t box;
};

}  // namespace

void match_crop_boxes(const std::vector<FaceBox>& blazeface_boxes, std::vector<FaceRecord>& faces) {
    std::vector<Pair> pairs;
    for (size_t f = 0; f < faces.size(); ++f) {
        faces[f].crop_box.reset();
        if (!faces[f].success)
            continue;
        for (size_t b = 0; b < blazeface_boxes.size(); ++b) {
            const double overlap = box_iou(faces[f].box, blazeface_boxes[b]);
            if (overlap >= kMinCropBoxIou)
                pairs.push_back({overlap, f, b});
        }
    }
    // Stable: equal IoUs keep face order, then box order (BlazeFace's best
    // first), so the result does not depend on the sort's implementation.
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.iou > b.iou; });
    std::vector<bool> box_taken(blazeface_boxes.size(), false);
    for (const Pair& p : pairs) {
        if (faces[p.face].crop_box || box_taken[p.box])
            continue;
        faces[p.face].crop_box = blazeface_boxes[p.box];
        box_taken[p.box] = true;
    }
}

}  // namespace facellava::pipeline
