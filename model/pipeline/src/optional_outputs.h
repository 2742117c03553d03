// The optional per-face outputs (OutputConventions::outputs): the face mesh,
// gaze and eye openness, identity embeddings and presentation-attack scores,
// measured on the faces FrameFaces found; and the identity names within one
// file (IdentityNamer), given as the faces go by in frame order.
//
// Thread-safety: measure_optional_outputs is reentrant (the nets are shared
// and immutable); an IdentityNamer belongs to one file's analysis.
#pragma once

#include <map>
#include <vector>

#include "facellava/core/identity_clusters.h"
#include "facellava/core/image.h"
#include "facellava/pipeline/analysis_models.h"
#include "facellava/pipeline/face_record.h"

namespace facellava::pipeline {

// Fills mesh, gaze, eye openness, embedding and the PAD scores of `faces`
// (records of one frame with box, landmarks and pose set) as `outputs` asks.
// A face whose mesh or eyes cannot be measured keeps those fields empty.
void measure_optional_outputs(const AnalysisModels& models, const OptionalOutputs& outputs,
                              const ImageRGB& frame, std::vector<FaceRecord>& faces);

// Who is who within one file: a face's embedding goes to the nearest person
// so far (cosine similarity to the person's mean embedding at least
// kSamePersonSimilarity) or makes a new one, "person_1", "person_2", … in
// order of appearance. In a video a track (face_id) keeps the person its
// first face got, so a name does not flicker from frame to frame.
class IdentityNamer {
  public:
    // faceres embeddings, aligned faces (face_descriptors.h): one person's
    // pairs measured ≥ 0.818, different people's ≤ 0.815 on 122 faces; the
    // mean embedding of a person sits closer to its faces than pairs do.
    static constexpr double kSamePersonSimilarity = 0.8;

    void name(FaceRecord& face);

  private:
    IdentityClusters people_;
    std::map<int, int> person_of_track_;  // face_id → index into people_
};

}  // namespace facellava::pipeline
