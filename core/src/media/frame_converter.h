// Decoded AVFrame (any pixel format) → upright facellava::ImageRGB. Private to
// core/src/media.
#pragma once

#include <cstddef>
#include "facellava/core/image.h"
#include "media/ffmpeg_util.h"

namespace facellava::media {

class FrameConverter {
  public:
    // Converts to RGB24 honouring the frame's colour matrix and range (as
    // FFmpeg's scale filter does), then turns it clockwise by
    // `rotation_degrees` (0, 90, 180, 270).
    ImageRGB convert(const AVFrame& frame, int rotation_degrees);

  private:
    SwsPtr sws_;
    FramePtr rgb_;  // aligned RGB24 scratch frame, reused while the size holds
};

}  // namespace facellava::media
