// Stream facts the demuxer does not hand over directly. Private to core/src/media.
#pragma once

#include <cstdint>
#include <string>

#include "media/ffmpeg_util.h"

namespace facellava::media {

// Clockwise turn (0, 90, 180, 270) a player applies for display, from the
// stream's display matrix: FFmpeg's CLI convention (−av_display_rotation_get,
// snapped to the nearest quarter turn). Mirroring in the matrix is ignored.
int display_rotation_clockwise(const AVStream& stream);

// Number of packets of stream `stream_index` in the file: the exact frame count
// for containers that do not store one. Demuxes the whole file once (no
// decoding) through its own demuxer, leaving the caller's untouched.
int64_t count_video_packets(const std::string& path, int stream_index);

}  // namespace facellava::media
