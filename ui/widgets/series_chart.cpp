#include "widgets/series_chart.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <QValueAxis>

#include "support/color_scheme.h"

namespace facellava::ui {

SeriesChart::SeriesChart(QWidget* parent) : QWidget(parent) {
    setObjectName("SeriesChart");
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout();
    metric_ = new QComboBox(this);
    metric_->setObjectName("SeriesMetric");
    metric_->addItem(tr("Expression probabilities"), int(Metric::Expressions));
    metric_->addItem(tr("Age (years)"), int(Metric::Age));
    metric_->addItem(tr("Head pose (degrees)"), int(Metric::HeadPose));
    face_ = new QComboBox(this);
    face_->setObjectName("SeriesFace");
    face_->setToolTip(tr("Faces are tracked across the sampled frames"));
    row->addWidget(metric_, 1);
    row->addWidget(face_);
    layout->addLayout(row);

    chart_ = new QChart();
    match_chart_to_palette(chart_);  // light or dark axes; the widget's background shows through
    chart_->legend()->setAlignment(Qt::AlignBottom);
    chart_->setMargins(QMargins(2, 2, 2, 2));
    axis_x_ = new QValueAxis(chart_);
    axis_x_->setTitleText(tr("seconds"));
    axis_y_ = new QValueAxis(chart_);
    chart_->addAxis(axis_x_, Qt::AlignBottom);
    chart_->addAxis(axis_y_, Qt::AlignLeft);
    view_ = new QChartView(chart_, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumHeight(160);
    view_->viewport()->installEventFilter(this);
    layout->addWidget(view_, 1);

    connect(metric_, &QComboBox::currentIndexChanged, this, &SeriesChart::rebuild);
    connect(face_, &QComboBox::currentIndexChanged, this, &SeriesChart::rebuild);
    chart_->setTitle(tr("Analyse the video to plot values over time"));
}

void SeriesChart::setSeries(const TimeSeries& series) {
    series_ = series;
    const QSignalBlocker block(face_);
    face_->clear();
    for (int id : series_.face_ids())
        face_->addItem(tr("Face %1").arg(id), id);
    rebuild();
}

void SeriesChart::clear() {
    setSeries(TimeSeries{});
}

int SeriesChart::plottedLineCount() const {
    int n = 0;
    for (auto* s : chart_->series())
        if (s != playhead_line_)
            ++n;
    return n;
}

void SeriesChart::rebuild() {
    chart_->removeAllSeries();
    playhead_line_ = nullptr;
    if (series_.samples.empty()) {
        chart_->setTitle(tr("Analyse the video to plot values over time"));
        return;
    }
    chart_->setTitle(QString());
    const int face_id = face_->currentData().toInt();
    const auto metric = Metric(metric_->currentData().toInt());
    std::vector<QLineSeries*> lines;
    auto add_line = [&](const QString& name) {
        auto* line = new QLineSeries();
        line->setName(name);
        lines.push_back(line);
        return line;
    };
    double lo = 0, hi = 1;
    if (metric == Metric::Expressions) {
        for (int e = 0; e < kExpressionCount; ++e)
            add_line(expression_display_name(e));
    } else if (metric == Metric::Age) {
        add_line(tr("age"));
        lo = 1e9;
        hi = -1e9;
    } else {
        add_line(tr("yaw"));
        add_line(tr("pitch"));
        add_line(tr("roll"));
        lo = -60;
        hi = 60;
    }
    for (const auto& sample : series_.samples) {
        auto it = sample.faces.find(face_id);
        if (it == sample.faces.end())
            continue;  // the face is not in this frame: a gap in time
        const FaceSample& v = it->second;
        const double t = sample.timestamp_s;
        if (metric == Metric::Expressions) {
            for (int e = 0; e < kExpressionCount; ++e)
                lines[size_t(e)]->append(t, v.expression[size_t(e)]);
        } else if (metric == Metric::Age) {
            lines[0]->append(t, v.age);
            lo = std::min(lo, double(v.age) - 5);
            hi = std::max(hi, double(v.age) + 5);
        } else if (v.has_pose) {
            lines[0]->append(t, v.yaw);
            lines[1]->append(t, v.pitch);
            lines[2]->append(t, v.roll);
            lo = std::min({lo, v.yaw - 5, v.pitch - 5, v.roll - 5});
            hi = std::max({hi, v.yaw + 5, v.pitch + 5, v.roll + 5});
        }
    }
    if (lo > hi)
        lo = 0, hi = 100;
    for (auto* line : lines) {
        chart_->addSeries(line);
        line->attachAxis(axis_x_);
        line->attachAxis(axis_y_);
    }
    playhead_line_ = new QLineSeries();
    playhead_line_->setName(tr("playhead"));
    QPen pen = playhead_line_->pen();
    pen.setWidth(2);
    pen.setStyle(Qt::DashLine);
    playhead_line_->setPen(pen);
    chart_->addSeries(playhead_line_);
    playhead_line_->attachAxis(axis_x_);
    playhead_line_->attachAxis(axis_y_);
    chart_->legend()->markers(playhead_line_).first()->setVisible(false);
    axis_x_->setRange(0, std::max(0.001, series_.duration_s));
    axis_y_->setRange(lo, hi);
    setPlayhead(playhead_s_);
}

void SeriesChart::setPlayhead(double seconds) {
    playhead_s_ = seconds;
    if (!playhead_line_)
        return;
    playhead_line_->replace(
        QList<QPointF>{QPointF(seconds, axis_y_->min()), QPointF(seconds, axis_y_->max())});
}

bool SeriesChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::MouseButtonPress && hasData()) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const QPointF value =
            chart_->mapToValue(chart_->mapFromScene(view_->mapToScene(mouse->pos())));
        if (value.x() >= 0 && value.x() <= series_.duration_s)
            emit seekRequested(value.x());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace facellava::ui
