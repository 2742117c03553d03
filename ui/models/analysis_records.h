// How the analysis of a frame is kept in the session store, so that reopening
// a session shows it again exactly, without running the nets:
//   face_observations  one row per face (its track is the face_id), detector
//                      "face-api" or "dlib", box, score and the 68 landmarks as
//                      detected; a face whose landmarks were dragged into place
//                      has a second row at that frame, detector "manual"
//                      (store::kManualDetector), with all 68 points in force.
//   predictions        per face and frame, model "face-api": "expression"
//                      (value the top label, JSON the seven probabilities by
//                      label), "age" (value years, JSON {"years"}), "gender"
//                      (value the label, JSON {"probability"}); model
//                      "head-pose": "head_pose" from the landmarks in force
//                      (value "yaw pitch roll", JSON the angles in degrees and
//                      the fit error); Face-LLaVA's answers as "llava_<task>"
//                      (value the answer, JSON {"label"}), model the checkpoint.
// A new analysis of a frame replaces its observations and face-api / pose
// predictions; Face-LLaVA's answers stay until the same question is asked again.
//
// Every function runs on the store writer's thread (SessionContext::run) and
// throws facellava::Error on a store failure.
#pragma once

#include <optional>
#include <string>

#include "facellava/core/store/session_store.h"
#include "models/analysis_state.h"
#include "models/frame_analysis.h"

namespace facellava::ui {

// The models the rows name; the task names and their JSON keys are
// store/analysis_tasks.h's, which readers outside the GUI share.
inline constexpr const char* kPerceptionModelId = "face-api";
inline constexpr const char* kHeadPoseModelId = "head-pose";

struct StoredAnalysis {
    FrameAnalysis detected;  // as the detector found it, with Face-LLaVA's answers
    FrameCorrections corrections;
};

// Replaces what the session holds about the faces of detected.key.frame with
// `detected` and the corrections in force for that frame.
void save_frame_analysis(store::SessionStore& store, store::Id media_id,
                         const FrameAnalysis& detected, const FrameCorrections& corrections,
                         double timestamp_s);

// Stores the corrections of one face at one frame (none: removes its manual
// row) and the head pose of the landmarks in force. Returns false, saving
// nothing, when the frame's analysis of that face is not in the session.
bool save_landmark_corrections(store::SessionStore& store, store::Id media_id, int64_t frame,
                               int face_id, const LandmarkCorrections& corrections,
                               QSize image_size);

// Stores Face-LLaVA's answer about a face (replacing an earlier answer to the same task).
void save_task_answer(store::SessionStore& store, store::Id media_id, int64_t frame, int face_id,
                      const TaskAnswer& answer, const std::string& model_id);

// The stored analysis of key.frame; nullopt when that frame was never analysed.
std::optional<StoredAnalysis> load_frame_analysis(store::SessionStore& store, store::Id media_id,
                                                  const FrameKey& key, QSize image_size);

}  // namespace facellava::ui
