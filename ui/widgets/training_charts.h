// Live charts of a training run (Qt Charts) against the optimiser step:
// training and held-out loss, the held-out task metrics, and the learning
// rate. Fed by a TrainingMetricsModel: appended rows are appended to the
// series, a reset redraws. Long runs are thinned to at most kMaxPoints per
// line so drawing stays cheap.
#pragma once

#include <QMap>
#include <QWidget>

class QChart;
class QChartView;
class QLineSeries;
class QValueAxis;

namespace facellava::ui {

class TrainingMetricsModel;

class TrainingCharts : public QWidget {
    Q_OBJECT
  public:
    static constexpr int kMaxPoints = 2000;

    explicit TrainingCharts(QWidget* parent = nullptr);
    void setModel(TrainingMetricsModel* model);

    // Points drawn (after thinning), for tests and the status line.
    int lossPointCount() const;
    int evalLossPointCount() const;
    int evalMetricPointCount() const;  // over every metric line
    int learningRatePointCount() const;

  private:
    struct Chart {
        QChart* chart = nullptr;
        QChartView* view = nullptr;
        QValueAxis* x = nullptr;
        QValueAxis* y = nullptr;
    };
    Chart makeChart(const QString& title, const QString& y_title);
    void rebuildTraining();
    void appendTraining(int first, int last);
    void rebuildEval();
    static void fitAxes(const Chart& chart);

    TrainingMetricsModel* model_ = nullptr;
    Chart loss_;
    Chart eval_;
    Chart lr_;
    QLineSeries* train_loss_ = nullptr;
    QLineSeries* eval_loss_ = nullptr;
    QLineSeries* learning_rate_ = nullptr;
    QMap<QString, QLineSeries*> metrics_;
    int stride_ = 1;  // every stride_-th training row is drawn
};

}  // namespace facellava::ui
