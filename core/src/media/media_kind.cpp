// probe_media_kind: image signatures first (cheap, and FFmpeg would call a
// JPEG a one-frame video), then FFmpeg's demuxer probe for a video stream.
#include <cstdio>
#include <memory>

#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "facellava/core/paths.h"
#include "media/ffmpeg_util.h"
#include "media/image_header.h"

namespace facellava {

MediaKind probe_media_kind(const std::string& path) {
    if (!is_readable_file(path)) {
        throw Error("cannot read file", path, "check that the file exists and is readable");
    }
    uint8_t magic[16] = {};
    size_t n = 0;
    {
        std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
        if (!file)
            throw Error("cannot open file", path, "check the file permissions");
        n = std::fread(magic, 1, sizeof(magic), file.get());
    }
    if (n == 0)
        return MediaKind::Unknown;
    if (media::sniff_image_format(magic, n) != media::ImageFormat::Unknown)
        return MediaKind::Image;
    try {
        media::InputFormatPtr fmt = media::open_input(path);
        return media::find_video_stream(fmt.get()) >= 0 ? MediaKind::Video : MediaKind::Unknown;
    } catch (const Error&) {
        return MediaKind::Unknown;  // readable, but nothing FFmpeg understands
    }
}

}  // namespace facellava
