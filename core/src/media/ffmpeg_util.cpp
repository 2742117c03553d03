#include "media/ffmpeg_util.h"

extern "C" {
#include <libavutil/log.h>
}

#include <mutex>
#include <new>
#include <utility>

#include "facellava/core/error.h"
#include "facellava/core/paths.h"

namespace facellava::media {

void configure_ffmpeg_logging() {
    static std::once_flag once;
    std::call_once(once, [] {
        static const std::pair<const char*, int> kLevels[] = {
            {"quiet", AV_LOG_QUIET},     {"panic", AV_LOG_PANIC},     {"fatal", AV_LOG_FATAL},
            {"error", AV_LOG_ERROR},     {"warning", AV_LOG_WARNING}, {"info", AV_LOG_INFO},
            {"verbose", AV_LOG_VERBOSE}, {"debug", AV_LOG_DEBUG},     {"trace", AV_LOG_TRACE}};
        const std::string wanted = env_or("FACELLAVA_FFMPEG_LOGLEVEL", "error");
        int level = AV_LOG_ERROR;
        for (const auto& [name, value] : kLevels) {
            if (wanted == name)
                level = value;
        }
        av_log_set_level(level);
    });
}

std::string av_error_text(int code) {
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof(text));
    return text;
}

InputFormatPtr open_input(const std::string& path) {
    // FFmpeg's own "No such file" is less clear than ours, and avformat would
    // also accept URLs and device names: only plain readable files get in.
    if (!is_readable_file(path)) {
        throw Error("cannot read video file", path, "check that the file exists and is readable");
    }
    configure_ffmpeg_logging();
    AVFormatContext* raw = nullptr;
    int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
    if (rc < 0) {
        // avformat_open_input frees the context itself on failure.
        throw Error("not a video file FFmpeg can read (" + av_error_text(rc) + ")", path,
                    "the file may be corrupt, truncated or of an unsupported format");
    }
    InputFormatPtr fmt(raw);
    rc = avformat_find_stream_info(fmt.get(), nullptr);
    if (rc < 0) {
        throw Error("cannot read the video's stream information (" + av_error_text(rc) + ")", path,
                    "the file may be corrupt or truncated");
    }
    return fmt;
}

int find_video_stream(AVFormatContext* fmt) {
    int best = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (best >= 0 && !(fmt->streams[best]->disposition & AV_DISPOSITION_ATTACHED_PIC))
        return best;
    // av_find_best_stream may prefer an album cover; look for real video.
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        const AVStream* st = fmt->streams[i];
        if (st->codecpar->codec_type == AVMEDIA_TYPE_VIDEO &&
            !(st->disposition & AV_DISPOSITION_ATTACHED_PIC)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

FramePtr make_frame() {
    FramePtr frame(av_frame_alloc());
    if (!frame)
        throw std::bad_alloc();
    return frame;
}

PacketPtr make_packet() {
    PacketPtr packet(av_packet_alloc());
    if (!packet)
        throw std::bad_alloc();
    return packet;
}

}  // namespace facellava::media
