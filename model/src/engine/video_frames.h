// Which face frames of a video the video tower gets (FACELLAVA_SPEC §6). The
// authors' processor always gives the tower its configured number of frames:
// np.linspace(0, n − 1, num_frames, dtype=int) over the n frames of the
// face-cropped video (processing_video.py:132), and that video holds only the
// frames where the crop tool found a face (tools/crop_face.py). So the frames
// here are spread over the frames that have a face, repeating when there are
// fewer than num_frames of them and thinning out when there are more.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/facellava_hparams.h"
#include "facellava/model/engine.h"

namespace facellava::model {

// What chat() and ask_faces() both refuse before any work: several images
// not marked as a video, a video without frames, and a visual input the
// checkpoint has no tower for (the demo model has no video tower: its
// tower config would otherwise be read while absent). Throws
// facellava::Error saying what to ask instead.
void check_visual_request(const FaceLlavaHParams& hp, size_t frame_count, bool is_video);

// num_frames indices into `available` face frames, computed as numpy does
// (i · step in doubles, the last set to n − 1, truncated). Throws
// facellava::Error when no frame has a face or num_frames < 1.
std::vector<int64_t> tower_frame_indices(int64_t available, int64_t num_frames);

// The face frames at tower_frame_indices(frames.size(), num_frames), in order.
std::vector<FaceFrame> frames_for_video_tower(const std::vector<FaceFrame>& frames,
                                              int64_t num_frames);

}  // namespace facellava::model
