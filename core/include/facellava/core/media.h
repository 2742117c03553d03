// Media input: still images (OpenCV, libjpeg-turbo) and videos (FFmpeg), all
// delivered as facellava::ImageRGB. No FFmpeg or OpenCV type appears here.
//
// Every failure a user can cause (missing, corrupt, truncated or unsupported
// file, absurd dimensions) throws facellava::Error naming the file.
//
// FFmpeg's own log goes to stderr, limited to errors unless the environment
// variable FACELLAVA_FFMPEG_LOGLEVEL names another level (e.g. "debug").
//
// Thread-safety: the free functions are reentrant. A VideoReader holds decoder
// state and must be used by one thread at a time: give each thread its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "facellava/core/image.h"

namespace facellava {

// ---- still images --------------------------------------------------------

struct ImageLoadOptions {
    // Limits checked against the file header before anything is decoded, so a
    // 100000×100000 header cannot make us allocate 30 GB.
    int max_width = 16384;
    int max_height = 16384;
    int64_t max_pixels = 200'000'000;
};

// Decodes a JPEG, PNG, BMP, WebP or TIFF file (recognised by content, not by
// extension) to RGB, applying the EXIF orientation. Uses cv::imread, i.e. the
// libjpeg-turbo the project's reference outputs were made with.
ImageRGB load_image(const std::string& path, const ImageLoadOptions& options = {});

enum class Interpolation {
    Bilinear,  // cv::INTER_LINEAR (half-pixel centres, as cv2.resize)
    Bicubic,   // cv::INTER_CUBIC
    Area,      // cv::INTER_AREA (pixel-area averaging; best for shrinking)
};

// Resizes to width × height (both ≥ 1) with OpenCV.
ImageRGB resize_image(const ImageRGB& image, int width, int height, Interpolation interpolation);

// Rotates clockwise by 0, 90, 180 or 270 degrees (other values throw).
ImageRGB rotate_image_clockwise(const ImageRGB& image, int degrees);

// Lossless PNG; throws facellava::Error naming the file when it cannot be written.
void save_image_png(const ImageRGB& image, const std::string& path);
// JPEG with the given quality (1..100).
void save_image_jpeg(const ImageRGB& image, const std::string& path, int quality = 95);

// ---- what a file holds -----------------------------------------------------

enum class MediaKind { Image, Video, Unknown };

// Looks at the content: image signatures first, then FFmpeg's probe for a
// video stream (cover art of audio files does not count). Throws
// facellava::Error when the file cannot be read; Unknown for anything else.
MediaKind probe_media_kind(const std::string& path);

// ---- video -----------------------------------------------------------------

// Where VideoInfo::frame_count came from.
enum class FrameCountSource {
    Container,  // the container's per-stream frame count (MP4/MOV sample table, AVI index)
    Counted,    // the container had none (Matroska, WebM, MPEG-TS…): the video
                // packets were counted once at open (demuxing only, no decoding)
};

struct VideoInfo {
    int64_t frame_count = 0;  // exact, see frame_count_source
    FrameCountSource frame_count_source = FrameCountSource::Container;
    double fps = 0;         // the stream's average frame rate (r_frame_rate when unset)
    double duration_s = 0;  // the stream's duration, else the container's, else frames / fps
    int width = 0;          // size of the frames frame_at()/next() return, i.e.
    int height = 0;         // after rotation when apply_rotation is on
    int coded_width = 0;    // size as stored in the stream
    int coded_height = 0;
    int rotation_degrees = 0;  // clockwise turn a player applies for display: 0, 90, 180 or 270
    std::string codec;         // e.g. "h264"
    std::string container;     // e.g. "mov,mp4,m4a,3gp,3g2,mj2"
};

struct VideoReaderOptions {
    int decoder_threads = 0;     // 0 = FFmpeg chooses
    bool apply_rotation = true;  // turn frames upright as the display matrix says
    // A target this many frames or fewer ahead of the current position is
    // reached by decoding forward instead of seeking.
    int forward_decode_limit = 48;
    // Frame size limits, checked against the stream header before anything
    // is decoded and again on every decoded frame (the size may change
    // mid-stream); the same defaults as ImageLoadOptions.
    int max_width = 16384;
    int max_height = 16384;
    int64_t max_pixels = 200'000'000;
};

// Frame-accurate random access and bounded-memory sequential decoding.
//
// Frame index k is the frame whose presentation time is k / fps after the
// first frame's (pts = first_pts + k / fps in the stream's time base). For
// constant-frame-rate video (what cameras, encoders and the authors' tools
// produce) that is exactly the k-th frame. For variable-frame-rate files,
// frame_at(k) returns the frame on screen at that time (the last one whose
// timestamp is not after it, as index_at() counts) and next() reports
// indices derived from the timestamps, made strictly increasing.
//
// Not thread-safe: one VideoReader per thread.
class VideoReader {
  public:
    VideoReader();
    // Opens the file, reads its metadata and decodes the first frame, so a file
    // that opens is known to decode. Throws facellava::Error naming the file.
    explicit VideoReader(const std::string& path, const VideoReaderOptions& options = {});
    ~VideoReader();
    VideoReader(VideoReader&&) noexcept;
    VideoReader& operator=(VideoReader&&) noexcept;
    VideoReader(const VideoReader&) = delete;
    VideoReader& operator=(const VideoReader&) = delete;

    void open(const std::string& path, const VideoReaderOptions& options = {});
    bool is_open() const;
    const std::string& path() const;
    const VideoInfo& info() const;  // throws when not open

    // Seconds from the first frame: index / fps.
    double timestamp_of(int64_t index) const;
    // The frame shown at `seconds` after the first frame, clamped to the video.
    int64_t index_at(double seconds) const;

    // Exactly frame `index` (0 ≤ index < frame_count). Seeks to the keyframe
    // before it and decodes forward. Throws facellava::Error when the index is
    // out of range or the frame cannot be decoded (e.g. a truncated file).
    ImageRGB frame_at(int64_t index);

    // The frame after the last one returned by frame_at() or next() (frame 0
    // after open). Returns false at the end of the video. Holds one decoded
    // frame at a time, so memory does not grow with the video's length.
    bool next(ImageRGB& frame, int64_t& index, double& timestamp_s);
    // After next() returned false: true when the video stopped before its last
    // frame (truncated or damaged file), so batch jobs can flag the result.
    bool ended_early() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Face-LLaVA's frame sampling (spec §6): linspace(0, n_frames − 1, count) with
// numpy's arithmetic, truncated to integers (numpy's astype(int)). Repeats
// indices when n_frames < count, as numpy does; empty when either is ≤ 0.
std::vector<int64_t> uniform_indices(int64_t n_frames, int count = 8);

// Versions for `facellava info` and the About box.
std::string ffmpeg_version();
std::string opencv_version();

}  // namespace facellava
