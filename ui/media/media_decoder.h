// Decodes images and video frames on its own thread (it owns the one
// VideoReader of the open file; a VideoReader must stay on one thread). Lives
// in a QThread owned by MediaPlayer and is driven by queued calls.
#pragma once

#include <QObject>
#include <atomic>
#include <memory>

#include "dialogs/error_reporter.h"
#include "models/decoded_frame.h"

namespace facellava {
class VideoReader;
}

namespace facellava::ui {

class MediaDecoder : public QObject {
    Q_OBJECT
  public:
    // `latest` is the newest frame the player wants: a decode request for any
    // other frame is skipped, so a burst of scrub requests costs one decode.
    explicit MediaDecoder(std::shared_ptr<std::atomic<int64_t>> latest);
    ~MediaDecoder() override;

  public slots:
    void open(const QString& path, int generation);
    void decode(qint64 index, int generation);

  signals:
    void opened(const facellava::ui::MediaInfo& info, int generation);
    void decoded(const facellava::ui::DecodedFrame& frame, int generation);
    void failed(const facellava::ui::UserError& error, int generation);

  private:
    std::shared_ptr<std::atomic<int64_t>> latest_;
    std::unique_ptr<VideoReader> reader_;
    QString path_;
    int generation_ = -1;
};

}  // namespace facellava::ui
