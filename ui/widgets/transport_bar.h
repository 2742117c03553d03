// Video transport under the media view: play/pause, ±1 frame, ±1 s, a scrub
// slider, the "mm:ss.fff · frame N" readout and a jump-to-timecode field.
// Only drives a MediaPlayer; hidden for still images.
#pragma once

#include <QWidget>

class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace facellava::ui {

class MediaPlayer;
struct MediaInfo;

class TransportBar : public QWidget {
    Q_OBJECT
  public:
    TransportBar(MediaPlayer& player, QWidget* parent = nullptr);

    QString readout() const;
    QSlider* slider() const { return slider_; }
    // Parses the timecode field and seeks; false (and a hint in the field's
    // tooltip) when the text is no timecode.
    bool jumpTo(const QString& text);

  private:
    void onOpened(const MediaInfo& info);
    void onPosition(qint64 frame);
    void onPlaying(bool playing);

    MediaPlayer& player_;
    QToolButton* play_ = nullptr;
    QSlider* slider_ = nullptr;
    QLabel* readout_ = nullptr;
    QLineEdit* timecode_ = nullptr;
};

}  // namespace facellava::ui
