#include "media/media_player.h"

#include <QFileInfo>
#include <algorithm>
#include <cmath>

#include "media/media_decoder.h"

namespace facellava::ui {

MediaPlayer::MediaPlayer(QObject* parent)
    : QObject(parent), latest_(std::make_shared<std::atomic<int64_t>>(0)) {
    qRegisterMetaType<DecodedFrame>();
    qRegisterMetaType<MediaInfo>();
    qRegisterMetaType<UserError>();
    thread_.setObjectName("media-decoder");
    decoder_ = new MediaDecoder(latest_);
    decoder_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, decoder_, &QObject::deleteLater);
    connect(decoder_, &MediaDecoder::opened, this, &MediaPlayer::onOpened);
    connect(decoder_, &MediaDecoder::decoded, this, &MediaPlayer::onDecoded);
    connect(decoder_, &MediaDecoder::failed, this, &MediaPlayer::onFailed);
    thread_.start();
    play_timer_.setTimerType(Qt::PreciseTimer);
    connect(&play_timer_, &QTimer::timeout, this, &MediaPlayer::onTick);
}

MediaPlayer::~MediaPlayer() {
    ++generation_;
    latest_->store(-1);  // skip whatever is still queued
    thread_.quit();
    thread_.wait();
}

void MediaPlayer::open(const QString& path) {
    pause();
    ++generation_;
    cache_.clear();
    waiting_ = true;
    latest_->store(0);
    position_ = 0;
    QMetaObject::invokeMethod(decoder_, "open", Qt::QueuedConnection,
                              Q_ARG(QString, QFileInfo(path).absoluteFilePath()),
                              Q_ARG(int, generation_));
}

void MediaPlayer::close() {
    pause();
    ++generation_;
    cache_.clear();
    info_ = MediaInfo{};
    current_ = DecodedFrame{};
    position_ = 0;
    waiting_ = false;
    emit closed();
}

double MediaPlayer::timestampOf(int64_t frame) const {
    return info_.fps > 0 ? double(frame) / info_.fps : 0.0;
}

void MediaPlayer::onOpened(const MediaInfo& info, int generation) {
    if (generation != generation_)
        return;
    info_ = info;
    emit opened(info_);
}

void MediaPlayer::onDecoded(const DecodedFrame& frame, int generation) {
    if (generation != generation_)
        return;
    cache_.insert(frame);
    // A frame for an older playhead position is only cached: every seek sends
    // its own request, so the frame for position_ is on its way.
    if (frame.key.frame != position_)
        return;
    waiting_ = false;
    show(frame);
}

void MediaPlayer::onFailed(const UserError& error, int generation) {
    if (generation != generation_)
        return;
    waiting_ = false;
    pause();
    emit failed(error);
}

void MediaPlayer::show(const DecodedFrame& frame) {
    current_ = frame;
    emit frameShown(current_);
}

void MediaPlayer::request(int64_t frame) {
    latest_->store(frame);
    waiting_ = true;
    QMetaObject::invokeMethod(decoder_, "decode", Qt::QueuedConnection, Q_ARG(qint64, frame),
                              Q_ARG(int, generation_));
}

void MediaPlayer::seek(qint64 frame) {
    if (!isVideo())
        return;
    frame = std::clamp<qint64>(frame, 0, std::max<int64_t>(0, info_.frame_count - 1));
    if (frame == position_ && (waiting_ || (!current_.isNull() && current_.key.frame == frame)))
        return;
    position_ = frame;
    emit positionChanged(position_);
    if (const DecodedFrame* cached = cache_.find(frame)) {
        latest_->store(frame);  // anything still queued is now stale
        waiting_ = false;
        show(*cached);
        return;
    }
    request(frame);
}

void MediaPlayer::step(int frames) {
    if (playing_)
        pause();
    seek(position_ + frames);
}

void MediaPlayer::stepSeconds(double seconds) {
    if (info_.fps <= 0)
        return;
    step(int(std::lround(seconds * info_.fps)));
}

void MediaPlayer::play() {
    if (!isVideo() || playing_ || info_.fps <= 0)
        return;
    if (position_ >= info_.frame_count - 1)
        seek(0);  // replay from the start at the end
    playing_ = true;
    play_start_frame_ = position_;
    play_clock_.start();
    play_timer_.start(std::max(5, int(500.0 / info_.fps)));  // twice per frame: smooth enough
    emit playingChanged(true);
}

void MediaPlayer::pause() {
    if (!playing_)
        return;
    playing_ = false;
    play_timer_.stop();
    emit playingChanged(false);
}

void MediaPlayer::togglePlay() {
    playing_ ? pause() : play();
}

void MediaPlayer::onTick() {
    const int64_t due =
        play_start_frame_ + int64_t(double(play_clock_.elapsed()) / 1000.0 * info_.fps);
    if (due >= info_.frame_count) {
        seek(info_.frame_count - 1);
        pause();
        return;
    }
    // Drop frames instead of queueing: ask only when the last request is served.
    if (due != position_ && !waiting_)
        seek(due);
}

}  // namespace facellava::ui
