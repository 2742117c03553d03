#include "media/frame_converter.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

#include <opencv2/core.hpp>

#include "facellava/core/error.h"
#include "media/cv_image.h"

namespace facellava::media {
namespace {

// The deprecated full-range "J" formats (MJPEG's) make swscale warn; convert
// them as their plain twin with the range set explicitly instead.
AVPixelFormat plain_format(AVPixelFormat format, bool& full_range) {
    switch (format) {
        case AV_PIX_FMT_YUVJ420P:
            full_range = true;
            return AV_PIX_FMT_YUV420P;
        case AV_PIX_FMT_YUVJ422P:
            full_range = true;
            return AV_PIX_FMT_YUV422P;
        case AV_PIX_FMT_YUVJ444P:
            full_range = true;
            return AV_PIX_FMT_YUV444P;
        case AV_PIX_FMT_YUVJ440P:
            full_range = true;
            return AV_PIX_FMT_YUV440P;
        case AV_PIX_FMT_YUVJ411P:
            full_range = true;
            return AV_PIX_FMT_YUV411P;
        default:
            return format;
    }
}

bool is_yuv(AVPixelFormat format) {
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
    return desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB) && desc->nb_components >= 3;
}

}  // namespace

ImageRGB FrameConverter::convert(const AVFrame& frame, int rotation_degrees) {
    const int w = frame.width;
    const int h = frame.height;
    if (w <= 0 || h <= 0)
        throw Error("decoder returned an empty frame");
    bool full_range = frame.color_range == AVCOL_RANGE_JPEG;
    const AVPixelFormat src_format = plain_format(AVPixelFormat(frame.format), full_range);

    // SWS_BICUBIC is swscale's (and the scale filter's) default; with equal
    // sizes it only affects chroma upsampling.
    SwsContext* ctx = sws_getCachedContext(sws_.release(), w, h, src_format, w, h, AV_PIX_FMT_RGB24,
                                           SWS_BICUBIC, nullptr, nullptr, nullptr);
    sws_.reset(ctx);
    if (!ctx) {
        throw Error(std::string("cannot convert frames of pixel format ") +
                    (av_get_pix_fmt_name(src_format) ? av_get_pix_fmt_name(src_format) : "?") +
                    " to RGB");
    }
    if (is_yuv(src_format)) {
        const int space =
            frame.colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : frame.colorspace;
        sws_setColorspaceDetails(ctx, sws_getCoefficients(space), full_range ? 1 : 0,
                                 sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }

    if (!rgb_ || rgb_->width != w || rgb_->height != h) {
        rgb_ = make_frame();
        rgb_->format = AV_PIX_FMT_RGB24;
        rgb_->width = w;
        rgb_->height = h;
        // 32-byte aligned rows keep swscale on its SIMD paths.
        int rc = av_frame_get_buffer(rgb_.get(), 32);
        if (rc < 0) {
            rgb_.reset();
            throw Error("cannot allocate a " + std::to_string(w) + "x" + std::to_string(h) +
                        " frame (" + av_error_text(rc) + ")");
        }
    }
    sws_scale(ctx, frame.data, frame.linesize, 0, h, rgb_->data, rgb_->linesize);

    // Copy out of the padded scratch frame, turning it upright on the way.
    const cv::Mat src(h, w, CV_8UC3, rgb_->data[0], size_t(rgb_->linesize[0]));
    const bool swap = rotation_degrees == 90 || rotation_degrees == 270;
    ImageRGB out = make_image(swap ? h : w, swap ? w : h);
    cv::Mat dst = mat_view(out);
    switch (rotation_degrees) {
        case 90:
            cv::rotate(src, dst, cv::ROTATE_90_CLOCKWISE);
            break;
        case 180:
            cv::rotate(src, dst, cv::ROTATE_180);
            break;
        case 270:
            cv::rotate(src, dst, cv::ROTATE_90_COUNTERCLOCKWISE);
            break;
        default:
            src.copyTo(dst);
            break;
    }
    return out;
}

}  // namespace facellava::media
