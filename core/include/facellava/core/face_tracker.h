// Several faces across video frames with stable face ids.
//
// Each frame's detections are matched to the live tracks by a cost mixing box
// overlap and landmark distance, both measured against where each track is
// predicted to be (its last position moved on by its smoothed per-frame
// velocity, so faces that cross each other keep their ids). The assignment is
// optimal over the frame (Hungarian algorithm, minimum total cost, where a
// track and a detection left unmatched together cost 1, the cost of the worst
// admissible pair; greedy matching by best cost would let one good-looking
// pair steal a face from a crossing neighbour). A detection left unmatched
// starts a new track with a new id; a track left unmatched is kept for up to
// max_missed_frames frames, during which its face is re-identified when it
// comes back; after that the track ends. Ids count up from 0 and are never
// reused. New ids go to unmatched detections in the order of their boxes
// (x, then y, w, h), so ids do not depend on the order the detector lists faces.
//
// Re-identification by appearance: detections may carry a face embedding
// (a face-recognition net's output). A track keeps the mean of its matched
// detections' normalised embeddings. Before an unmatched detection gets a new
// id it is compared with the tracks unmatched in this frame and the tracks
// that ended (lost longer than max_missed_frames): the pairs within
// reid_max_distance (cosine distance, 1 − similarity) are matched, again
// optimally over the frame, and such a face takes back its old id however
// long it was gone. Boxes and landmarks alone never re-identify a lost track;
// without embeddings the tracker behaves as if re-identification did not
// exist.
//
// Cost of track T and detection D, both in [0, 1] for admissible pairs:
//   d    = mean |predicted landmark − detected landmark| / ((T.w + T.h) / 2)
//          (box centres instead of landmarks when either side has none);
//   cost = iou_weight · (1 − IoU(predicted box, D.box))
//        + (1 − iou_weight) · d / max_landmark_distance;
// a pair with d > max_landmark_distance is never matched.
//
// Thread-safety: a FaceTracker holds per-video state and is not thread-safe;
// use one per video stream.
#pragma once

#include <array>
#include <vector>

#include "facellava/core/face_types.h"

namespace facellava {

struct FaceTrackerParams {
    // Consecutive frames a track survives without a detection (and may be
    // re-identified); a face gone longer comes back with a new id. Counted in
    // update() calls, i.e. processed frames when frames are skipped.
    int max_missed_frames = 10;
    // Weight of the box-overlap term in the cost; the landmark term gets the
    // rest (0: landmarks only, 1: overlap only, within the distance gate).
    double iou_weight = 0.5;
    // Gate on d (mean landmark distance in face sizes): farther detections are
    // never matched to the track. 1 = up to about one face width per frame.
    double max_landmark_distance = 1.0;
    // Weight of the newest observation in the exponentially smoothed velocity
    // (1: last displacement only, 0: velocity frozen at its first estimate).
    double velocity_smoothing = 0.5;
    // Re-identification gate: an unmatched detection and a missing or ended
    // track are the same face when the cosine distance (1 − cosine similarity)
    // of their embeddings is at most this, within [0, 2]; 0 turns
    // re-identification off. The right value depends on the embedding net
    // (ArcFace-style nets: ~0.5–0.6); see identity_clusters.h.
    double reid_max_distance = 0.5;
    // Ended tracks kept for re-identification (those with an embedding only);
    // beyond this the longest-unseen are forgotten.
    int reid_max_lost_tracks = 64;
};

struct FaceTrack {
    int id = -1;
    FaceBox box;            // last matched detection
    Landmarks68 landmarks;  // last matched landmarks (when has_landmarks)
    bool has_landmarks = false;
    std::array<float, 2> velocity{};  // box centre motion, pixels per frame
    int first_frame = 0;              // update() index (0-based) of the first detection
    int last_frame = 0;               // … and of the last matched one
    int hits = 0;                     // frames matched in total
    int missed_frames = 0;            // consecutive frames unmatched since last_frame
    bool has_velocity = false;        // a displacement seen since (re)appearing
    // Mean of the matched detections' L2-normalised embeddings (empty: none
    // came with one), and how many went into it.
    std::vector<float> embedding;
    int embedding_count = 0;
    int reidentifications = 0;  // times the track came back by its embedding
};

class FaceTracker {
  public:
    // Throws facellava::Error on parameters out of range.
    explicit FaceTracker(const FaceTrackerParams& params = {});

    // One call per processed frame. landmarks is empty or holds one entry per
    // box, in the same order; so is embeddings, where an entry may be empty (a
    // face without one). Returns the face id of each box, in input order.
    // Throws facellava::Error when the sizes disagree, a box is not finite or
    // has no area, or an embedding is not finite, all zeros, or of another
    // size than the tracks' embeddings; a rejected frame changes nothing.
    std::vector<int> update(const std::vector<FaceBox>& boxes,
                            const std::vector<Landmarks68>& landmarks = {},
                            const std::vector<std::vector<float>>& embeddings = {});

    // Live tracks (matched in this frame or missing for up to
    // max_missed_frames), by increasing id.
    const std::vector<FaceTrack>& tracks() const { return tracks_; }
    // Ended tracks remembered for re-identification, by increasing id.
    const std::vector<FaceTrack>& lost_tracks() const { return lost_; }
    // Frames processed so far (the index the next update() gets).
    int frame_count() const { return frame_; }
    // The id the next new face will get (= number of ids handed out).
    int next_id() const { return next_id_; }
    const FaceTrackerParams& params() const { return params_; }

  private:
    FaceTrackerParams params_;
    std::vector<FaceTrack> tracks_;
    std::vector<FaceTrack> lost_;
    int frame_ = 0;
    int next_id_ = 0;
    long embedding_size_ = -1;  // values per embedding, fixed by the first one seen
};

}  // namespace facellava
