#include "engine/video_frames.h"

#include "facellava/core/error.h"

namespace facellava::model {

std::vector<int64_t> tower_frame_indices(int64_t available, int64_t num_frames) {
    if (num_frames < 1) {
        throw Error("the video tower takes " + std::to_string(num_frames) + " frames", "",
                    "set num_frames in the checkpoint's config to 1 or more");
    }
    if (available < 1) {
        throw Error("no frame of the video has a face, so the video tower has nothing to see", "",
                    "use a video where the face is visible, or ask about a single frame");
    }
    std::vector<int64_t> indices;
    indices.reserve(size_t(num_frames));
    if (num_frames == 1)
        return {0};  // numpy: linspace(0, stop, 1) == [0.]
    const double step = double(available - 1) / double(num_frames - 1);
    for (int64_t i = 0; i + 1 < num_frames; ++i)
        indices.push_back(int64_t(double(i) * step));
    indices.push_back(available - 1);  // numpy sets the endpoint exactly
    return indices;
}

std::vector<FaceFrame> frames_for_video_tower(const std::vector<FaceFrame>& frames,
                                              int64_t num_frames) {
    std::vector<FaceFrame> chosen;
    for (int64_t index : tower_frame_indices(int64_t(frames.size()), num_frames))
        chosen.push_back(frames[size_t(index)]);
    return chosen;
}

}  // namespace facellava::model
