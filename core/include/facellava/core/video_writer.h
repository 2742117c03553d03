// Encodes RGB frames into a video file with FFmpeg: exporting annotated clips
// and making test videos with known content. The container is chosen from the
// file's extension (.mp4, .mov, .mkv, .avi, …).
//
// Thread-safety: one VideoWriter per thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "facellava/core/image.h"

namespace facellava {

struct VideoWriterOptions {
    std::string codec = "mpeg4";  // FFmpeg encoder name: "mpeg4", "libx264", "mjpeg", "ffv1"…
    double fps = 25.0;            // constant frame rate
    int gop_size = 12;            // frames from one keyframe to the next
    int max_b_frames = 0;         // > 0 makes the encoder reorder frames
    // Fixed quantiser for encoders that take one (mpeg4, mjpeg; 1 = best,
    // 31 = worst); 0 leaves rate control to the encoder and codec_options.
    int qscale = 2;
    // Clockwise turn a player should apply (0, 90, 180, 270), stored as a
    // display matrix; only MP4/MOV keep it.
    int rotation_degrees = 0;
    // Passed to the encoder, e.g. {"crf", "18"}, {"preset", "veryfast"}.
    std::vector<std::pair<std::string, std::string>> codec_options;
    // Passed to the muxer, e.g. {"movflags", "+faststart"}.
    std::vector<std::pair<std::string, std::string>> format_options;
};

class VideoWriter {
  public:
    // Creates the file and configures the encoder for width × height frames.
    // Throws facellava::Error naming the file.
    VideoWriter(const std::string& path, int width, int height,
                const VideoWriterOptions& options = {});
    // Finishes the file when finish() was not called; errors are swallowed
    // there, so call finish() to see them.
    ~VideoWriter();
    VideoWriter(VideoWriter&&) noexcept;
    VideoWriter& operator=(VideoWriter&&) noexcept;
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    // Appends one frame; it must have the size given at construction.
    void write(const ImageRGB& frame);
    // Flushes the encoder, writes the trailer and closes the file.
    void finish();
    int64_t frames_written() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace facellava
