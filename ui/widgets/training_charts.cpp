#include "widgets/training_charts.h"

#include <QChart>
#include <QChartView>
#include <QLegend>
#include <QLineSeries>
#include <QTabWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/training_metrics_model.h"
#include "support/color_scheme.h"

namespace facellava::ui {

TrainingCharts::TrainingCharts(QWidget* parent) : QWidget(parent) {
    setObjectName("TrainingCharts");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* tabs = new QTabWidget(this);
    layout->addWidget(tabs);

    loss_ = makeChart(tr("Loss"), tr("loss"));
    train_loss_ = new QLineSeries(loss_.chart);
    train_loss_->setName(tr("training"));
    eval_loss_ = new QLineSeries(loss_.chart);
    eval_loss_->setName(tr("held-out"));
    eval_loss_->setPointsVisible(true);
    for (auto* s : {train_loss_, eval_loss_}) {
        loss_.chart->addSeries(s);
        s->attachAxis(loss_.x);
        s->attachAxis(loss_.y);
    }
    eval_ = makeChart(tr("Held-out metrics"), tr("value"));
    lr_ = makeChart(tr("Learning rate"), tr("learning rate"));
    learning_rate_ = new QLineSeries(lr_.chart);
    learning_rate_->setName(tr("learning rate"));
    lr_.chart->addSeries(learning_rate_);
    learning_rate_->attachAxis(lr_.x);
    learning_rate_->attachAxis(lr_.y);
    lr_.chart->legend()->hide();
    lr_.y->setLabelFormat(QStringLiteral("%.1e"));

    tabs->addTab(loss_.view, tr("Loss"));
    tabs->addTab(eval_.view, tr("Held-out metrics"));
    tabs->addTab(lr_.view, tr("Learning rate"));
}

TrainingCharts::Chart TrainingCharts::makeChart(const QString& title, const QString& y_title) {
    Chart c;
    c.chart = new QChart();
    match_chart_to_palette(c.chart);  // light or dark axes; the widget's background shows through
    c.chart->setTitle(title);
    c.chart->setMargins(QMargins(2, 2, 2, 2));
    c.chart->legend()->setAlignment(Qt::AlignBottom);
    c.x = new QValueAxis(c.chart);
    c.x->setTitleText(tr("step"));
    c.x->setLabelFormat(QStringLiteral("%d"));
    c.y = new QValueAxis(c.chart);
    c.y->setTitleText(y_title);
    c.chart->addAxis(c.x, Qt::AlignBottom);
    c.chart->addAxis(c.y, Qt::AlignLeft);
    c.view = new QChartView(c.chart, this);
    c.view->setRenderHint(QPainter::Antialiasing);
    c.view->setMinimumHeight(180);
    return c;
}

void TrainingCharts::setModel(TrainingMetricsModel* model) {
    if (model_)
        disconnect(model_, nullptr, this, nullptr);
    model_ = model;
    if (model_) {
        connect(model_, &QAbstractItemModel::rowsInserted, this,
                [this](const QModelIndex&, int first, int last) { appendTraining(first, last); });
        connect(model_, &QAbstractItemModel::rowsRemoved, this, &TrainingCharts::rebuildTraining);
        connect(model_, &QAbstractItemModel::modelReset, this, &TrainingCharts::rebuildTraining);
        connect(model_, &TrainingMetricsModel::evalPointsChanged, this,
                &TrainingCharts::rebuildEval);
    }
    rebuildTraining();
    rebuildEval();
}

int TrainingCharts::lossPointCount() const {
    return train_loss_->count();
}
int TrainingCharts::evalLossPointCount() const {
    return eval_loss_->count();
}
int TrainingCharts::learningRatePointCount() const {
    return learning_rate_->count();
}
int TrainingCharts::evalMetricPointCount() const {
    int n = 0;
    for (auto* s : metrics_)
        n += s->count();
    return n;
}

void TrainingCharts::fitAxes(const Chart& c) {
    double x0 = std::numeric_limits<double>::max(), x1 = std::numeric_limits<double>::lowest();
    double y0 = x0, y1 = x1;
    for (auto* abstract : c.chart->series()) {
        const auto* s = static_cast<QLineSeries*>(abstract);
        for (const QPointF& p : s->points()) {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (x0 > x1) {
        c.x->setRange(0, 1);
        c.y->setRange(0, 1);
        return;
    }
    const double pad = y1 > y0 ? 0.05 * (y1 - y0) : std::max(1e-12, 0.05 * std::abs(y1));
    c.x->setRange(x0, std::max(x1, x0 + 1));
    c.y->setRange(y0 - pad, y1 + pad);
}

void TrainingCharts::rebuildTraining() {
    QList<QPointF> loss, lr;
    const int rows = model_ ? model_->rowCount() : 0;
    stride_ = std::max(1, (rows + kMaxPoints - 1) / kMaxPoints);
    if (model_) {
        const auto& points = model_->trainingPoints();
        for (int i = 0; i < rows; i += stride_) {
            loss << QPointF(double(points[i].step), points[i].loss);
            lr << QPointF(double(points[i].step), points[i].lr);
        }
    }
    train_loss_->replace(loss);
    learning_rate_->replace(lr);
    fitAxes(loss_);
    fitAxes(lr_);
}

void TrainingCharts::appendTraining(int first, int last) {
    if (!model_)
        return;
    if ((last + 1 + kMaxPoints - 1) / kMaxPoints > stride_) {
        rebuildTraining();  // past the limit: thin the whole curve again
        return;
    }
    const auto& points = model_->trainingPoints();
    QList<QPointF> loss, lr;
    for (int i = first; i <= last; ++i) {
        if (i % stride_ != 0)
            continue;
        loss << QPointF(double(points[i].step), points[i].loss);
        lr << QPointF(double(points[i].step), points[i].lr);
    }
    train_loss_->append(loss);
    learning_rate_->append(lr);
    fitAxes(loss_);
    fitAxes(lr_);
}

void TrainingCharts::rebuildEval() {
    QList<QPointF> eval_loss;
    QMap<QString, QList<QPointF>> metrics;
    if (model_) {
        for (const EvalPoint& p : model_->evalPoints()) {
            if (p.eval_loss)
                eval_loss << QPointF(double(p.step), *p.eval_loss);
            for (auto it = p.metrics.begin(); it != p.metrics.end(); ++it)
                metrics[it.key()] << QPointF(double(p.step), it.value());
        }
    }
    eval_loss_->replace(eval_loss);
    for (auto it = metrics_.begin(); it != metrics_.end(); ++it) {
        if (!metrics.contains(it.key()))
            it.value()->clear();
    }
    for (auto it = metrics.begin(); it != metrics.end(); ++it) {
        QLineSeries*& series = metrics_[it.key()];
        if (!series) {
            series = new QLineSeries(eval_.chart);
            series->setName(it.key());
            series->setPointsVisible(true);
            eval_.chart->addSeries(series);
            series->attachAxis(eval_.x);
            series->attachAxis(eval_.y);
        }
        series->replace(it.value());
    }
    eval_.chart->setTitle(metrics.isEmpty()
                              ? tr("Held-out metrics (none yet: set a held-out share or files)")
                              : tr("Held-out metrics"));
    fitAxes(loss_);
    fitAxes(eval_);
}

}  // namespace facellava::ui
