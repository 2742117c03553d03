#include "widgets/transport_bar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QStyle>
#include <QToolButton>

#include "media/media_player.h"
#include "support/timecode.h"

namespace facellava::ui {

TransportBar::TransportBar(MediaPlayer& player, QWidget* parent)
    : QWidget(parent), player_(player) {
    setObjectName("TransportBar");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    auto button = [&](const QString& name, QStyle::StandardPixmap icon, const QString& tip,
                      auto slot) {
        auto* b = new QToolButton(this);
        b->setObjectName(name);
        b->setIcon(style()->standardIcon(icon));
        b->setToolTip(tip);
        b->setAutoRaise(true);
        connect(b, &QToolButton::clicked, this, slot);
        layout->addWidget(b);
        return b;
    };
    button("BackSecond", QStyle::SP_MediaSeekBackward, tr("Back 1 s (Shift+Left)"),
           [this] { player_.stepSeconds(-1.0); });
    button("BackFrame", QStyle::SP_MediaSkipBackward, tr("Previous frame (Left)"),
           [this] { player_.step(-1); });
    play_ = button("Play", QStyle::SP_MediaPlay, tr("Play / pause (Space)"),
                   [this] { player_.togglePlay(); });
    button("ForwardFrame", QStyle::SP_MediaSkipForward, tr("Next frame (Right)"),
           [this] { player_.step(1); });
    button("ForwardSecond", QStyle::SP_MediaSeekForward, tr("Forward 1 s (Shift+Right)"),
           [this] { player_.stepSeconds(1.0); });

    slider_ = new QSlider(Qt::Horizontal, this);
    slider_->setObjectName("ScrubSlider");
    slider_->setToolTip(tr("Scrub through the video"));
    connect(slider_, &QSlider::valueChanged, this, [this](int value) { player_.seek(value); });
    layout->addWidget(slider_, 1);

    readout_ = new QLabel(this);
    readout_->setObjectName("PlayheadReadout");
    readout_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    readout_->setFont(QFont("monospace"));
    layout->addWidget(readout_);

    timecode_ = new QLineEdit(this);
    timecode_->setObjectName("TimecodeField");
    timecode_->setPlaceholderText(tr("mm:ss.fff or #frame"));
    timecode_->setToolTip(tr("Jump to a time (1:23.5) or a frame (#120); press Enter"));
    timecode_->setMaximumWidth(140);
    connect(timecode_, &QLineEdit::returnPressed, this, [this] { jumpTo(timecode_->text()); });
    layout->addWidget(timecode_);

    connect(&player_, &MediaPlayer::opened, this, &TransportBar::onOpened);
    connect(&player_, &MediaPlayer::positionChanged, this, &TransportBar::onPosition);
    connect(&player_, &MediaPlayer::playingChanged, this, &TransportBar::onPlaying);
    setVisible(false);
}

QString TransportBar::readout() const {
    return readout_->text();
}

bool TransportBar::jumpTo(const QString& text) {
    const auto frame = parse_timecode(text, player_.info().fps);
    if (!frame) {
        timecode_->setToolTip(tr("“%1” is not a timecode: type 1:23.5, 83.5 or #120").arg(text));
        return false;
    }
    player_.seek(*frame);
    return true;
}

void TransportBar::onOpened(const MediaInfo& info) {
    setVisible(info.is_video);
    const QSignalBlocker block(slider_);
    slider_->setRange(0, int(std::max<int64_t>(0, info.frame_count - 1)));
    slider_->setPageStep(std::max(1, int(info.fps)));
    slider_->setValue(0);
    onPosition(0);
}

void TransportBar::onPosition(qint64 frame) {
    {
        const QSignalBlocker block(slider_);
        slider_->setValue(int(frame));
    }
    readout_->setText(format_playhead(player_.timestampOf(frame), frame));
}

void TransportBar::onPlaying(bool playing) {
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

}  // namespace facellava::ui
