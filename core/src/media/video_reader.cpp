// VideoReader: FFmpeg demuxing + decoding with frame-exact random access.
//
// Index ↔ pts: pts(k) = origin + k / fps in the stream's time base, where
// origin is the pts of the first decoded frame (the stream's start_time for
// well-formed files; taking the decoded frame also covers files whose
// start_time counts frames an edit list hides).
//
// Random access seeks to the keyframe at or before pts(k) and decodes
// forward. Demuxers pick that keyframe by dts, so with B-frames it can lie
// after frame k in display order; the first frame decoded after a seek tells,
// and the seek is retried further back (1 s, 2 s, 4 s … then the start).
#include <algorithm>
#include <cmath>

#include "facellava/core/error.h"
#include "facellava/core/media.h"
#include "media/ffmpeg_util.h"
#include "media/frame_converter.h"
#include "media/video_metadata.h"

namespace facellava {

struct VideoReader::Impl {
    std::string path;
    VideoReaderOptions options;
    VideoInfo info;

    media::InputFormatPtr fmt;
    media::CodecContextPtr decoder;
    media::PacketPtr packet = media::make_packet();
    media::FramePtr frame = media::make_frame();  // the current decoded frame
    media::FrameConverter converter;
    int stream_index = -1;
    AVRational time_base{0, 1};
    AVRational frame_rate{0, 1};
    int64_t origin_pts = 0;

    // Decoder position.
    bool demux_ended = false;      // no more packets; the decoder was told to drain
    bool decoder_drained = false;  // the decoder gave its last frame
    bool have_frame = false;       // `frame` holds a decoded frame…
    bool frame_pending = false;    // …not yet returned to the caller
    int64_t frame_pts = 0;         // its timestamp
    int64_t frame_index = -1;      // its index (from its timestamp)
    int64_t last_returned = -1;    // index of the last frame handed out
    int read_error = 0;            // the AVERROR that ended demuxing early, if any
    bool ended_early = false;      // next() stopped before the last frame

    [[noreturn]] void fail(const std::string& what, const std::string& hint = {}) const {
        throw Error(what, path, hint);
    }

    void open_demuxer_and_decoder();
    void read_info();
    // Refuses frames over options.max_width / max_height / max_pixels.
    void check_frame_size(int width, int height) const {
        if (width > options.max_width || height > options.max_height ||
            int64_t(width) * height > options.max_pixels) {
            fail("the video's frames are too large to decode (" + std::to_string(width) + "x" +
                     std::to_string(height) + " pixels)",
                 "the limit is " + std::to_string(options.max_width) + "x" +
                     std::to_string(options.max_height) + " and " +
                     std::to_string(options.max_pixels) + " pixels; downscale the video first");
        }
    }
    bool decode_one();
    void seek(int64_t target_pts, bool to_start);
    void position_at(int64_t index);
    ImageRGB current_image() { return converter.convert(*frame, rotation()); }
    int rotation() const { return options.apply_rotation ? info.rotation_degrees : 0; }

    int64_t index_of_pts(int64_t pts) const {
        return av_rescale_q(pts - origin_pts, time_base, av_inv_q(frame_rate));
    }
    int64_t pts_of_index(int64_t index) const {
        return origin_pts + av_rescale_q(index, av_inv_q(frame_rate), time_base);
    }
};

void VideoReader::Impl::open_demuxer_and_decoder() {
    fmt = media::open_input(path);
    stream_index = media::find_video_stream(fmt.get());
    if (stream_index < 0)
        fail("the file has no video stream", "choose a video file");
    // Other streams are skipped by the demuxer instead of being read and dropped.
    for (unsigned i = 0; i < fmt->nb_streams; ++i) {
        if (static_cast<int>(i) != stream_index)
            fmt->streams[i]->discard = AVDISCARD_ALL;
    }
    const AVStream* stream = fmt->streams[stream_index];
    const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
    if (!codec) {
        fail(std::string("no decoder for the video codec ") +
                 avcodec_get_name(stream->codecpar->codec_id),
             "convert the video to H.264 or another common codec");
    }
    decoder.reset(avcodec_alloc_context3(codec));
    if (!decoder)
        throw std::bad_alloc();
    int rc = avcodec_parameters_to_context(decoder.get(), stream->codecpar);
    if (rc < 0)
        fail("cannot set up the video decoder (" + media::av_error_text(rc) + ")");
    decoder->thread_count = options.decoder_threads;
    decoder->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    decoder->pkt_timebase = stream->time_base;
    rc = avcodec_open2(decoder.get(), codec, nullptr);
    if (rc < 0)
        fail("cannot open the video decoder (" + media::av_error_text(rc) + ")");
    time_base = stream->time_base;
    demux_ended = decoder_drained = have_frame = frame_pending = false;
    read_error = 0;
}

void VideoReader::Impl::read_info() {
    const AVStream* stream = fmt->streams[stream_index];
    frame_rate = stream->avg_frame_rate;
    if (frame_rate.num <= 0 || frame_rate.den <= 0) {
        frame_rate = av_guess_frame_rate(fmt.get(), const_cast<AVStream*>(stream), nullptr);
    }
    if (frame_rate.num <= 0 || frame_rate.den <= 0) {
        fail("the video stream has no frame rate", "the file may be damaged; re-encode it");
    }
    info = VideoInfo{};
    info.fps = av_q2d(frame_rate);
    info.codec = avcodec_get_name(stream->codecpar->codec_id);
    info.container = fmt->iformat->name;
    info.coded_width = stream->codecpar->width;
    info.coded_height = stream->codecpar->height;
    info.rotation_degrees = media::display_rotation_clockwise(*stream);
    const bool swap = options.apply_rotation && info.rotation_degrees % 180 == 90;
    info.width = swap ? info.coded_height : info.coded_width;
    info.height = swap ? info.coded_width : info.coded_height;
    check_frame_size(info.coded_width, info.coded_height);
    if (stream->nb_frames > 0) {
        info.frame_count = stream->nb_frames;
        info.frame_count_source = FrameCountSource::Container;
    } else {
        info.frame_count = media::count_video_packets(path, stream_index);
        info.frame_count_source = FrameCountSource::Counted;
    }
    if (stream->duration != AV_NOPTS_VALUE && stream->duration > 0) {
        info.duration_s = stream->duration * av_q2d(time_base);
    } else if (fmt->duration != AV_NOPTS_VALUE && fmt->duration > 0) {
        info.duration_s = double(fmt->duration) / AV_TIME_BASE;
    } else {
        info.duration_s = double(info.frame_count) / info.fps;
    }
}

// Decodes the next frame in presentation order into `frame`; false at the end.
bool VideoReader::Impl::decode_one() {
    int bad_packets = 0;
    for (;;) {
        int rc = avcodec_receive_frame(decoder.get(), frame.get());
        if (rc == 0) {
            int64_t pts = frame->best_effort_timestamp;
            if (pts == AV_NOPTS_VALUE)
                pts = frame->pts;
            // No timestamp at all (raw streams): one frame duration after the last.
            if (pts == AV_NOPTS_VALUE)
                pts = have_frame ? pts_of_index(frame_index + 1) : origin_pts;
            check_frame_size(frame->width, frame->height);
            have_frame = true;
            frame_pending = true;
            frame_pts = pts;
            frame_index = index_of_pts(pts);
            return true;
        }
        if (rc == AVERROR_EOF) {
            decoder_drained = true;
            have_frame = frame_pending = false;
            return false;
        }
        if (rc == AVERROR_INVALIDDATA) {  // a damaged frame (frame-threaded decoders report here)
            if (++bad_packets > 64)
                fail("the video data is corrupt", "re-encode or re-download the file");
            continue;
        }
        if (rc != AVERROR(EAGAIN))
            fail("video decoding failed (" + media::av_error_text(rc) + ")");
        if (demux_ended) {  // cannot happen with a conforming decoder; do not spin
            decoder_drained = true;
            have_frame = frame_pending = false;
            return false;
        }
        rc = av_read_frame(fmt.get(), packet.get());
        if (rc < 0) {
            // End of file, or a read error in a damaged file: either way the
            // frames buffered in the decoder are still good, so drain them.
            if (rc != AVERROR_EOF)
                read_error = rc;
            demux_ended = true;
            avcodec_send_packet(decoder.get(), nullptr);
            continue;
        }
        if (packet->stream_index != stream_index) {
            av_packet_unref(packet.get());
            continue;
        }
        rc = avcodec_send_packet(decoder.get(), packet.get());
        av_packet_unref(packet.get());
        if (rc == AVERROR_INVALIDDATA) {
            // A damaged packet: skip it as players do, unless nothing decodes.
            if (++bad_packets > 64)
                fail("the video data is corrupt", "re-encode or re-download the file");
            continue;
        }
        if (rc < 0)
            fail("video decoding failed (" + media::av_error_text(rc) + ")");
    }
}

void VideoReader::Impl::seek(int64_t target_pts, bool to_start) {
    const int rc =
        to_start ? avformat_seek_file(fmt.get(), stream_index, INT64_MIN, origin_pts, origin_pts, 0)
                 : av_seek_frame(fmt.get(), stream_index, target_pts, AVSEEK_FLAG_BACKWARD);
    if (rc < 0) {
        // Some files (AVI without index, raw streams) cannot seek: start over.
        if (!to_start) {
            seek(target_pts, true);
            return;
        }
        open_demuxer_and_decoder();
        return;
    }
    avcodec_flush_buffers(decoder.get());
    demux_ended = decoder_drained = have_frame = frame_pending = false;
    read_error = 0;
}

// Leaves frame `index` (or, for variable frame rates, the first one after its
// time) in `frame`, pending.
void VideoReader::Impl::position_at(int64_t index) {
    auto lost = [&] {
        std::string why = "frame " + std::to_string(index) + " of " +
                          std::to_string(info.frame_count) + " cannot be decoded";
        if (read_error)
            why += " (" + media::av_error_text(read_error) + ")";
        fail(why, "the file is probably truncated or damaged");
    };
    if (have_frame && frame_index == index) {  // still in the buffer (e.g. asked twice)
        frame_pending = true;
        return;
    }
    // Close ahead: decoding forward beats seeking back to the keyframe.
    if (have_frame && frame_index < index && index - frame_index <= options.forward_decode_limit) {
        while (frame_index < index) {
            if (!decode_one())
                lost();
        }
        return;
    }
    const int64_t target_pts = pts_of_index(index);
    int64_t back_off = std::max<int64_t>(1, av_rescale_q(1, AVRational{1, 1}, time_base));
    int64_t seek_pts = target_pts;
    for (;;) {
        const bool to_start = seek_pts <= origin_pts;
        seek(seek_pts, to_start);
        if (!decode_one()) {
            if (to_start)
                lost();
        } else if (frame_index <= index && (to_start || !(frame->flags & AV_FRAME_FLAG_CORRUPT))) {
            // Landed on a clean frame at or before the target: decode forward.
            while (frame_index < index) {
                if (!decode_one())
                    lost();
            }
            return;
        } else if (to_start) {
            lost();  // even from the start, the first decodable frame is later
        }
        seek_pts = target_pts - back_off;
        back_off *= 2;
    }
}

VideoReader::VideoReader() = default;
VideoReader::VideoReader(const std::string& path, const VideoReaderOptions& options) {
    open(path, options);
}
VideoReader::~VideoReader() = default;
VideoReader::VideoReader(VideoReader&&) noexcept = default;
VideoReader& VideoReader::operator=(VideoReader&&) noexcept = default;

void VideoReader::open(const std::string& path, const VideoReaderOptions& options) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->options = options;
    impl->open_demuxer_and_decoder();
    impl->read_info();
    // Decoding the first frame now proves the file decodes and fixes the origin.
    if (!impl->decode_one()) {
        impl->fail("the video has no decodable frames" +
                       (impl->read_error ? " (" + media::av_error_text(impl->read_error) + ")"
                                         : std::string()),
                   "the file is probably truncated or damaged");
    }
    impl->origin_pts = impl->frame_pts;
    impl->frame_index = 0;
    impl_ = std::move(impl);  // only a fully opened reader replaces the old one
}

bool VideoReader::is_open() const {
    return impl_ && impl_->fmt;
}

bool VideoReader::ended_early() const {
    return impl_ && impl_->ended_early;
}

const std::string& VideoReader::path() const {
    static const std::string none;
    return impl_ ? impl_->path : none;
}

const VideoInfo& VideoReader::info() const {
    if (!is_open())
        throw Error("no video is open");
    return impl_->info;
}

double VideoReader::timestamp_of(int64_t index) const {
    const VideoInfo& video = info();
    return double(index) / video.fps;
}

int64_t VideoReader::index_at(double seconds) const {
    const VideoInfo& video = info();
    if (video.frame_count <= 0 || !(seconds > 0))
        return 0;
    // The small epsilon keeps k / fps mapping back to k despite rounding.
    const double k = std::floor(seconds * video.fps + 1e-6);
    return std::min<int64_t>(static_cast<int64_t>(std::min(k, 9e18)), video.frame_count - 1);
}

ImageRGB VideoReader::frame_at(int64_t index) {
    const VideoInfo& video = info();
    if (index < 0 || index >= video.frame_count) {
        throw Error("frame index " + std::to_string(index) + " is out of range (the video has " +
                        std::to_string(video.frame_count) + " frames)",
                    impl_->path);
    }
    impl_->position_at(index);
    ImageRGB image = impl_->current_image();
    impl_->frame_pending = false;
    impl_->last_returned = index;
    return image;
}

bool VideoReader::next(ImageRGB& frame, int64_t& index, double& timestamp_s) {
    info();  // throws when not open
    Impl& d = *impl_;
    if (!d.frame_pending) {
        if (d.decoder_drained || !d.decode_one()) {
            d.ended_early = d.read_error != 0 || d.last_returned < d.info.frame_count - 1;
            return false;
        }
    }
    d.ended_early = false;
    // Timestamps give the index; keep it increasing for variable frame rates.
    index = std::max(d.frame_index, d.last_returned + 1);
    timestamp_s = double(d.frame_pts - d.origin_pts) * av_q2d(d.time_base);
    frame = d.current_image();
    d.frame_pending = false;
    d.last_returned = index;
    return true;
}

}  // namespace facellava
