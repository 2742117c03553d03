#include "media/media_decoder.h"

#include <QFileInfo>

#include "facellava/core/media.h"
#include "support/image_convert.h"

namespace facellava::ui {

MediaDecoder::MediaDecoder(std::shared_ptr<std::atomic<int64_t>> latest)
    : latest_(std::move(latest)) {}
MediaDecoder::~MediaDecoder() = default;

void MediaDecoder::open(const QString& path, int generation) {
    generation_ = generation;
    reader_.reset();
    path_ = QFileInfo(path).absoluteFilePath();
    const std::string file = path_.toStdString();
    try {
        const MediaKind kind = probe_media_kind(file);
        if (kind == MediaKind::Unknown) {
            emit failed(
                {tr("This file is neither an image nor a video"),
                 path_,
                 tr("Open a JPEG, PNG, BMP, WebP or TIFF image, or a video FFmpeg can read."),
                 {}},
                generation);
            return;
        }
        MediaInfo info;
        info.path = path_;
        if (kind == MediaKind::Image) {
            auto rgb = std::make_shared<const ImageRGB>(load_image(file));
            info.size = QSize(rgb->width, rgb->height);
            emit opened(info, generation);
            emit decoded(DecodedFrame{FrameKey{path_, 0}, 0.0, rgb, to_qimage(rgb)}, generation);
            return;
        }
        reader_ = std::make_unique<VideoReader>(file);
        const VideoInfo& v = reader_->info();
        info.is_video = true;
        info.size = QSize(v.width, v.height);
        info.fps = v.fps;
        info.frame_count = v.frame_count;
        info.duration_s = v.duration_s;
        info.codec = QString::fromStdString(v.codec);
        emit opened(info, generation);
        latest_->store(0);
        decode(0, generation);
    } catch (...) {
        reader_.reset();
        emit failed(ErrorReporter::describe(
                        tr("Cannot open the file"), std::current_exception(),
                        tr("Check that the file exists, is readable and is not damaged.")),
                    generation);
    }
}

void MediaDecoder::decode(qint64 index, int generation) {
    if (generation != generation_ || !reader_)
        return;
    if (index != latest_->load())
        return;  // superseded by a newer request
    try {
        auto rgb = std::make_shared<const ImageRGB>(reader_->frame_at(index));
        emit decoded(
            DecodedFrame{FrameKey{path_, index}, reader_->timestamp_of(index), rgb, to_qimage(rgb)},
            generation);
    } catch (...) {
        emit failed(ErrorReporter::describe(
                        tr("Cannot decode frame %1").arg(index), std::current_exception(),
                        tr("The video may be truncated or damaged; try another frame.")),
                    generation);
    }
}

}  // namespace facellava::ui
