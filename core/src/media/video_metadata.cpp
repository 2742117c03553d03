#include "media/video_metadata.h"

extern "C" {
#include <libavutil/display.h>
}

#include <cmath>

#include "facellava/core/error.h"

namespace facellava::media {

int display_rotation_clockwise(const AVStream& stream) {
    size_t size = 0;
    const uint8_t* matrix = av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
    if (!matrix || size < 9 * sizeof(int32_t))
        return 0;
    // av_display_rotation_get gives the counter-clockwise angle.
    const double counter_clockwise =
        av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
    if (std::isnan(counter_clockwise))
        return 0;
    const long quarter_turns = std::lround(-counter_clockwise / 90.0);
    return static_cast<int>(((quarter_turns % 4) + 4) % 4) * 90;
}

int64_t count_video_packets(const std::string& path, int stream_index) {
    InputFormatPtr fmt = open_input(path);
    if (stream_index < 0 || static_cast<unsigned>(stream_index) >= fmt->nb_streams) {
        throw Error("video stream vanished while counting frames", path);
    }
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        if (static_cast<int>(i) != stream_index)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    }
    PacketPtr packet = make_packet();
    int64_t count = 0;
    int rc = 0;
    while ((rc = av_read_frame(fmt.get(), packet.get())) >= 0) {
        // Packets an edit list cuts away are never shown, so they are no frames.
        if (packet->stream_index == stream_index && !(packet->flags & AV_PKT_FLAG_DISCARD))
            ++count;
        av_packet_unref(packet.get());
    }
    // A read error part-way (damaged file) leaves the frames before it countable.
    if (rc != AVERROR_EOF && count == 0) {
        throw Error("cannot read the video's packets (" + av_error_text(rc) + ")", path,
                    "the file may be corrupt or truncated");
    }
    return count;
}

}  // namespace facellava::media
