// Time-series plot (Qt Charts) of one face's values along the video:
// expression probabilities, age or head pose, with a playhead line that
// follows the video and a click that moves the playhead.
#pragma once

#include <QWidget>

#include "models/time_series.h"

class QComboBox;
class QLabel;
class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace facellava::ui {

class SeriesChart : public QWidget {
    Q_OBJECT
  public:
    enum class Metric { Expressions, Age, HeadPose };

    explicit SeriesChart(QWidget* parent = nullptr);

    void setSeries(const TimeSeries& series);
    void clear();
    void setPlayhead(double seconds);
    bool hasData() const { return !series_.samples.empty(); }
    int plottedLineCount() const;
    double playhead() const { return playhead_s_; }

  signals:
    void seekRequested(double seconds);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void rebuild();

    TimeSeries series_;
    QComboBox* metric_ = nullptr;
    QComboBox* face_ = nullptr;
    QChart* chart_ = nullptr;
    QChartView* view_ = nullptr;
    QValueAxis* axis_x_ = nullptr;
    QValueAxis* axis_y_ = nullptr;
    QLineSeries* playhead_line_ = nullptr;
    double playhead_s_ = 0;
};

}  // namespace facellava::ui
