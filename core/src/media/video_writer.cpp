// VideoWriter: RGB frames → FFmpeg encoder → muxer, with constant frame rate
// (pts = frame number in a 1/fps time base).
#include "facellava/core/video_writer.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

#include <algorithm>
#include <cstdio>

#include "facellava/core/error.h"
#include "media/ffmpeg_util.h"

namespace facellava {
namespace {

// An output context owns its AVIOContext only when the muxer writes a file.
struct OutputFormatDeleter {
    void operator()(AVFormatContext* ctx) const {
        if (!(ctx->oformat->flags & AVFMT_NOFILE))
            avio_closep(&ctx->pb);
        avformat_free_context(ctx);
    }
};
using OutputFormatPtr = std::unique_ptr<AVFormatContext, OutputFormatDeleter>;
using DictionaryPtr = std::unique_ptr<AVDictionary, media::DictionaryDeleter>;

DictionaryPtr make_dictionary(const std::vector<std::pair<std::string, std::string>>& entries) {
    AVDictionary* dict = nullptr;
    for (const auto& [key, value] : entries)
        av_dict_set(&dict, key.c_str(), value.c_str(), 0);
    return DictionaryPtr(dict);
}

// FFmpeg removes the options it used; whatever is left was not understood.
std::string leftover_keys(const AVDictionary* dict) {
    std::string keys;
    const AVDictionaryEntry* entry = nullptr;
    while ((entry = av_dict_get(dict, "", entry, AV_DICT_IGNORE_SUFFIX))) {
        keys += (keys.empty() ? "" : ", ") + std::string(entry->key);
    }
    return keys;
}

// 4:2:0 is what every player decodes; MJPEG wants its full-range "J" variant.
AVPixelFormat choose_pixel_format(const AVCodec& codec) {
    const AVPixelFormat preferred[] = {
        codec.id == AV_CODEC_ID_MJPEG ? AV_PIX_FMT_YUVJ420P : AV_PIX_FMT_YUV420P,
        AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUVJ420P};
    if (!codec.pix_fmts)
        return AV_PIX_FMT_YUV420P;
    for (AVPixelFormat want : preferred) {
        for (const AVPixelFormat* p = codec.pix_fmts; *p != AV_PIX_FMT_NONE; ++p) {
            if (*p == want)
                return want;
        }
    }
    return codec.pix_fmts[0];
}

// Encoders of the MPEG-1/2/4 family (and MJPEG) take a fixed quantiser.
bool takes_qscale(AVCodecID id) {
    switch (id) {
        case AV_CODEC_ID_MPEG4:
        case AV_CODEC_ID_MJPEG:
        case AV_CODEC_ID_MPEG1VIDEO:
        case AV_CODEC_ID_MPEG2VIDEO:
        case AV_CODEC_ID_H263:
        case AV_CODEC_ID_H263P:
        case AV_CODEC_ID_MSMPEG4V2:
        case AV_CODEC_ID_MSMPEG4V3:
        case AV_CODEC_ID_FLV1:
            return true;
        default:
            return false;
    }
}

}  // namespace

struct VideoWriter::Impl {
    std::string path;
    int width = 0;
    int height = 0;
    OutputFormatPtr fmt;
    media::CodecContextPtr encoder;
    AVStream* stream = nullptr;  // owned by fmt
    media::FramePtr rgb;         // aligned copy of the caller's frame
    media::FramePtr yuv;         // what the encoder gets
    media::PacketPtr packet = media::make_packet();
    media::SwsPtr sws;
    int64_t frames = 0;
    bool finished = false;

    [[noreturn]] void fail(const std::string& what, int rc, const std::string& hint = {}) const {
        throw Error(what + (rc < 0 ? " (" + media::av_error_text(rc) + ")" : std::string()), path,
                    hint);
    }

    void setup(const VideoWriterOptions& options);
    void drain_encoder();
    void finish();
};

void VideoWriter::Impl::setup(const VideoWriterOptions& options) {
    media::configure_ffmpeg_logging();
    if (width <= 0 || height <= 0) {
        fail("invalid video size " + std::to_string(width) + "x" + std::to_string(height), 0);
    }
    if (!(options.fps > 0) || options.fps > 1000) {
        fail("invalid frame rate " + std::to_string(options.fps), 0);
    }
    const int rotation = ((options.rotation_degrees % 360) + 360) % 360;
    if (rotation % 90 != 0)
        fail("rotation must be a multiple of 90 degrees", 0);

    AVFormatContext* raw = nullptr;
    int rc = avformat_alloc_output_context2(&raw, nullptr, nullptr, path.c_str());
    if (rc < 0 || !raw) {
        fail("cannot choose a container for this file name", rc, "use .mp4, .mkv, .mov or .avi");
    }
    fmt.reset(raw);

    const AVCodec* codec = avcodec_find_encoder_by_name(options.codec.c_str());
    if (!codec || codec->type != AVMEDIA_TYPE_VIDEO) {
        fail("FFmpeg has no video encoder named '" + options.codec + "'", 0,
             "try mpeg4, libx264 or mjpeg");
    }
    const AVPixelFormat pix_fmt = choose_pixel_format(*codec);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(pix_fmt);
    if (desc && ((width & ((1 << desc->log2_chroma_w) - 1)) ||
                 (height & ((1 << desc->log2_chroma_h) - 1)))) {
        fail("video size " + std::to_string(width) + "x" + std::to_string(height) +
                 " must be even for " + options.codec,
             0, "crop or pad the frames by one pixel");
    }

    stream = avformat_new_stream(fmt.get(), nullptr);
    if (!stream)
        throw std::bad_alloc();
    encoder.reset(avcodec_alloc_context3(codec));
    if (!encoder)
        throw std::bad_alloc();
    const AVRational frame_rate = av_d2q(options.fps, 100000);
    encoder->width = width;
    encoder->height = height;
    encoder->pix_fmt = pix_fmt;
    encoder->time_base = av_inv_q(frame_rate);
    encoder->framerate = frame_rate;
    encoder->gop_size = options.gop_size;
    encoder->max_b_frames = options.max_b_frames;
    if (pix_fmt == AV_PIX_FMT_YUVJ420P)
        encoder->color_range = AVCOL_RANGE_JPEG;
    if (options.qscale > 0 && takes_qscale(codec->id)) {
        encoder->flags |= AV_CODEC_FLAG_QSCALE;
        encoder->global_quality = FF_QP2LAMBDA * options.qscale;
    }
    if (fmt->oformat->flags & AVFMT_GLOBALHEADER)
        encoder->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

    DictionaryPtr codec_options = make_dictionary(options.codec_options);
    AVDictionary* dict = codec_options.release();
    rc = avcodec_open2(encoder.get(), codec, &dict);
    codec_options.reset(dict);
    if (rc < 0)
        fail("cannot open the " + options.codec + " encoder", rc);
    if (!leftover_keys(dict).empty()) {
        fail("the " + options.codec + " encoder does not know the option(s) " + leftover_keys(dict),
             0);
    }
    rc = avcodec_parameters_from_context(stream->codecpar, encoder.get());
    if (rc < 0)
        fail("cannot configure the video stream", rc);
    stream->time_base = encoder->time_base;
    stream->avg_frame_rate = frame_rate;

    if (rotation != 0) {
        // av_display_rotation_set takes the clockwise angle (and
        // av_display_rotation_get returns the counter-clockwise one).
        auto* matrix = reinterpret_cast<int32_t*>(
            av_stream_new_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t)));
        if (!matrix)
            throw std::bad_alloc();
        av_display_rotation_set(matrix, rotation);
    }

    if (!(fmt->oformat->flags & AVFMT_NOFILE)) {
        rc = avio_open(&fmt->pb, path.c_str(), AVIO_FLAG_WRITE);
        if (rc < 0)
            fail("cannot create the video file", rc, "check the folder and its permissions");
    }
    DictionaryPtr format_options = make_dictionary(options.format_options);
    dict = format_options.release();
    rc = avformat_write_header(fmt.get(), &dict);
    format_options.reset(dict);
    if (rc < 0)
        fail("cannot write the video header", rc);

    auto make_buffer = [&](AVPixelFormat format) {
        media::FramePtr frame = media::make_frame();
        frame->format = format;
        frame->width = width;
        frame->height = height;
        const int alloc = av_frame_get_buffer(frame.get(), 32);
        if (alloc < 0)
            fail("cannot allocate a video frame", alloc);
        return frame;
    };
    rgb = make_buffer(AV_PIX_FMT_RGB24);
    yuv = make_buffer(pix_fmt);
    yuv->color_range = encoder->color_range;

    // RGB → YUV with BT.601 coefficients: what decoders assume for streams
    // that do not name their colour matrix (ours do not).
    const AVPixelFormat sws_dst = pix_fmt == AV_PIX_FMT_YUVJ420P ? AV_PIX_FMT_YUV420P : pix_fmt;
    sws.reset(sws_getContext(width, height, AV_PIX_FMT_RGB24, width, height, sws_dst, SWS_BICUBIC,
                             nullptr, nullptr, nullptr));
    if (!sws)
        fail("cannot convert RGB to the encoder's pixel format", 0);
    const int* coefficients = sws_getCoefficients(SWS_CS_DEFAULT);
    sws_setColorspaceDetails(sws.get(), coefficients, 1, coefficients,
                             encoder->color_range == AVCOL_RANGE_JPEG ? 1 : 0, 0, 1 << 16, 1 << 16);
}

void VideoWriter::Impl::drain_encoder() {
    for (;;) {
        int rc = avcodec_receive_packet(encoder.get(), packet.get());
        if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
            return;
        if (rc < 0)
            fail("video encoding failed", rc);
        av_packet_rescale_ts(packet.get(), encoder->time_base, stream->time_base);
        packet->stream_index = stream->index;
        rc = av_interleaved_write_frame(fmt.get(), packet.get());  // takes the packet's data
        if (rc < 0)
            fail("cannot write to the video file", rc, "check the free disk space");
    }
}

void VideoWriter::Impl::finish() {
    if (finished)
        return;
    finished = true;  // even if flushing fails: never write after a failure
    int rc = avcodec_send_frame(encoder.get(), nullptr);
    if (rc < 0)
        fail("cannot flush the video encoder", rc);
    drain_encoder();
    rc = av_write_trailer(fmt.get());
    if (rc < 0)
        fail("cannot finish the video file", rc, "check the free disk space");
    if (!(fmt->oformat->flags & AVFMT_NOFILE)) {
        rc = avio_closep(&fmt->pb);
        if (rc < 0)
            fail("cannot close the video file", rc, "check the free disk space");
    }
}

VideoWriter::VideoWriter(const std::string& path, int width, int height,
                         const VideoWriterOptions& options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->width = width;
    impl_->height = height;
    try {
        impl_->setup(options);
    } catch (...) {
        // Do not leave a half-written file behind.
        const bool created = impl_->fmt && impl_->fmt->pb;
        impl_.reset();
        if (created)
            std::remove(path.c_str());
        throw;
    }
}

VideoWriter::~VideoWriter() {
    if (!impl_)
        return;
    try {
        impl_->finish();
    } catch (const Error&) {
        // A destructor cannot report; callers who care call finish().
    }
}

VideoWriter::VideoWriter(VideoWriter&&) noexcept = default;
VideoWriter& VideoWriter::operator=(VideoWriter&& other) noexcept {
    if (this != &other) {
        VideoWriter discarded(std::move(*this));  // finishes the old file
        impl_ = std::move(other.impl_);
    }
    return *this;
}

void VideoWriter::write(const ImageRGB& frame) {
    if (!impl_)
        throw Error("the video writer was moved from");
    Impl& d = *impl_;
    if (d.finished)
        throw Error("cannot add frames to a finished video", d.path);
    if (frame.width != d.width || frame.height != d.height ||
        frame.pixels.size() != size_t(frame.width) * size_t(frame.height) * 3) {
        throw Error("frame size " + std::to_string(frame.width) + "x" +
                        std::to_string(frame.height) + " differs from the video's " +
                        std::to_string(d.width) + "x" + std::to_string(d.height),
                    d.path);
    }
    int rc = av_frame_make_writable(d.rgb.get());
    if (rc >= 0)
        rc = av_frame_make_writable(d.yuv.get());  // the encoder may still hold it
    if (rc < 0)
        d.fail("cannot allocate a video frame", rc);
    for (int y = 0; y < d.height; ++y) {
        std::copy_n(frame.row(y), size_t(d.width) * 3,
                    d.rgb->data[0] + size_t(y) * d.rgb->linesize[0]);
    }
    sws_scale(d.sws.get(), d.rgb->data, d.rgb->linesize, 0, d.height, d.yuv->data, d.yuv->linesize);
    d.yuv->pts = d.frames;
    rc = avcodec_send_frame(d.encoder.get(), d.yuv.get());
    if (rc < 0)
        d.fail("video encoding failed", rc);
    ++d.frames;
    d.drain_encoder();
}

void VideoWriter::finish() {
    if (!impl_)
        throw Error("the video writer was moved from");
    impl_->finish();
}

int64_t VideoWriter::frames_written() const {
    return impl_ ? impl_->frames : 0;
}

}  // namespace facellava
