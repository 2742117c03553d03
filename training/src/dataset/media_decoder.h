// Decoding of the training media behind a small interface, so the training
// library builds without FFmpeg/OpenCV (the GPU machine has neither): the
// default decoder uses core/media when the build has it and otherwise
// explains that images cannot be decoded. Tests or other front ends may pass
// their own decoder.
//
// Thread-safety: implementations must allow concurrent calls (the data
// workers share one decoder).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/image.h"

namespace facellava::training {

struct DecodedVideo {
    std::vector<ImageRGB> frames;        // the sampled frames, in order
    std::vector<int64_t> frame_indices;  // their indices in the video
    int64_t total_frames = 0;            // frames in the whole video
};

class MediaDecoder {
  public:
    virtual ~MediaDecoder() = default;
    virtual ImageRGB load_image(const std::string& path) const = 0;
    // `count` frames at uniform_frame_indices(total, count).
    virtual DecodedVideo load_video(const std::string& path, int64_t count) const = 0;
    // Frames from a folder of frame images (sorted naturally), same sampling.
    DecodedVideo load_frame_folder(const std::string& dir, int64_t count) const;
};

// FFmpeg/OpenCV when built with media (FACELLAVA_HAVE_MEDIA), else a decoder
// whose every call throws a facellava::Error saying how to get one.
std::shared_ptr<const MediaDecoder> default_media_decoder();

// Face-LLaVA's frame sampling (spec §6): numpy linspace(0, n − 1, count)
// truncated to integers; repeats indices when n < count.
std::vector<int64_t> uniform_frame_indices(int64_t n, int64_t count);

}  // namespace facellava::training
