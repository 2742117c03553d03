// FaceRecord::crop_box for AnalysisOptions::crop_source BlazeFace with
// another detector: each face gets the BlazeFace box over it, so Face-LLaVA
// sees the crop its authors trained on (tools/crop_face.py cuts BlazeFace
// boxes) while the detector, the landmarks and the other nets keep the
// detector's boxes.
//
// Thread-safety: reentrant.
#pragma once

#include <vector>

#include "facellava/core/face_types.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// Below this IoU a BlazeFace box is taken to be another face (or none).
inline constexpr double kMinCropBoxIou = 0.3;

// Greedy by IoU: the (face, BlazeFace box) pair with the highest IoU ≥
// kMinCropBoxIou first, then the highest among the faces and boxes left, …;
// each box goes to one face at most. The others keep crop_box empty.
void match_crop_boxes(const std::vector<FaceBox>& blazeface_boxes, std::vector<FaceRecord>& faces);

}  // namespace facellava::pipeline
