// RAII owners for FFmpeg objects and error helpers, shared by the reader, the
// writer and the media probe. Private to core/src/media.
#pragma once

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libswscale/swscale.h>
}

#include <memory>
#include <string>

namespace facellava::media {

// FFmpeg's free functions take a pointer-to-pointer and null it; these adapt
// them to unique_ptr deleters.
struct InputFormatDeleter {
    void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};
struct CodecContextDeleter {
    void operator()(AVCodecContext* ctx) const { avcodec_free_context(&ctx); }
};
struct FrameDeleter {
    void operator()(AVFrame* frame) const { av_frame_free(&frame); }
};
struct PacketDeleter {
    void operator()(AVPacket* packet) const { av_packet_free(&packet); }
};
struct SwsDeleter {
    void operator()(SwsContext* ctx) const { sws_freeContext(ctx); }
};
struct DictionaryDeleter {
    void operator()(AVDictionary* dict) const { av_dict_free(&dict); }
};

using InputFormatPtr = std::unique_ptr<AVFormatContext, InputFormatDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using SwsPtr = std::unique_ptr<SwsContext, SwsDeleter>;

// FFmpeg logs to stderr at "info" by default (encoder statistics, decoder
// chatter about files we report as errors anyway). Once per process this sets
// its level to FACELLAVA_FFMPEG_LOGLEVEL (quiet, panic, fatal, error, warning,
// info, verbose, debug, trace), "error" when unset. Called by every entry
// point that uses FFmpeg.
void configure_ffmpeg_logging();

// FFmpeg's text for an AVERROR code.
std::string av_error_text(int code);

// Opens `path` for demuxing and reads its stream info. Throws facellava::Error
// naming the file (with FFmpeg's reason) when it is not a readable container.
InputFormatPtr open_input(const std::string& path);

// The index of the best video stream that is real video (not cover art), or -1.
int find_video_stream(AVFormatContext* fmt);

// Frames and packets are allocated on many paths; these throw on out-of-memory.
FramePtr make_frame();
PacketPtr make_packet();

}  // namespace facellava::media
