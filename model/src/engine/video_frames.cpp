#include "engine/video_frames.h"

#include "facellava/core/error.h"

namespace facellava::model {

void check_visual_request(const FaceLlavaHParams& hp, size_t frame_count, bool is_video) {
    if (frame_count > 1 && !is_video) {
        throw Error("several images in one question are not supported", "",
                    "ask about one image, or mark the frames as a video");
    }
    if (is_video && frame_count == 0)
        throw Error("a video question needs frames", "", "sample frames from the video");
    if (is_video && !hp.video_tower) {
        throw Error("this checkpoint has no video tower", "",
                    "ask about an image (one frame of the video), or load a checkpoint with a "
                    "video tower");
    }
    if (!is_video && frame_count > 0 && !hp.image_tower) {
        throw Error("this checkpoint has no image tower", "",
                    "ask about a video, or load a checkpoint with an image tower");
    }
}

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
