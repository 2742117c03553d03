// The open image or video and its playhead. Decoding runs on a MediaDecoder
// thread; frames come back through queued signals and are kept in a small LRU
// cache. Playback asks for the frame due at the wall-clock time and drops
// frames when decoding falls behind, so it never queues work.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <atomic>
#include <memory>

#include "dialogs/error_reporter.h"
#include "models/decoded_frame.h"
#include "models/frame_cache.h"

namespace facellava::ui {

class MediaDecoder;

class MediaPlayer : public QObject {
    Q_OBJECT
  public:
    explicit MediaPlayer(QObject* parent = nullptr);
    ~MediaPlayer() override;

    void open(const QString& path);
    void close();

    const MediaInfo& info() const { return info_; }
    bool isOpen() const { return !info_.path.isEmpty(); }
    bool isVideo() const { return info_.is_video; }
    bool isPlaying() const { return playing_; }
    // The frame on screen (null before the first one arrives).
    const DecodedFrame& currentFrame() const { return current_; }
    // The frame the playhead is on, even while it is still being decoded.
    int64_t position() const { return position_; }
    double timestampOf(int64_t frame) const;
    int cachedFrames() const { return cache_.size(); }

  public slots:
    void seek(qint64 frame);
    void step(int frames);
    void stepSeconds(double seconds);
    void play();
    void pause();
    void togglePlay();

  signals:
    void opened(const facellava::ui::MediaInfo& info);
    void frameShown(const facellava::ui::DecodedFrame& frame);
    void positionChanged(qint64 frame);
    void playingChanged(bool playing);
    void failed(const facellava::ui::UserError& error);
    void closed();

  private:
    void onOpened(const MediaInfo& info, int generation);
    void onDecoded(const DecodedFrame& frame, int generation);
    void onFailed(const UserError& error, int generation);
    void onTick();
    void show(const DecodedFrame& frame);
    void request(int64_t frame);

    QThread thread_;
    MediaDecoder* decoder_ = nullptr;  // lives on thread_
    std::shared_ptr<std::atomic<int64_t>> latest_;
    FrameCache cache_;
    MediaInfo info_;
    DecodedFrame current_;
    int64_t position_ = 0;
    int generation_ = 0;
    bool waiting_ = false;  // a decode request is out
    bool playing_ = false;
    QTimer play_timer_;
    QElapsedTimer play_clock_;
    int64_t play_start_frame_ = 0;
};

}  // namespace facellava::ui
