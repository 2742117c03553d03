// Key-frame detection with landmark tracking between key frames, as OpenFace
// does for videos (AnalysisOptions::keyframe_interval): the 416-px face
// detector, the costly part of a frame, runs on key frames only; on the
// frames between, each face's box is predicted from its previous frame's 68
// landmarks and the 112-px nets (landmarks, expression, age/gender) run on it.
//
// A frame is a key frame (detector, then the nets on its boxes) when
//   - it is the first, or keyframe_interval frames have passed since the last;
//   - the previous frame had no face (nothing to track);
//   - a tracked face is lost: its predicted box lies less than half inside the
//     frame, or the landmarks found in it do not fit it (fit below
//     kMinLandmarkFit). The frame is then analysed again as a key frame.
// New faces therefore appear only at key frames: at most keyframe_interval - 1
// frames after they enter.
//
// Thread-safety: per-video state; one KeyframeTracking per video, one thread.
#pragma once

#include <cstdint>
#include <vector>

#include "facellava/core/face_types.h"
#include "facellava/pipeline/analysis_options.h"
#include "facellava/pipeline/face_record.h"
#include "parallel_frame_faces.h"

namespace facellava::pipeline {

// Where a detector's box lies around its face's 68 landmarks, relative to
// their extent E (min/max of the points; ew × eh): box centre = E's centre +
// (centre_x · ew, centre_y · eh), box size = (width · ew, height · eh).
// The defaults are the medians over the 20 faces face-api finds on the six
// demo photos (tiny detector, then its 68-point net on that box;
// PipelineTracking.BoxFromLandmarksMatchesTheDetector re-measures them):
// the box reaches past jaw and brows, more across (ears) than down. The
// ratio varies from face to face (0.44 to 0.97 IoU between a detector box
// and its median-mapped landmarks there), so a track measures its own at its
// key frame (measure_box_mapping) and keeps it until the next one.
struct BoxMapping {
    double centre_x = -0.019;
    double centre_y = 0.025;
    double width = 1.444;
    double height = 1.329;
};

// The mapping that takes `points` (fitted in `box`) back to `box`; the
// defaults when the points have no extent.
BoxMapping measure_box_mapping(const FaceBox& box, const Landmarks68& points);

// The detector-like box of a face whose 68 landmarks are `points`.
FaceBox box_from_landmarks(const Landmarks68& points, const BoxMapping& mapping = {});

// The tracking confidence of a face: IoU of the box its landmarks were fitted
// in and box_from_landmarks() of those landmarks, in [0, 1]. On a face the
// landmark net puts the points where the box frames them, so the box they map
// back to stays on the box (fit near 1 as the face moves; measured in
// PipelineTracking.TrackedFramesStayNearDetection); on background or on a
// face half gone the points shrink, spread or drift and the fit drops.
double landmark_fit(const FaceBox& box, const Landmarks68& points, const BoxMapping& mapping = {});

class KeyframeTracking {
  public:
    // A tracked face whose landmark fit falls below this is lost. At 0.6 a
    // face sliding 12 px (0.1 face widths) a frame drifted 0.4 widths off
    // the detector's box before it was re-detected; at 0.8 it stays within
    // 0.14, and the 1-px-a-frame pan keeps every face (no re-detection)
    // (PipelineTracking tests).
    static constexpr double kMinLandmarkFit = 0.8;

    // `faces` and `options` must outlive this object.
    KeyframeTracking(ParallelFrameFaces& faces, const AnalysisOptions& options);

    // Faces of consecutive analysed frames of one video, in order. Between key
    // frames, as many frames as there are frame workers are predicted from
    // the same landmarks (frame j ahead: the last box moved on j + 1 times
    // the last motion) and analysed at once, one per worker. Records as
    // FrameFaces::run() makes them; on tracked frames box is
    // box_from_landmarks() of the new landmarks and box.score / confidence the
    // last key frame's detector score of that face.
    std::vector<std::vector<FaceRecord>> run_batch(const std::vector<const ImageRGB*>& frames);

    int64_t frames() const { return frames_; }
    int64_t key_frames() const { return key_frames_; }

  private:
    struct Track {
        BoxMapping mapping;  // measured at the key frame
        FaceBox box;         // box_from_landmarks() of the last landmarks (score: the detector's)
        float dx = 0;        // box centre motion over the last frame, pixels (0 after a key frame)
        float dy = 0;
    };

    // Detector, then the nets on its boxes; the tracks start again from them.
    std::vector<FaceRecord> key_frame(const ImageRGB& frame);

    ParallelFrameFaces& faces_;
    const AnalysisOptions& options_;
    std::vector<Track> tracks_;
    int since_key_ = 0;  // frames analysed since the last key frame
    bool started_ = false;
    int64_t frames_ = 0;
    int64_t key_frames_ = 0;
};

}  // namespace facellava::pipeline
